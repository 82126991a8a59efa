import Decimal from 'decimal.js';
import { sumAmounts, toAmount, type AmountInput } from './money';

const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** A subscription that renews: its price per billing cycle. */
export interface RecurringItem {
  amount: AmountInput;
  /** `monthly` and `yearly` recur; anything else (once, custom) does not. */
  cycle: string;
}

/**
 * The monthly equivalent of one recurring price, rounded half-up to the cent (one line, one
 * rounding): monthly → the price, yearly → price / 12 (`"490.00"` → `"40.83"`), else `"0.00"`.
 */
export function monthlyEquivalent(item: RecurringItem): string {
  if (item.cycle === 'monthly') return toAmount(item.amount);
  if (item.cycle === 'yearly') return toAmount(new Dec(toAmount(item.amount)).dividedBy(12).toFixed());
  return '0.00';
}

/** Monthly recurring revenue: the sum of every subscription's monthly equivalent (each rounded to the cent first). */
export function monthlyRecurringRevenue(items: readonly RecurringItem[]): string {
  return sumAmounts(items.map(monthlyEquivalent));
}

/**
 * Churn of a period as a percentage with two decimals: cancellations / subscriptions active at
 * the period's start × 100, half-up (`null` when there were none at the start).
 */
export function churnPercent(cancelled: number, activeAtStart: number): string | null {
  if (!Number.isInteger(cancelled) || !Number.isInteger(activeAtStart) || cancelled < 0 || activeAtStart < 0) {
    throw new RangeError('churnPercent needs non-negative whole numbers');
  }
  if (activeAtStart === 0) return null;
  return new Dec(cancelled).times(100).dividedBy(activeAtStart).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}
