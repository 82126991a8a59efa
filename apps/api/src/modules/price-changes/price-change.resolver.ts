import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { compareAmounts, formatMoney, PRICE_PROTECTION_DAYS, toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { money } from '../../core/scalars';
import { License } from '../licenses';
import { VendorPricingPlan } from '../pricing';
import { NextRenewalPrice, PlanPriceChangeEntry, RenewalPriceReason } from './price-change.types';
import { day, nextRenewalPrice } from './price-change.service';
import { priceChangeLoaders } from './price-change.loaders';

const DAY_MS = 86_400_000;

@Resolver(() => License)
export class LicenseNextRenewalPriceResolver {
  @FieldResolver(() => NextRenewalPrice, {
    nullable: true,
    description:
      'The price the next renewal will charge (before tax) and why: protected for 90 days after a vendor’s raise, lowered at once by a drop. Null when the license will not renew.',
  })
  async nextRenewalPrice(@Root() l: License, @Ctx() ctx: Context): Promise<NextRenewalPrice | null> {
    // The license itself was access-checked (view_modules in its org, or platform admin).
    const next = await nextRenewalPrice(ctx.prisma, l, ctx.clock.now());
    if (!next) return null;
    const e = next.explanation;
    const cur = e.currency;
    const fmt = (amount: string) => formatMoney({ amount, currency: cur });
    let reason = RenewalPriceReason.PLAN_PRICE;
    let changedAt: Date | null = null;
    let explanation = `${fmt(e.amount)} — the plan's price.`;
    if (e.protectedUntil && e.thenAmount && e.protectingChange) {
      const at = e.protectingChange.changedAt;
      changedAt = at;
      reason = compareAmounts(e.amount, e.planAmount) < 0 ? RenewalPriceReason.PROTECTED : RenewalPriceReason.PLAN_PRICE;
      explanation = `${fmt(e.amount)} until ${day(e.protectedUntil)} — price protected after the vendor's change on ${day(at)}; then ${fmt(e.thenAmount)}.`;
    } else if (e.loweredBy) {
      const at = e.loweredBy.changedAt;
      reason = RenewalPriceReason.LOWERED;
      changedAt = at;
      explanation = `${fmt(e.amount)} — the vendor lowered the price on ${day(at)}; a lower price applies at once.`;
    } else if (e.raisedBy) {
      const at = e.raisedBy.changedAt;
      reason = RenewalPriceReason.NEW_PRICE;
      changedAt = at;
      const end = new Date(at.getTime() + PRICE_PROTECTION_DAYS * DAY_MS);
      explanation = `${fmt(e.amount)} — the vendor's new price since their change on ${day(at)} (the old price was kept until ${day(end)}).`;
    }
    return {
      renewsAt: next.renewsAt,
      price: money(e.amount, cur),
      planPrice: money(e.planAmount, cur),
      planName: next.plan.name,
      reason,
      protectedUntil: e.protectedUntil,
      thenPrice: e.thenAmount === null ? null : money(e.thenAmount, cur),
      priceChangedAt: changedAt,
      explanation,
    };
  }
}

@Resolver(() => VendorPricingPlan)
export class VendorPlanPriceChangesResolver {
  @FieldResolver(() => [PlanPriceChangeEntry], { description: "The plan's price changes, newest first." })
  async priceChanges(@Root() p: VendorPricingPlan, @Ctx() ctx: Context): Promise<PlanPriceChangeEntry[]> {
    // The plan was reached through the vendor's own module (publishing checks the vendor membership).
    const rows = await priceChangeLoaders(ctx).byPlan.load(p.id);
    const users = await Promise.all(rows.map((r) => (r.changedById ? ctx.loaders.user.load(r.changedById) : null)));
    return rows
      .map((r, i) => {
        const raise = r.currency === r.oldCurrency && compareAmounts(toAmount(r.newAmount), toAmount(r.oldAmount)) > 0;
        return {
          id: r.id,
          oldPrice: money(toAmount(r.oldAmount), r.oldCurrency),
          newPrice: money(toAmount(r.newAmount), r.currency),
          changedAt: r.changedAt,
          changedByName: users[i]?.name ?? null,
          protectedUntil: raise ? new Date(r.changedAt.getTime() + PRICE_PROTECTION_DAYS * DAY_MS) : null,
        };
      })
      .reverse();
  }
}
