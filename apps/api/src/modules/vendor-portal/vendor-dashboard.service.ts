import { monthlyRecurringRevenue, toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { requireVendorMember } from '../vendors';
import { vendorRevenue } from '../payouts';

export interface DashboardRevenue {
  currency: string;
  grossThisMonth: string;
  grossLastMonth: string;
  netThisMonth: string;
  netLastMonth: string;
  salesThisMonth: number;
  salesLastMonth: number;
  mrr: string;
}

export interface DashboardFigures {
  vendorId: number;
  month: string;
  previousMonth: string;
  revenue: DashboardRevenue[];
  activeLicenses: number;
  activeSubscriptions: number;
  installs: number;
  openReviews: number;
  reviewCount: number;
}

/**
 * The vendor's home figures. Revenue comes from the same sales as the Sales page (purchases and
 * charged renewals, per month, UTC); MRR from the plan price of active auto-renewing monthly and
 * yearly subscriptions (what the next renewals will charge), normalised per month in @wk/domain.
 */
export async function vendorDashboard(ctx: Context, vendorId: number): Promise<DashboardFigures> {
  await requireVendorMember(ctx, vendorId);
  const now = ctx.clock.now();
  const months = await vendorRevenue(ctx, vendorId, 2);
  const [previousMonth, month] = [...new Set(months.map((m) => m.month))] as [string, string];

  const subscriptions = await ctx.prisma.$queryRaw<{ currency: string; cycle: string; price: string }[]>`
    SELECT pp.price_currency AS currency, pp.billing_cycle::text AS cycle, pp.price_amount::text AS price
    FROM module_licenses l
    JOIN modules m ON m.id = l.module_id
    JOIN module_pricing_plans pp ON pp.id = l.pricing_plan_id
    WHERE m.vendor_id = ${vendorId} AND l.status = 'active' AND l.auto_renew AND l.cancelled_at IS NULL
      AND (l.expires_at IS NULL OR l.expires_at > ${now})
      AND pp.plan_type = 'subscription' AND pp.billing_cycle IN ('monthly', 'yearly') AND pp.price_amount IS NOT NULL`;
  const [counts] = await ctx.prisma.$queryRaw<{ active_licenses: number; installs: number; open_reviews: number; reviews: number }[]>`
    SELECT
      (SELECT COUNT(*) FROM module_licenses l JOIN modules m ON m.id = l.module_id
        WHERE m.vendor_id = ${vendorId} AND l.status = 'active' AND (l.expires_at IS NULL OR l.expires_at > ${now}))::int AS active_licenses,
      (SELECT COUNT(*) FROM instance_modules im JOIN modules m ON m.id = im.module_id
        WHERE m.vendor_id = ${vendorId} AND im.is_active)::int AS installs,
      (SELECT COUNT(*) FROM module_reviews r JOIN modules m ON m.id = r.module_id
        WHERE m.vendor_id = ${vendorId} AND r.vendor_reply IS NULL)::int AS open_reviews,
      (SELECT COUNT(*) FROM module_reviews r JOIN modules m ON m.id = r.module_id WHERE m.vendor_id = ${vendorId})::int AS reviews`;

  const currencies = [...new Set([...months.map((m) => m.currency), ...subscriptions.map((s) => s.currency)])].sort();
  const revenue = currencies.map((currency) => {
    const cur = months.find((m) => m.month === month && m.currency === currency);
    const prev = months.find((m) => m.month === previousMonth && m.currency === currency);
    return {
      currency,
      grossThisMonth: toAmount(cur?.gross ?? '0'),
      grossLastMonth: toAmount(prev?.gross ?? '0'),
      netThisMonth: toAmount(cur?.net ?? '0'),
      netLastMonth: toAmount(prev?.net ?? '0'),
      salesThisMonth: cur?.salesCount ?? 0,
      salesLastMonth: prev?.salesCount ?? 0,
      mrr: monthlyRecurringRevenue(subscriptions.filter((s) => s.currency === currency).map((s) => ({ amount: s.price, cycle: s.cycle }))),
    };
  });
  return {
    vendorId,
    month,
    previousMonth,
    revenue,
    activeLicenses: counts!.active_licenses,
    activeSubscriptions: subscriptions.length,
    installs: counts!.installs,
    openReviews: counts!.open_reviews,
    reviewCount: counts!.reviews,
  };
}
