import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { PaymentMethodOption } from '../checkout/checkout.types';
import { listPaymentMethods } from './payment.service';

@Resolver()
export class PaymentResolver {
  @Authorized()
  @Query(() => [PaymentMethodOption], {
    description:
      "Payment methods an org can pay with: its stored methods, then the sandbox's test cards when the sandbox is the configured payment provider (purchase_modules, manage_billing or manage_licenses).",
  })
  async orgPaymentMethods(@Arg('orgId', () => Int) orgId: number, @Ctx() ctx: Context): Promise<PaymentMethodOption[]> {
    const methods = await listPaymentMethods(ctx, orgId);
    return methods.map((m) => ({
      id: m.id,
      label: m.label,
      brand: m.brand,
      last4: m.last4,
      kind: m.kind,
      description: m.description ?? null,
    }));
  }
}
