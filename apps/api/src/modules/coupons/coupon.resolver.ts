import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { toPayload } from '../publishing';
import { LinkedModule } from '../publishing';
import { publishingLoaders } from '../publishing';
import {
  AdminCoupon,
  AdminCouponConnection,
  AdminCouponPayload,
  AdminCouponPlan,
  AdminCouponsArgs,
  CouponCreateInput,
  CouponDeletePayload,
  CouponIdInput,
  CouponUpdateInput,
} from './coupon.types';
import * as coupons from './coupon.service';

@Resolver(() => AdminCoupon)
export class AdminCouponResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AdminCouponConnection, { description: 'Coupons (platform admins).' })
  adminCoupons(@Args(() => AdminCouponsArgs) args: AdminCouponsArgs, @Ctx() ctx: Context) {
    return coupons.listCoupons(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminCouponPayload)
  couponCreate(@Arg('input', () => CouponCreateInput) input: CouponCreateInput, @Ctx() ctx: Context): Promise<AdminCouponPayload> {
    return toPayload(async () => ({ coupon: await coupons.createCoupon(ctx, input) }), { coupon: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminCouponPayload)
  couponUpdate(@Arg('input', () => CouponUpdateInput) input: CouponUpdateInput, @Ctx() ctx: Context): Promise<AdminCouponPayload> {
    return toPayload(async () => ({ coupon: await coupons.updateCoupon(ctx, input) }), { coupon: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => CouponDeletePayload, { description: 'Delete an unused coupon; a used one is deactivated instead.' })
  couponDelete(@Arg('input', () => CouponIdInput) input: CouponIdInput, @Ctx() ctx: Context): Promise<CouponDeletePayload> {
    return toPayload(() => coupons.deleteCoupon(ctx, input.couponId), { deletedCouponId: null, deactivatedCoupon: null });
  }

  @FieldResolver(() => String, { description: 'Percent for percentage coupons, amount for fixed ones ("20.00", "100.00").' })
  discountValue(@Root() c: AdminCoupon): string {
    return c.discountValue.toFixed(2);
  }

  @FieldResolver(() => String, { nullable: true })
  minPurchaseAmount(@Root() c: AdminCoupon): string | null {
    return c.minPurchaseAmount ? c.minPurchaseAmount.toFixed(2) : null;
  }

  @FieldResolver(() => LinkedModule, { nullable: true })
  async appliesToModule(@Root() c: AdminCoupon, @Ctx() ctx: Context) {
    const m = c.appliesToModuleId ? await publishingLoaders(ctx).module.load(c.appliesToModuleId) : null;
    return m ? { id: m.id, slug: m.slug, name: m.name } : null;
  }

  @FieldResolver(() => AdminCouponPlan, { nullable: true })
  async appliesToPlan(@Root() c: AdminCoupon, @Ctx() ctx: Context) {
    return c.appliesToPlanId ? coupons.couponPlan(ctx, c.appliesToPlanId) : null;
  }
}
