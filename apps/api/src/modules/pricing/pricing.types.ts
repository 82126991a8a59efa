import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, MaxLength } from 'class-validator';
import { BillingCycle, PlanType, SeatPolicy } from '@wk/db';
import { UserError } from '../../core/errors';
import { PublishingError } from '../publishing';
import { JSONScalar } from '../../core/scalars';

@ObjectType()
export class PlanFeatureEntry {
  @Field(() => String) key!: string;
  @Field(() => JSONScalar, { description: 'A string, number or boolean.' }) value!: unknown;
}

@ObjectType({ description: 'A pricing plan as its vendor sees it (inactive ones included).' })
export class VendorPricingPlan {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => PlanType) planType!: PlanType;
  @Field(() => String) name!: string;
  priceAmount!: { toFixed(n: number): string } | null;
  priceCurrency!: string;
  customRatePerDay!: { toFixed(n: number): string } | null;
  @Field(() => BillingCycle) billingCycle!: BillingCycle;
  @Field(() => Boolean) isActive!: boolean;
  features!: unknown;
  @Field(() => Int, { nullable: true }) maxUsers!: number | null;
  @Field(() => Int, { nullable: true }) maxInstances!: number | null;
  @Field(() => Int) trialDays!: number;
  @Field(() => SeatPolicy, { description: 'node_locked (held until deactivation) or floating (freed after missed heartbeats).' })
  seatPolicy!: SeatPolicy;
  @Field(() => Int, { nullable: true, description: 'Floating plans: minutes without a heartbeat before a seat is freed.' })
  heartbeatWindowMinutes!: number | null;
  entitlementCodes!: unknown;
  @Field(() => Int, { nullable: true, description: 'Days a signed offline license file stays valid; null: the platform default.' })
  licenseFileTtlDays!: number | null;
  @Field(() => Int) sortOrder!: number;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class PlanFeatureInput {
  @Field(() => String) @MaxLength(60) key!: string;
  @Field(() => JSONScalar, { description: 'A string, number or boolean.' }) value!: unknown;
}

@InputType()
export class PricingPlanCreateInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => PlanType) planType!: PlanType;
  @Field(() => String) @MaxLength(80) name!: string;
  @Field(() => String, { nullable: true, description: 'Decimal string, e.g. "49.00" (free/freemium: 0 or empty; custom: empty).' })
  @MaxLength(20)
  price?: string | null;
  @Field(() => String, { nullable: true, defaultValue: 'USD' }) @MaxLength(10) currency?: string | null;
  @Field(() => BillingCycle) billingCycle!: BillingCycle;
  @Field(() => String, { nullable: true, description: 'Custom plans: the price per day of work.' }) @MaxLength(20) customRatePerDay?:
    string | null;
  @Field(() => [PlanFeatureInput], { defaultValue: [] }) features!: PlanFeatureInput[];
  @Field(() => Int, { nullable: true }) maxUsers?: number | null;
  @Field(() => Int, { nullable: true }) maxInstances?: number | null;
  @Field(() => Int, { nullable: true }) trialDays?: number | null;
  @Field(() => SeatPolicy, { nullable: true, defaultValue: 'node_locked' }) seatPolicy?: SeatPolicy | null;
  @Field(() => Int, { nullable: true, description: 'Required for floating plans: 1 to 10080 minutes.' }) heartbeatWindowMinutes?:
    number | null;
  @Field(() => [String], { nullable: true, description: 'The plan’s entitlement codes; omitted: derived from the features.' })
  @ArrayMaxSize(100)
  @MaxLength(80, { each: true })
  entitlements?: string[] | null;
  @Field(() => Int, { nullable: true, description: 'Days (1–365) a signed license file stays valid; omitted: the platform default.' })
  licenseFileTtlDays?: number | null;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType()
export class PricingPlanUpdateInput {
  @Field(() => Int) planId!: number;
  @Field(() => PlanType, { nullable: true }) planType?: PlanType | null;
  @Field(() => String, { nullable: true }) @MaxLength(80) name?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) price?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(10) currency?: string | null;
  @Field(() => BillingCycle, { nullable: true }) billingCycle?: BillingCycle | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) customRatePerDay?: string | null;
  @Field(() => [PlanFeatureInput], { nullable: true }) features?: PlanFeatureInput[] | null;
  @Field(() => Int, { nullable: true, description: 'Send 0 to remove the limit.' }) maxUsers?: number | null;
  @Field(() => Int, { nullable: true, description: 'Send 0 to remove the limit.' }) maxInstances?: number | null;
  @Field(() => Int, { nullable: true }) trialDays?: number | null;
  @Field(() => SeatPolicy, { nullable: true }) seatPolicy?: SeatPolicy | null;
  @Field(() => Int, { nullable: true, description: 'Floating plans: 1 to 10080 minutes.' }) heartbeatWindowMinutes?: number | null;
  @Field(() => [String], { nullable: true, description: 'Sets the plan’s own entitlement codes.' })
  @ArrayMaxSize(100)
  @MaxLength(80, { each: true })
  entitlements?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: go back to entitlement codes derived from the features.' })
  entitlementsFromFeatures?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Days (1–365) a signed license file stays valid; 0: the platform default.' })
  licenseFileTtlDays?: number | null;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType()
export class PricingPlanIdInput {
  @Field(() => Int) planId!: number;
}

@ObjectType()
export class PricingPlanPayload {
  @Field(() => VendorPricingPlan, { nullable: true }) plan!: VendorPricingPlan | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class PricingPlanDeletePayload {
  @Field(() => Int, { nullable: true, description: 'Set when the plan was deleted.' }) deletedPlanId!: number | null;
  @Field(() => VendorPricingPlan, { nullable: true, description: 'Set when the plan had purchases and was deactivated instead.' })
  deactivatedPlan!: VendorPricingPlan | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}
