/**
 * Price display and comparison rules of the catalog (pure; amounts stay decimal strings and are
 * compared with @wk/domain, never as floats).
 *
 * Entry price of a plan — what a buyer pays to start with it, and the key of the PRICE sort:
 *   free / freemium → 0; custom → the day rate (one day); subscription / perpetual → the price of
 *   one billing cycle (monthly, yearly or once). The SQL twin is in catalog_refresh()
 *   (price_key of catalog_entries, migration 20261206024940_catalog_projection).
 * A module's price summary shows its plan with the lowest entry price (ties: display order).
 * Amounts in different currencies are not converted (the marketplace sells in USD today).
 */
import { compareAmounts, formatMoney, isZero, money, type Money } from '@wk/domain';
import type { PlanJson } from './catalog.queries';

export function entryPrice(p: PlanJson): string | null {
  if (p.planType === 'free' || p.planType === 'freemium') return '0.00';
  if (p.planType === 'custom') return p.customRatePerDay;
  return p.priceAmount;
}

export function isFreePlan(p: PlanJson): boolean {
  if (p.planType === 'free' || p.planType === 'freemium') return true;
  return p.planType !== 'custom' && p.priceAmount !== null && isZero(p.priceAmount);
}

const CYCLE_SUFFIX: Record<PlanJson['billingCycle'], string> = { monthly: '/month', yearly: '/year', once: ' once', custom: '/day' };

/** "Free", "$49.00/month", "$490.00/year", "$999.00 once", "$450.00/day"; "Price on request" without an amount. */
export function priceLabel(p: PlanJson): string {
  if (isFreePlan(p)) return 'Free';
  const amount = entryPrice(p);
  if (amount === null) return 'Price on request';
  const suffix = p.planType === 'custom' ? '/day' : CYCLE_SUFFIX[p.billingCycle];
  return `${formatMoney(money(amount, p.priceCurrency))}${suffix}`;
}

/** The plan with the lowest entry price (first in display order among equals), or null. */
export function cheapestPlan(plans: readonly PlanJson[]): PlanJson | null {
  let best: PlanJson | null = null;
  let bestPrice: string | null = null;
  for (const p of plans) {
    const price = entryPrice(p);
    if (price === null) continue;
    if (bestPrice === null || compareAmounts(price, bestPrice) < 0) {
      best = p;
      bestPrice = price;
    }
  }
  return best;
}

export interface PriceSummary {
  label: string;
  from: Money | null;
  isFree: boolean;
  planCount: number;
}

export function priceSummary(plans: readonly PlanJson[]): PriceSummary {
  const best = cheapestPlan(plans);
  const isFree = plans.some(isFreePlan);
  if (!best) return { label: plans.length ? 'Price on request' : 'No plans yet', from: null, isFree, planCount: plans.length };
  const from = money(entryPrice(best)!, best.priceCurrency);
  const label = isFreePlan(best) ? 'Free' : plans.length > 1 ? `from ${priceLabel(best)}` : priceLabel(best);
  return { label, from, isFree, planCount: plans.length };
}

export interface PlanFeature {
  key: string;
  label: string;
  included: boolean | null;
  value: string | null;
}

/** Plan features as rows of a comparison table: yes/no for booleans (and 0/1 flags), text otherwise. */
export function featureList(features: Record<string, unknown> | null): PlanFeature[] {
  if (!features || typeof features !== 'object' || Array.isArray(features)) return [];
  return Object.entries(features).map(([key, raw]) => {
    const label = key
      .replace(/[_-]+/g, ' ')
      .replace(/^\s*(\w)/, (c) => c.toUpperCase())
      .trim();
    if (typeof raw === 'boolean') return { key, label, included: raw, value: null };
    if (raw === 0 || raw === 1) return { key, label, included: raw === 1, value: null };
    if (raw === null || raw === undefined) return { key, label, included: false, value: null };
    const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
    return { key, label, included: null, value: text.length > 200 ? `${text.slice(0, 197)}…` : text };
  });
}
