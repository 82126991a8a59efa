import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../core/scalars';

export enum RenewalPriceReason {
  /** The plan's price: no vendor change touches this renewal. */
  PLAN_PRICE = 'PLAN_PRICE',
  /** Lower than the plan's price: the old price is kept for 90 days after the vendor's raise. */
  PROTECTED = 'PROTECTED',
  /** A raise whose 90 days of protection are over. */
  NEW_PRICE = 'NEW_PRICE',
  /** The vendor lowered the price: a drop applies at once. */
  LOWERED = 'LOWERED',
}
registerEnumType(RenewalPriceReason, { name: 'RenewalPriceReason', description: 'Why the next renewal is charged its price.' });

@ObjectType({ description: 'The price the next renewal of a license will charge (before tax), and why (README "Price changes").' })
export class NextRenewalPrice {
  @Field(() => Date, { description: 'When the next renewal is charged.' }) renewsAt!: Date;
  @Field(() => Money, { description: 'Charged at that renewal, before tax.' }) price!: Money;
  @Field(() => Money, { description: "The plan's price for a new purchase." }) planPrice!: Money;
  @Field(() => String, { description: 'The plan the renewal is on (a downgrade scheduled for the period end counts).' }) planName!: string;
  @Field(() => RenewalPriceReason) reason!: RenewalPriceReason;
  @Field(() => Date, { nullable: true, description: 'Renewals from this date are charged `thenPrice`.' }) protectedUntil!: Date | null;
  @Field(() => Money, { nullable: true }) thenPrice!: Money | null;
  @Field(() => Date, { nullable: true, description: "The vendor's price change the reason is about." }) priceChangedAt!: Date | null;
  @Field(() => String, { description: 'One sentence for the license page.' }) explanation!: string;
}

@ObjectType({ description: "A change of a plan's price (history; the vendor's own plans)." })
export class PlanPriceChangeEntry {
  @Field(() => Int) id!: number;
  @Field(() => Money) oldPrice!: Money;
  @Field(() => Money) newPrice!: Money;
  @Field(() => Date) changedAt!: Date;
  @Field(() => String, { nullable: true }) changedByName!: string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'A raise: existing subscriptions keep the old price until this date. Null for a drop (applies at once).',
  })
  protectedUntil!: Date | null;
}
