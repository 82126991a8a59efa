import { Arg, Args, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { BillingDocument, BillingDocumentConnection, BillingHistoryArgs, BillingTotal } from './billing.types';
import * as billing from './billing.service';

@Resolver(() => BillingDocument)
export class BillingResolver {
  @Authorized()
  @Query(() => BillingDocumentConnection, {
    description:
      "The organization's invoices and credit notes, newest first, with running totals (needs manage_billing, purchase_modules or manage_licenses).",
  })
  orgBillingHistory(@Args(() => BillingHistoryArgs) args: BillingHistoryArgs, @Ctx() ctx: Context) {
    return billing.billingHistory(ctx, args);
  }

  @Authorized()
  @Query(() => [BillingTotal], { description: 'Charged, refunded and net per currency over the whole billing history.' })
  orgBillingTotals(@Arg('orgId', () => Int) orgId: number, @Ctx() ctx: Context) {
    return billing.billingTotals(ctx, orgId);
  }
}
