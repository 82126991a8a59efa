import { DomainError } from './errors';
import { addAmounts, compareAmounts, sumAmounts } from './money';

/** One sale counted in a payout (a completed purchase of one of the vendor's modules). */
export interface PayoutSale {
  subtotal: string;
  commission: string;
  vendorAmount: string;
}

/** The totals of a vendor payout. */
export interface PayoutTotals {
  /** Sum of the sales' subtotals. */
  totalSales: string;
  /** Sum of the platform commissions. */
  commissionAmount: string;
  /** Sum of the vendor amounts: what the vendor is paid (`totalSales − commissionAmount`). */
  payoutAmount: string;
  salesCount: number;
}

/**
 * Totals a vendor's sales for a payout, exactly. Each sale must satisfy
 * `commission + vendorAmount = subtotal` (as `computeQuote` guarantees).
 *
 * @throws DomainError `PAYOUT_INCONSISTENT` when a sale does not add up.
 */
export function computePayout(sales: readonly PayoutSale[]): PayoutTotals {
  sales.forEach((sale, index) => {
    if (compareAmounts(addAmounts(sale.commission, sale.vendorAmount), sale.subtotal) !== 0) {
      throw new DomainError(
        'PAYOUT_INCONSISTENT',
        `Sale #${index}: commission ${sale.commission} + vendor amount ${sale.vendorAmount} ≠ subtotal ${sale.subtotal}`,
      );
    }
  });
  return {
    totalSales: sumAmounts(sales.map((sale) => sale.subtotal)),
    commissionAmount: sumAmounts(sales.map((sale) => sale.commission)),
    payoutAmount: sumAmounts(sales.map((sale) => sale.vendorAmount)),
    salesCount: sales.length,
  };
}

/** A calendar month in UTC: `start` is its first instant, `end` the first instant of the next. */
export interface MonthPeriod {
  year: number;
  /** 1–12. */
  month: number;
  /** Inclusive. */
  start: Date;
  /** Exclusive: select with `start <= t < end`. */
  end: Date;
}

/**
 * The UTC month `month` (1–12) of `year`: `monthPeriod(2025, 2)` → start 2025-02-01T00:00Z,
 * end 2025-03-01T00:00Z (exclusive).
 *
 * @throws DomainError `INVALID_PERIOD` for a month outside 1–12 or a year outside 1–9999.
 */
export function monthPeriod(year: number, month: number): MonthPeriod {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new DomainError('INVALID_PERIOD', `Invalid year: ${year}`, 'year');
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new DomainError('INVALID_PERIOD', `Invalid month: ${month}`, 'month');
  }
  return { year, month, start: utcMonthStart(year, month - 1), end: utcMonthStart(year, month) };
}

/** The UTC month before the one containing `at` (the period a monthly payout job settles). */
export function previousMonth(at: Date): MonthPeriod {
  const index = at.getUTCFullYear() * 12 + at.getUTCMonth() - 1;
  return monthPeriod(Math.floor(index / 12), (index % 12) + 1);
}

/** First instant of a month given as a 0-based index that may overflow into the next year. */
function utcMonthStart(year: number, monthIndex: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, 1);
  return date;
}
