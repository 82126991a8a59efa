import type { ModulePlan } from './types';

/** Exact cents of a 2-decimal amount string ("49.00" → 4900n); never a float. */
export function toCents(amount: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new Error(`Not an amount: ${amount}`);
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -cents : cents;
}

export function centsToAmount(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * What a plan costs over `years` years, exactly: monthly × 12 per year, yearly × 1 per year,
 * once = its price whatever the period, free = 0. Custom (per-day) plans have no such cost.
 */
export function costOver(plan: ModulePlan, years: number): bigint | null {
  if (plan.planType === 'free' || plan.planType === 'freemium') return 0n;
  if (plan.planType === 'custom' || !plan.price) return null;
  const price = toCents(plan.price.amount);
  switch (plan.billingCycle) {
    case 'monthly':
      return price * 12n * BigInt(years);
    case 'yearly':
      return price * BigInt(years);
    case 'once':
      return price;
    default:
      return null;
  }
}
