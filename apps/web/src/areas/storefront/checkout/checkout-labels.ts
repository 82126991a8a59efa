import { formatMoney, isZero, type Money as MoneyValue } from '@wk/domain';

export interface PlanLike {
  planType: string;
  billingCycle: string;
  price?: MoneyValue | null;
  ratePerDay?: MoneyValue | null;
}

const CYCLE: Record<string, string> = { monthly: 'per month', yearly: 'per year', once: 'one-time', custom: '' };

/** "$49.00 per month", "$450.00 per day", "Free". */
export function planPriceLabel(plan: PlanLike): string {
  if (plan.planType === 'custom' && plan.ratePerDay) return `${formatMoney(plan.ratePerDay)} per day`;
  if (!plan.price || isZero(plan.price.amount)) return plan.planType === 'freemium' || plan.planType === 'free' ? 'Free' : '—';
  const cycle = CYCLE[plan.billingCycle] ?? '';
  return cycle ? `${formatMoney(plan.price)} ${cycle}` : formatMoney(plan.price);
}

/** How long a license of the plan lasts. */
export function planTermLabel(plan: PlanLike): string {
  if (plan.planType === 'custom') return 'Custom development, priced per day; the license does not expire.';
  if (plan.planType === 'perpetual') return 'Pay once; the license never expires.';
  if (plan.planType === 'free' || plan.planType === 'freemium') return 'No payment needed; the license does not expire.';
  if (plan.billingCycle === 'monthly') return 'Renews every month until you cancel.';
  if (plan.billingCycle === 'yearly') return 'Renews every year until you cancel.';
  return '';
}

/** A new idempotency key for one checkout attempt. */
export function newAttemptKey(): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `checkout-${random}`;
}
