import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Min } from 'class-validator';
import { UserError } from '../../core/errors';
import { PlanChangeError } from './plan-change.errors';
import { Money } from '../../core/scalars';
import { License, PlanRef } from '../licenses';
import { Receipt, ReceiptLine } from '../receipts';

@ObjectType({ description: 'What changing a license to another plan would do, before confirming.' })
export class PlanChangePreview {
  @Field(() => String, { description: 'upgrade (a dearer plan: applies now) | downgrade (applies at the period end)' }) kind!: string;
  @Field(() => Boolean, { description: 'Applies now (upgrades, and any change during a free trial).' }) appliesNow!: boolean;
  @Field(() => Date) effectiveAt!: Date;
  @Field(() => PlanRef) fromPlan!: PlanRef;
  @Field(() => PlanRef) toPlan!: PlanRef;
  @Field(() => Money, { description: "The new plan's price for one period (before tax)." }) newPrice!: Money;
  @Field(() => Money, { description: 'Prorated credit for the unused part of the current period (upgrades).' }) credit!: Money;
  @Field(() => Money, { description: 'Tax on what is charged now.' }) tax!: Money;
  @Field(() => Money, { description: 'Charged now (0 for downgrades and during a trial).' }) total!: Money;
  @Field(() => Date, { nullable: true, description: 'When the license period ends after the change.' }) periodEnd!: Date | null;
  @Field(() => Boolean) inTrial!: boolean;
  @Field(() => [ReceiptLine], { description: 'The receipt lines an upgrade will carry.' }) lines!: ReceiptLine[];
}

@ObjectType()
export class LicensePlanChangePreviewPayload {
  @Field(() => PlanChangePreview, { nullable: true }) preview!: PlanChangePreview | null;
  @Field(() => [PlanChangeError]) errors!: UserError[];
}

@ObjectType({ description: 'A plan change of a license (history, or a downgrade waiting for the period end).' })
export class LicensePlanChange {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'upgrade | downgrade' }) kind!: string;
  @Field(() => String, { description: 'scheduled | applied | cancelled' }) status!: string;
  @Field(() => String) fromPlanName!: string;
  @Field(() => String) toPlanName!: string;
  @Field(() => Date) effectiveAt!: Date;
  @Field(() => Money) credit!: Money;
  @Field(() => Money) charged!: Money;
  @Field(() => Date) requestedAt!: Date;
}

@InputType()
export class LicenseChangePlanInput {
  @Field(() => Int) @Min(1) licenseId!: number;
  @Field(() => Int, { description: "Another subscription plan of the license's module." }) @Min(1) planId!: number;
}

@ObjectType()
export class LicenseChangePlanPayload {
  @Field(() => License, { nullable: true }) license!: License | null;
  @Field(() => LicensePlanChange, { nullable: true }) planChange!: LicensePlanChange | null;
  @Field(() => Receipt, { nullable: true, description: 'The receipt of an upgrade charge.' }) receipt!: Receipt | null;
  @Field(() => [PlanChangeError]) errors!: UserError[];
}
