import Decimal from 'decimal.js';
import { DomainError } from './errors';
import { compareAmounts, isNegative, isZero, maxAmount, parseAmount, subAmounts, toAmount, type AmountInput } from './money';

/** Exact decimals, half-up: the same settings as money.ts. */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const cents = (v: Decimal): string => {
  const r = v.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  return (r.isZero() ? r.abs() : r).toFixed(2);
};

// ---------------------------------------------------------------------------------------------
// Plan changes (PRODUCT.md "Plan changes")
// ---------------------------------------------------------------------------------------------

/** Whether moving from a plan at `currentPrice` to one at `newPrice` (per billing period) is an upgrade. */
export function planChangeKind(currentPrice: AmountInput, newPrice: AmountInput): 'upgrade' | 'downgrade' {
  return compareAmounts(newPrice, currentPrice) > 0 ? 'upgrade' : 'downgrade';
}

export interface ProrationInput {
  /** What was paid for the current period, before tax (after any discount). */
  paid: AmountInput;
  periodStart: Date;
  periodEnd: Date;
  /** The instant the upgrade applies. */
  at: Date;
  /** The new plan's price for one of its periods, before tax. */
  newPrice: AmountInput;
}

export interface Proration {
  /** `paid × unused / period`, rounded half-up to the cent (0 ≤ credit ≤ paid). */
  credit: string;
  /** What the new plan costs now before tax: `max(0, newPrice − credit)`. */
  net: string;
  /** Milliseconds of the current period left at `at` (0 … period length). */
  unusedMs: number;
  periodMs: number;
}

/**
 * The prorated credit for the unused part of the current period and the net price of an upgrade
 * applied at `at`, exact to the cent: the time left is measured in milliseconds (clamped to the
 * period), the credit is `paid × left / length` rounded half-up once.
 *
 * @throws DomainError `INVALID_PERIOD` when the period does not end after it starts;
 *   `INVALID_AMOUNT` for a negative amount.
 */
export function prorateUpgrade(input: ProrationInput): Proration {
  const start = input.periodStart.getTime();
  const end = input.periodEnd.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new DomainError('INVALID_PERIOD', 'The current period must end after it starts.', 'periodEnd');
  }
  const paid = toAmount(input.paid);
  const newPrice = toAmount(input.newPrice);
  if (isNegative(paid) || isNegative(newPrice)) throw new DomainError('INVALID_AMOUNT', 'Amounts must not be negative.', 'paid');
  const periodMs = end - start;
  const unusedMs = Math.min(periodMs, Math.max(0, end - input.at.getTime()));
  const credit = cents(new Dec(paid).times(unusedMs).dividedBy(periodMs));
  return { credit, net: maxAmount('0', subAmounts(newPrice, credit)), unusedMs, periodMs };
}

// ---------------------------------------------------------------------------------------------
// Refunds (PRODUCT.md "Refunds")
// ---------------------------------------------------------------------------------------------

export interface RefundSale {
  /** What the buyer paid (tax included): the most that can be refunded. */
  total: AmountInput;
  /** The sale as counted in payouts: `commission + vendorAmount`. */
  commission: AmountInput;
  vendorAmount: AmountInput;
  /** Refunded by earlier credit notes. */
  refundedBefore: AmountInput;
}

export interface RefundSplit {
  amount: string;
  /** True when this refund completes a full refund of the sale. */
  isFull: boolean;
  /** What the refund takes back from the vendor and the platform (≤ 0); sales = vendor + commission. */
  vendorAdjustment: string;
  commissionAdjustment: string;
  salesAdjustment: string;
}

/**
 * Splits a (partial or full) refund of `amount` between the vendor and the platform in proportion
 * of what was paid. The share of the cumulative refund is rounded once
 * (`round(vendorAmount × refunded / total)`), and each refund takes the difference, so any sequence
 * of partial refunds adds up exactly to a full one: the vendor gives back exactly `vendorAmount`.
 *
 * @throws DomainError `REFUND_AMOUNT_INVALID` (field `amount`) unless 0 < amount ≤ total − refundedBefore.
 */
export function splitRefund(sale: RefundSale, amount: AmountInput): RefundSplit {
  const total = toAmount(sale.total);
  const before = toAmount(sale.refundedBefore);
  const value = typeof amount === 'string' ? parseAmount(amount, { field: 'amount' }) : toAmount(amount);
  const left = subAmounts(total, before);
  if (!(compareAmounts(value, '0') > 0) || compareAmounts(value, left) > 0) {
    throw new DomainError('REFUND_AMOUNT_INVALID', `Refund between 0.01 and ${left}.`, 'amount');
  }
  const after = new Dec(before).plus(value);
  const share = (part: AmountInput, refunded: Decimal) =>
    isZero(total) ? new Dec(0) : new Dec(toAmount(part)).times(refunded).dividedBy(total).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  const vendor = share(sale.vendorAmount, after).minus(share(sale.vendorAmount, new Dec(before)));
  const commission = share(sale.commission, after).minus(share(sale.commission, new Dec(before)));
  return {
    amount: value,
    isFull: compareAmounts(after.toFixed(2), total) === 0,
    vendorAdjustment: cents(vendor.negated()),
    commissionAdjustment: cents(commission.negated()),
    salesAdjustment: cents(vendor.plus(commission).negated()),
  };
}

const CREDIT_NOTE_PATTERN = /^CN-(\d{4})-(\d{6,})$/;

/** `CN-<year>-<6-digit sequence>`: `formatCreditNoteNumber(2026, 7)` → `CN-2026-000007`. */
export function formatCreditNoteNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new DomainError('INVALID_CREDIT_NOTE_NUMBER', `Invalid year: ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new DomainError('INVALID_CREDIT_NOTE_NUMBER', `Invalid sequence: ${sequence}`);
  return `CN-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Reads a credit note number, or null. */
export function parseCreditNoteNumber(value: string): { year: number; sequence: number } | null {
  const m = CREDIT_NOTE_PATTERN.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const sequence = Number(m[2]);
  if (year < 1000 || !Number.isSafeInteger(sequence) || sequence < 1) return null;
  return formatCreditNoteNumber(year, sequence) === value ? { year, sequence } : null;
}

// ---------------------------------------------------------------------------------------------
// Trials
// ---------------------------------------------------------------------------------------------

/** When a trial of `days` days started at `at` ends (exactly `days` × 24 h later). */
export function trialEnd(at: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new DomainError('INVALID_TRIAL_DAYS', `Invalid trial length: ${days}`, 'trialDays');
  return new Date(at.getTime() + days * 86_400_000);
}

/** Whether the user limit of a plan is exceeded by the active users reported (null limit: never). */
export function exceedsUserLimit(maxUsers: number | null, activeUsers: number): boolean {
  return maxUsers !== null && activeUsers > maxUsers;
}
