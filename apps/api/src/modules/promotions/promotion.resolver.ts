import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Public } from '../../core/auth-checker';
import { toAmount } from '@wk/domain';
import type { VendorPromotion as DbPromotion } from '@wk/db';
import type { Context } from '../../core/context';
import { money } from '../../core/scalars';
import { LinkedModule } from '../publishing';
import { publishingLoaders } from '../publishing';
import { toPayload } from '../publishing';
import {
  PromotionSalesTotal,
  ReferralOffer,
  VendorPromotion,
  VendorPromotionConnection,
  VendorPromotionCreateInput,
  VendorPromotionPayload,
  VendorPromotionUpdateInput,
  VendorPromotionsArgs,
} from './promotion.types';
import * as promotions from './promotion.service';
import { promotionLoaders } from './promotion.loaders';

@Resolver(() => VendorPromotion)
export class VendorPromotionResolver {
  @Authorized()
  @Query(() => VendorPromotionConnection, { description: "A vendor's coupons and referral codes, newest first (vendor members)." })
  vendorPromotions(@Args(() => VendorPromotionsArgs) args: VendorPromotionsArgs, @Ctx() ctx: Context) {
    return promotions.listPromotions(ctx, args);
  }

  @Public()
  @Query(() => ReferralOffer, {
    nullable: true,
    description: 'The discount a referral code gives, while it can be used (null otherwise), for buyers arriving by a referral link.',
  })
  referralOffer(@Arg('code', () => String) code: string, @Ctx() ctx: Context) {
    return promotions.referralOffer(ctx, code.slice(0, 40));
  }

  @Authorized()
  @Mutation(() => VendorPromotionPayload, { description: "Create a vendor-funded coupon or referral code on the vendor's own modules." })
  vendorPromotionCreate(
    @Arg('input', () => VendorPromotionCreateInput) input: VendorPromotionCreateInput,
    @Ctx() ctx: Context,
  ): Promise<VendorPromotionPayload> {
    return toPayload(async () => ({ promotion: await promotions.createPromotion(ctx, input) }), { promotion: null });
  }

  @Authorized()
  @Mutation(() => VendorPromotionPayload, { description: 'Edit, deactivate (isActive: false) or reactivate a promotion of your vendor.' })
  vendorPromotionUpdate(
    @Arg('input', () => VendorPromotionUpdateInput) input: VendorPromotionUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<VendorPromotionPayload> {
    return toPayload(async () => ({ promotion: await promotions.updatePromotion(ctx, input) }), { promotion: null });
  }

  @FieldResolver(() => String, { description: 'Percent for percentage promotions, amount for fixed ones ("15.00", "20.00").' })
  discountValue(@Root() p: DbPromotion): string {
    return p.discountValue.toFixed(2);
  }

  @FieldResolver(() => LinkedModule, { nullable: true, description: 'The one module it applies to; null: every module of the vendor.' })
  async appliesToModule(@Root() p: DbPromotion, @Ctx() ctx: Context) {
    const m = p.appliesToModuleId ? await publishingLoaders(ctx).module.load(p.appliesToModuleId) : null;
    return m ? { id: m.id, slug: m.slug, name: m.name } : null;
  }

  @FieldResolver(() => String, { description: 'active, inactive, scheduled, expired or exhausted (now).' })
  state(@Root() p: DbPromotion, @Ctx() ctx: Context): string {
    return promotions.promotionState(p, ctx.clock.now());
  }

  @FieldResolver(() => [PromotionSalesTotal], {
    description: 'Sales made with this code (referred sales for a referral code), per currency.',
  })
  async sales(@Root() p: DbPromotion, @Ctx() ctx: Context): Promise<PromotionSalesTotal[]> {
    const rows = await promotionLoaders(ctx).salesByPromotion.load(p.id);
    return rows.map((r) => ({
      currency: r.currency,
      salesCount: r.sales,
      subtotal: money(toAmount(r.subtotal), r.currency),
      discount: money(toAmount(r.discount), r.currency),
      net: money(toAmount(r.net), r.currency),
    }));
  }
}
