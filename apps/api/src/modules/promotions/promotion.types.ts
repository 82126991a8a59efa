import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { DiscountType, VendorPromotionKind } from '@wk/db';
import { UserError } from '../../core/errors';
import { Money } from '../../core/scalars';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { registerEnumOnce } from '../../core/register-enum';
import { PromotionError } from './promotion.errors';

registerEnumOnce(DiscountType, { name: 'DiscountType' });
registerEnumOnce(VendorPromotionKind, {
  name: 'VendorPromotionKind',
  description: 'coupon: a code the vendor hands out; referral: the code of a referral link (/modules/<slug>?ref=CODE).',
});

@ObjectType({ description: 'Referred or discounted sales of a promotion in one currency (completed and refunded purchases).' })
export class PromotionSalesTotal {
  @Field(() => String) currency!: string;
  @Field(() => Int) salesCount!: number;
  @Field(() => Money, { description: 'Subtotals before the discount.' }) subtotal!: Money;
  @Field(() => Money, { description: 'Discounts given (vendor-funded).' }) discount!: Money;
  @Field(() => Money, { description: "The vendor's amount after commission." }) net!: Money;
}

@ObjectType({
  description:
    "A vendor-funded promotion on the vendor's own modules: a coupon or a referral link's code. Commission is computed on the discounted subtotal.",
})
export class VendorPromotion {
  @Field(() => Int) id!: number;
  @Field(() => Int) vendorId!: number;
  @Field(() => VendorPromotionKind) kind!: VendorPromotionKind;
  @Field(() => String, { description: 'Upper-case; matched case-insensitively at checkout.' }) code!: string;
  @Field(() => String, { description: 'Label the vendor gives it (may be empty).' }) name!: string;
  @Field(() => DiscountType) discountType!: DiscountType;
  discountValue!: { toFixed(n: number): string };
  appliesToModuleId!: number | null;
  @Field(() => Int, { nullable: true }) maxUses!: number | null;
  @Field(() => Int) timesUsed!: number;
  @Field(() => Date, { nullable: true }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true }) validUntil!: Date | null;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
}

export const VendorPromotionConnection = ConnectionType(VendorPromotion, 'VendorPromotion');

@ArgsType()
export class VendorPromotionsArgs extends PageArgs {
  @Field(() => Int) vendorId!: number;
  @Field(() => VendorPromotionKind, { nullable: true }) kind?: VendorPromotionKind | null;
}

@InputType()
export class VendorPromotionCreateInput {
  @Field(() => Int) vendorId!: number;
  @Field(() => VendorPromotionKind) kind!: VendorPromotionKind;
  @Field(() => String, { description: '3–32 letters, digits, - or _; stored upper-case.' }) @MaxLength(40) code!: string;
  @Field(() => String, { nullable: true }) @MaxLength(200) name?: string | null;
  @Field(() => DiscountType) discountType!: DiscountType;
  @Field(() => String, { description: 'Percent (0–100) or a fixed amount in the plan currency, e.g. "15" or "20.00".' })
  @MaxLength(20)
  discountValue!: string;
  @Field(() => Int, { nullable: true, description: "One of the vendor's modules; empty: all of them." }) moduleId?: number | null;
  @Field(() => Int, { nullable: true }) maxUses?: number | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
}

@InputType({ description: 'Fields left out stay as they are; clear* flags empty an optional field.' })
export class VendorPromotionUpdateInput {
  @Field(() => Int) promotionId!: number;
  @Field(() => String, { nullable: true, description: 'Only while the promotion was never used.' }) @MaxLength(40) code?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(200) name?: string | null;
  @Field(() => DiscountType, { nullable: true }) discountType?: DiscountType | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) discountValue?: string | null;
  @Field(() => Int, { nullable: true, description: '0 makes it apply to every module of the vendor.' }) moduleId?: number | null;
  @Field(() => Int, { nullable: true, description: '0 removes the limit.' }) maxUses?: number | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
  @Field(() => Boolean, { nullable: true }) clearValidFrom?: boolean | null;
  @Field(() => Boolean, { nullable: true }) clearValidUntil?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'false deactivates it (checkout refuses it); true reactivates it.' })
  isActive?: boolean | null;
}

@ObjectType()
export class VendorPromotionPayload {
  @Field(() => VendorPromotion, { nullable: true }) promotion!: VendorPromotion | null;
  @Field(() => [PromotionError]) errors!: UserError[];
}

@ObjectType({ description: 'What a referral link gives: public, so the module page can show it to a buyer who arrived by it.' })
export class ReferralOffer {
  @Field(() => String) code!: string;
  @Field(() => Int) vendorId!: number;
  @Field(() => String) vendorName!: string;
  @Field(() => DiscountType) discountType!: DiscountType;
  @Field(() => String) discountValue!: string;
  @Field(() => Int, { nullable: true, description: 'The module it is limited to, if any.' }) moduleId!: number | null;
}
