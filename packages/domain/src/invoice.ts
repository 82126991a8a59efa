import { DomainError } from './errors';
import { addAmounts, formatRatePercent, isZero, negateAmount, sumAmounts } from './money';
import type { Quote } from './quote';

/** The note printed on reverse-charged invoices. */
export const REVERSE_CHARGE_NOTE = 'VAT reverse charge: customer to account for VAT, Article 196 Directive 2006/112/EC';

const INVOICE_NUMBER_PATTERN = /^INV-(\d{4})-(\d{6,})$/;

/**
 * An invoice number `INV-<year>-<sequence>`, the sequence zero-padded to at least 6 digits:
 * `formatInvoiceNumber(2025, 123)` → `INV-2025-000123`. Sequences restart every year; keeping
 * them gapless is the caller's (database's) job.
 *
 * @throws DomainError `INVALID_INVOICE_NUMBER` unless the year has 4 digits and the sequence
 *   is a positive safe integer.
 */
export function formatInvoiceNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new DomainError('INVALID_INVOICE_NUMBER', `Invalid invoice year: ${year}`);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new DomainError('INVALID_INVOICE_NUMBER', `Invalid invoice sequence: ${sequence}`);
  }
  return `INV-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Reads an invoice number made by {@link formatInvoiceNumber}, or null if it is not one. */
export function parseInvoiceNumber(value: string): { year: number; sequence: number } | null {
  const match = INVOICE_NUMBER_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (year < 1000 || !Number.isSafeInteger(sequence) || sequence < 1) return null;
  // Only the canonical spelling round-trips (no extra leading zeros beyond the padding).
  return formatInvoiceNumber(year, sequence) === value ? { year, sequence } : null;
}

/** One printed line of a receipt or invoice. */
export interface ReceiptLine {
  description: string;
  /** Signed 2-decimal amount (discounts are negative). */
  amount: string;
}

/** A receipt's printable content; the line amounts always add up to `total`. */
export interface Receipt {
  currency: string;
  lines: ReceiptLine[];
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  reverseCharge: boolean;
  /** Legal notes to print under the totals (the reverse-charge mention). */
  notes: string[];
}

/** The quote fields a receipt shows. */
export type ReceiptQuote = Pick<
  Quote,
  'currency' | 'subtotal' | 'discount' | 'taxRate' | 'taxName' | 'reverseCharge' | 'tax' | 'total' | 'days'
>;

/**
 * The lines of a receipt or invoice for a quote (from `computeQuote`): the item
 * (`"Custom ERP — Custom Dev (10 days)"`), the discount as a negative line when there is one
 * (`"Discount (CUSTOM100)"`), and the tax line (`"VAT (20%)"`, or `"VAT — reverse charge"` at
 * 0.00 with {@link REVERSE_CHARGE_NOTE} in `notes`); no tax line when no tax rule applied.
 *
 * @throws DomainError `RECEIPT_MISMATCH` if the quote's amounts do not add up (never for a
 *   quote made by `computeQuote`).
 */
export function buildReceiptLines(
  quote: ReceiptQuote,
  labels: { moduleName: string; planName: string; couponCode?: string | null; discountLabel?: string | null },
): Receipt {
  const period = quote.days === null ? '' : ` (${quote.days} ${quote.days === 1 ? 'day' : 'days'})`;
  const lines: ReceiptLine[] = [{ description: `${labels.moduleName} — ${labels.planName}${period}`, amount: quote.subtotal }];
  if (!isZero(quote.discount)) {
    lines.push({
      description: labels.discountLabel ?? (labels.couponCode ? `Discount (${labels.couponCode})` : 'Discount'),
      amount: negateAmount(quote.discount),
    });
  }
  const notes: string[] = [];
  if (quote.reverseCharge) {
    lines.push({ description: `${quote.taxName ?? 'VAT'} — reverse charge`, amount: quote.tax });
    notes.push(REVERSE_CHARGE_NOTE);
  } else if (quote.taxName !== null) {
    lines.push({ description: `${quote.taxName} (${formatRatePercent(quote.taxRate)})`, amount: quote.tax });
  } else if (!isZero(quote.tax)) {
    lines.push({ description: 'Tax', amount: quote.tax });
  }

  const linesTotal = sumAmounts(lines.map((line) => line.amount));
  const expectedTotal = addAmounts(quote.subtotal, addAmounts(negateAmount(quote.discount), quote.tax));
  if (linesTotal !== quote.total || expectedTotal !== quote.total) {
    throw new DomainError('RECEIPT_MISMATCH', `Receipt lines add up to ${linesTotal}, total is ${quote.total}`);
  }
  return {
    currency: quote.currency,
    lines,
    subtotal: quote.subtotal,
    discount: quote.discount,
    tax: quote.tax,
    total: quote.total,
    reverseCharge: quote.reverseCharge,
    notes,
  };
}

/** One line of a multi-line (dependency cart) receipt: its own quote and labels. */
export interface CartReceiptPart {
  quote: ReceiptQuote;
  labels: { moduleName: string; planName: string; couponCode?: string | null; discountLabel?: string | null };
}

/**
 * The receipt of a cart bought with one payment: each part's lines in order (item, its discount,
 * its tax — computed and rounded per line by `computeQuote`), and totals that are the exact sums
 * of the parts. Every part must be in the same currency and share the reverse-charge status (one
 * org, one moment).
 *
 * @throws DomainError `RECEIPT_EMPTY` without parts, `CURRENCY_MISMATCH` when parts differ in
 *   currency, `RECEIPT_MISMATCH` if a part's amounts do not add up.
 */
export function buildCartReceipt(parts: readonly CartReceiptPart[]): Receipt {
  if (parts.length === 0) throw new DomainError('RECEIPT_EMPTY', 'A receipt needs at least one line.');
  const currency = parts[0]!.quote.currency;
  const receipts = parts.map((p) => {
    if (p.quote.currency !== currency) {
      throw new DomainError('CURRENCY_MISMATCH', `Every line must be in ${currency}; one is in ${p.quote.currency}.`);
    }
    return buildReceiptLines(p.quote, p.labels);
  });
  const lines = receipts.flatMap((r) => r.lines);
  const total = sumAmounts(receipts.map((r) => r.total));
  if (sumAmounts(lines.map((l) => l.amount)) !== total) {
    throw new DomainError('RECEIPT_MISMATCH', `Receipt lines add up to ${sumAmounts(lines.map((l) => l.amount))}, total is ${total}`);
  }
  const reverseCharge = receipts.some((r) => r.reverseCharge);
  return {
    currency,
    lines,
    subtotal: sumAmounts(receipts.map((r) => r.subtotal)),
    discount: sumAmounts(receipts.map((r) => r.discount)),
    tax: sumAmounts(receipts.map((r) => r.tax)),
    total,
    reverseCharge,
    notes: [...new Set(receipts.flatMap((r) => r.notes))],
  };
}
