import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { planEntitlements } from '@wk/domain';
import type { Context } from '../../core/context';
import { Money, money } from '../../core/scalars';
import { publishingLoaders, toPayload } from '../publishing';
import {
  PlanFeatureEntry,
  PricingPlanCreateInput,
  PricingPlanDeletePayload,
  PricingPlanIdInput,
  PricingPlanPayload,
  PricingPlanUpdateInput,
  VendorPricingPlan,
} from './pricing.types';
import * as pricing from './pricing.service';

@Resolver(() => VendorPricingPlan)
export class VendorPricingPlanResolver {
  @Authorized()
  @Mutation(() => PricingPlanPayload, { description: 'Add a pricing plan to a module.' })
  pricingPlanCreate(
    @Arg('input', () => PricingPlanCreateInput) input: PricingPlanCreateInput,
    @Ctx() ctx: Context,
  ): Promise<PricingPlanPayload> {
    return toPayload(async () => ({ plan: await pricing.createPlan(ctx, input) }), { plan: null });
  }

  @Authorized()
  @Mutation(() => PricingPlanPayload, { description: 'Edit a pricing plan (type, cycle and currency are fixed once it was bought).' })
  pricingPlanUpdate(
    @Arg('input', () => PricingPlanUpdateInput) input: PricingPlanUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<PricingPlanPayload> {
    return toPayload(async () => ({ plan: await pricing.updatePlan(ctx, input) }), { plan: null });
  }

  @Authorized()
  @Mutation(() => PricingPlanDeletePayload, { description: 'Delete a plan nobody bought; a plan with purchases is deactivated instead.' })
  pricingPlanDelete(
    @Arg('input', () => PricingPlanIdInput) input: PricingPlanIdInput,
    @Ctx() ctx: Context,
  ): Promise<PricingPlanDeletePayload> {
    return toPayload(() => pricing.deletePlan(ctx, input.planId), { deletedPlanId: null, deactivatedPlan: null });
  }

  @FieldResolver(() => [String], {
    description:
      'The entitlement codes the plan grants (validate and license files carry them): the vendor’s own, or derived from the features.',
  })
  entitlements(@Root() p: VendorPricingPlan): string[] {
    return planEntitlements(p);
  }

  @FieldResolver(() => Boolean, { description: 'The entitlement codes are derived from the features (the vendor set none of their own).' })
  entitlementsFromFeatures(@Root() p: VendorPricingPlan): boolean {
    return !Array.isArray(p.entitlementCodes);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Price per billing cycle (null for custom plans).' })
  price(@Root() p: VendorPricingPlan): Money | null {
    return p.priceAmount === null ? null : money(p.priceAmount, p.priceCurrency);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Custom plans: price per day of work.' })
  customRatePerDay(@Root() p: VendorPricingPlan): Money | null {
    return p.customRatePerDay === null ? null : money(p.customRatePerDay, p.priceCurrency);
  }

  @FieldResolver(() => String)
  currency(@Root() p: VendorPricingPlan): string {
    return p.priceCurrency;
  }

  @FieldResolver(() => [PlanFeatureEntry])
  features(@Root() p: VendorPricingPlan): PlanFeatureEntry[] {
    return pricing.featuresToList(p.features);
  }

  @FieldResolver(() => Int)
  async purchaseCount(@Root() p: VendorPricingPlan, @Ctx() ctx: Context) {
    return (await publishingLoaders(ctx).purchaseCountByPlan.load(p.id))?.count ?? 0;
  }
}
