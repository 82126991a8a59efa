import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { DiscountType } from '@wk/db';
import { UserError } from '../../core/errors';
import { AdminError } from '../admin';
import { ConnectionType, PageArgs } from '../../core/pagination';

registerEnumType(DiscountType, { name: 'DiscountType' });

// ───────────────────────────────────────────── coupons

@ObjectType()
export class AdminCouponPlan {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
}

@ObjectType({ description: 'A discount coupon (platform-funded), as platform admins manage it.' })
export class AdminCoupon {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'Upper-case; matched case-insensitively at checkout.' }) code!: string;
  @Field(() => DiscountType) discountType!: DiscountType;
  discountValue!: { toFixed(n: number): string };
  appliesToModuleId!: number | null;
  appliesToPlanId!: number | null;
  minPurchaseAmount!: { toFixed(n: number): string } | null;
  @Field(() => Int, { nullable: true }) maxUses!: number | null;
  @Field(() => Int) timesUsed!: number;
  @Field(() => Date, { nullable: true }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true }) validUntil!: Date | null;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class AdminCouponsFilter {
  @Field(() => String, { nullable: true }) @MaxLength(40) search?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@ArgsType()
export class AdminCouponsArgs extends PageArgs {
  @Field(() => AdminCouponsFilter, { nullable: true }) filter?: AdminCouponsFilter | null;
}

@InputType()
export class CouponCreateInput {
  @Field(() => String) @MaxLength(40) code!: string;
  @Field(() => DiscountType) discountType!: DiscountType;
  @Field(() => String, { description: 'Percent (0–100) or a fixed amount, e.g. "20" or "100.00".' }) @MaxLength(20) discountValue!: string;
  @Field(() => Int, { nullable: true }) appliesToModuleId?: number | null;
  @Field(() => Int, { nullable: true }) appliesToPlanId?: number | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) minPurchaseAmount?: string | null;
  @Field(() => Int, { nullable: true }) maxUses?: number | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
  @Field(() => Boolean, { defaultValue: true }) isActive!: boolean;
}

@InputType({ description: 'Fields left out stay as they are; send clear* flags to empty an optional field.' })
export class CouponUpdateInput {
  @Field(() => Int) couponId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(40) code?: string | null;
  @Field(() => DiscountType, { nullable: true }) discountType?: DiscountType | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) discountValue?: string | null;
  @Field(() => Int, { nullable: true, description: '0 clears the module scope.' }) appliesToModuleId?: number | null;
  @Field(() => Int, { nullable: true, description: '0 clears the plan scope.' }) appliesToPlanId?: number | null;
  @Field(() => String, { nullable: true, description: 'Empty string clears the minimum.' }) @MaxLength(20) minPurchaseAmount?:
    string | null;
  @Field(() => Int, { nullable: true, description: '0 removes the limit.' }) maxUses?: number | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
  @Field(() => Boolean, { nullable: true }) clearValidFrom?: boolean | null;
  @Field(() => Boolean, { nullable: true }) clearValidUntil?: boolean | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType()
export class CouponIdInput {
  @Field(() => Int) couponId!: number;
}

@ObjectType()
export class AdminCouponPayload {
  @Field(() => AdminCoupon, { nullable: true }) coupon!: AdminCoupon | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

@ObjectType()
export class CouponDeletePayload {
  @Field(() => Int, { nullable: true, description: 'Set when the coupon was deleted.' }) deletedCouponId!: number | null;
  @Field(() => AdminCoupon, { nullable: true, description: 'Set when the coupon was used and was deactivated instead.' })
  deactivatedCoupon!: AdminCoupon | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

export const AdminCouponConnection = ConnectionType(AdminCoupon, 'AdminCoupon');
