import { sumAmounts } from '@wk/domain';
import type { ModulePlan } from './types';

/**
 * What a plan costs over `years` years, as an exact amount (@wk/domain): monthly = 12 payments a
 * year, yearly = 1 a year, once = its price whatever the period, free = 0. Custom (per-day) plans
 * have no such cost (null).
 */
export function costOver(plan: ModulePlan, years: number): string | null {
  if (plan.planType === 'free' || plan.planType === 'freemium') return '0.00';
  if (plan.planType === 'custom' || !plan.price) return null;
  const payments =
    plan.billingCycle === 'monthly' ? 12 * years : plan.billingCycle === 'yearly' ? years : plan.billingCycle === 'once' ? 1 : 0;
  if (!payments) return null;
  return sumAmounts(Array.from({ length: payments }, () => plan.price!.amount));
}
