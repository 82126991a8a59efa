import { monthPeriod, sumAmounts, toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { requireVendorMember } from '../vendors';
import { salesSql } from './sales.sql';

export interface AnalyticsRevenueMonth {
  month: string;
  currency: string;
  /** First purchases and upgrades (gross). */
  newRevenue: string;
  renewal: string;
  /** Credit notes (negative). */
  refund: string;
  /** new + renewal + refund: the revenue chart's gross for the month. */
  total: string;
}

export interface AnalyticsMrrMonth {
  month: string;
  currency: string;
  /** Monthly recurring revenue at the month's end (now for the current month). */
  mrr: string;
  subscriptions: number;
}

export interface AnalyticsChurnMonth {
  month: string;
  /** Subscriptions cancelled in the month. */
  cancellations: number;
}

export interface AnalyticsTrialPlan {
  planId: number;
  planName: string;
  moduleName: string;
  started: number;
  /** Trials whose first charge succeeded (the trial ended into a paid subscription). */
  converted: number;
}

export interface VendorAnalytics {
  months: string[];
  revenue: AnalyticsRevenueMonth[];
  mrr: AnalyticsMrrMonth[];
  churn: AnalyticsChurnMonth[];
  trials: AnalyticsTrialPlan[];
}

/**
 * A vendor's analytics for the last `months` UTC months (the current one included), computed in
 * SQL with exact numerics, per currency:
 * - revenue by month split into new (purchases, upgrades), renewal and refund, from the same sales
 *   as Sales, Payouts and the CSV export (salesSql), so their totals agree by construction;
 * - MRR at each month's end (now for the current month): the plan price of each monthly or yearly
 *   subscription with a paid period running then and not cancelled by then (the dashboard's MRR
 *   applied at that instant); a yearly price counts as price ÷ 12 rounded half-up to the cent;
 * - churn: subscriptions cancelled in the month;
 * - trials started in the window, per plan, and how many of them converted (a charged first renewal).
 */
export async function vendorAnalytics(ctx: Context, vendorId: number, months: number): Promise<VendorAnalytics> {
  await requireVendorMember(ctx, vendorId);
  const now = ctx.clock.now();
  const n = Math.min(Math.max(Math.trunc(months), 1), 36);
  const current = monthPeriod(now.getUTCFullYear(), now.getUTCMonth() + 1);
  const startIndex = current.year * 12 + (current.month - 1) - (n - 1);
  const start = monthPeriod(Math.floor(startIndex / 12), (startIndex % 12) + 1).start;
  const labels = Array.from({ length: n }, (_, i) => {
    const idx = startIndex + i;
    return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  });

  const revenueRows = await ctx.prisma.$queryRaw<{ month: string; currency: string; new: string; renewal: string; refund: string }[]>`
    SELECT to_char(date_trunc('month', s.at), 'YYYY-MM') AS month, s.currency,
           SUM(CASE WHEN s.kind = 'purchase' THEN s.gross ELSE 0 END)::text AS new,
           SUM(CASE WHEN s.kind = 'renewal' THEN s.gross ELSE 0 END)::text AS renewal,
           SUM(CASE WHEN s.kind = 'refund' THEN s.gross ELSE 0 END)::text AS refund
    FROM (${salesSql(vendorId)}) s WHERE s.at >= ${start} AND s.at <= ${now}
    GROUP BY 1, 2 ORDER BY 1, 2`;

  const mrrRows = await ctx.prisma.$queryRaw<{ month: string; currency: string; mrr: string; subscriptions: number }[]>`
    WITH points AS (
      SELECT m, LEAST(m + interval '1 month', ${now}::timestamp) AS t
      FROM generate_series(${start}::timestamp, date_trunc('month', ${now}::timestamp), interval '1 month') AS m
    )
    SELECT to_char(pt.m, 'YYYY-MM') AS month, pp.price_currency AS currency,
           SUM(CASE WHEN pp.billing_cycle = 'yearly' THEN ROUND(pp.price_amount / 12, 2) ELSE pp.price_amount END)::text AS mrr,
           COUNT(DISTINCT l.id)::int AS subscriptions
    FROM points pt
    JOIN license_periods lp ON lp.starts_at < pt.t AND (lp.expires_at IS NULL OR lp.expires_at >= pt.t)
    JOIN module_licenses l ON l.id = lp.license_id
    JOIN modules mo ON mo.id = l.module_id
    JOIN module_pricing_plans pp ON pp.id = l.pricing_plan_id
    WHERE mo.vendor_id = ${vendorId} AND pp.plan_type = 'subscription' AND pp.billing_cycle IN ('monthly', 'yearly')
      AND pp.price_amount IS NOT NULL AND (l.cancelled_at IS NULL OR l.cancelled_at >= pt.t)
      AND NOT EXISTS (SELECT 1 FROM license_status_history h WHERE h.license_id = l.id AND h.new_status = 'revoked' AND h.changed_at < pt.t)
    GROUP BY 1, 2 ORDER BY 1, 2`;

  const churnRows = await ctx.prisma.$queryRaw<{ month: string; cancellations: number }[]>`
    SELECT to_char(date_trunc('month', l.cancelled_at), 'YYYY-MM') AS month, COUNT(*)::int AS cancellations
    FROM module_licenses l JOIN modules mo ON mo.id = l.module_id
    WHERE mo.vendor_id = ${vendorId} AND l.cancelled_at >= ${start} AND l.cancelled_at <= ${now}
    GROUP BY 1 ORDER BY 1`;

  const trials = await ctx.prisma.$queryRaw<
    { plan_id: number; plan_name: string; module_name: string; started: number; converted: number }[]
  >`
    SELECT pp.id AS plan_id, pp.name AS plan_name, mo.name AS module_name, COUNT(*)::int AS started,
           COUNT(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM subscription_renewals r JOIN invoices i ON i.renewal_id = r.id
             WHERE r.module_license_id = t.license_id AND r.status = 'active'))::int AS converted
    FROM module_trials t
    JOIN modules mo ON mo.id = t.module_id
    JOIN module_purchases p ON p.id = (SELECT l.purchase_id FROM module_licenses l WHERE l.id = t.license_id)
    JOIN module_pricing_plans pp ON pp.id = p.pricing_plan_id
    WHERE mo.vendor_id = ${vendorId} AND t.started_at >= ${start} AND t.started_at <= ${now}
    GROUP BY 1, 2, 3 ORDER BY 3, 2`;

  const currencies = [...new Set([...revenueRows.map((r) => r.currency), ...mrrRows.map((r) => r.currency)])].sort();
  if (currencies.length === 0) currencies.push('USD');
  const revenue: AnalyticsRevenueMonth[] = [];
  const mrr: AnalyticsMrrMonth[] = [];
  for (const month of labels) {
    for (const currency of currencies) {
      const r = revenueRows.find((x) => x.month === month && x.currency === currency);
      const totals = sumAmounts([r?.new ?? '0', r?.renewal ?? '0', r?.refund ?? '0']);
      revenue.push({
        month,
        currency,
        newRevenue: toAmount(r?.new ?? '0'),
        renewal: toAmount(r?.renewal ?? '0'),
        refund: toAmount(r?.refund ?? '0'),
        total: totals,
      });
      const m = mrrRows.find((x) => x.month === month && x.currency === currency);
      mrr.push({ month, currency, mrr: toAmount(m?.mrr ?? '0'), subscriptions: m?.subscriptions ?? 0 });
    }
  }
  return {
    months: labels,
    revenue,
    mrr,
    churn: labels.map((month) => ({ month, cancellations: churnRows.find((c) => c.month === month)?.cancellations ?? 0 })),
    trials: trials.map((t) => ({
      planId: t.plan_id,
      planName: t.plan_name,
      moduleName: t.module_name,
      started: t.started,
      converted: t.converted,
    })),
  };
}
