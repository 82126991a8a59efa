import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { formatRate } from '@wk/domain';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { toPayload } from '../publishing';
import {
  AdminTaxRule,
  AdminTaxRuleConnection,
  AdminTaxRulePayload,
  AdminTaxRulesArgs,
  TaxRuleCreateInput,
  TaxRuleDeletePayload,
  TaxRuleIdInput,
  TaxRuleUpdateInput,
} from './tax.types';
import * as taxRules from './tax-rule.service';

@Resolver(() => AdminTaxRule)
export class AdminTaxRuleResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AdminTaxRuleConnection, { description: 'Tax rules (platform admins).' })
  adminTaxRules(@Args(() => AdminTaxRulesArgs) args: AdminTaxRulesArgs, @Ctx() ctx: Context) {
    return taxRules.listTaxRules(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminTaxRulePayload)
  taxRuleCreate(@Arg('input', () => TaxRuleCreateInput) input: TaxRuleCreateInput, @Ctx() ctx: Context): Promise<AdminTaxRulePayload> {
    return toPayload(async () => ({ taxRule: await taxRules.createTaxRule(ctx, input) }), { taxRule: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminTaxRulePayload)
  taxRuleUpdate(@Arg('input', () => TaxRuleUpdateInput) input: TaxRuleUpdateInput, @Ctx() ctx: Context): Promise<AdminTaxRulePayload> {
    return toPayload(async () => ({ taxRule: await taxRules.updateTaxRule(ctx, input) }), { taxRule: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => TaxRuleDeletePayload)
  taxRuleDelete(@Arg('input', () => TaxRuleIdInput) input: TaxRuleIdInput, @Ctx() ctx: Context): Promise<TaxRuleDeletePayload> {
    return toPayload(async () => ({ deletedTaxRuleId: await taxRules.deleteTaxRule(ctx, input.taxRuleId) }), { deletedTaxRuleId: null });
  }

  @FieldResolver(() => String, { description: 'Fraction, e.g. "0.20".' })
  taxRate(@Root() r: AdminTaxRule): string {
    return formatRate(r.taxRate.toString());
  }
}
