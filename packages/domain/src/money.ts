import Decimal from 'decimal.js';
import { DomainError } from './errors';

/**
 * Private decimal type for all money arithmetic: 40 significant digits (far beyond any realistic
 * amount, so additions and multiplications are exact) and half-up rounding (ties away from zero).
 */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = Decimal;

/** An exact amount of money: a 2-decimal string (e.g. `"4500.00"`) and an ISO 4217 currency. */
export type Money = { amount: string; currency: string };

/**
 * Any exact-decimal value, such as a decimal.js or Prisma `Decimal`. `toFixed()` without
 * arguments must return the full value in plain (non-exponent) notation, as decimal.js does.
 */
export interface DecimalLike {
  toFixed(): string;
}

/** What the arithmetic helpers accept: decimal strings, finite numbers or decimal objects. */
export type AmountInput = string | number | DecimalLike;

/** Plain decimal notation: optional minus, digits, optional fraction. No exponent, no spaces. */
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
/** At most two decimals: what {@link parseAmount} accepts. */
const AMOUNT_PATTERN = /^-?\d+(\.\d{1,2})?$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

function invalidAmount(value: unknown, field?: string): DomainError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new DomainError('INVALID_AMOUNT', `Invalid amount: ${shown}`, field);
}

/** Converts any accepted input to an exact decimal, or throws `INVALID_AMOUNT`. */
function toDec(value: AmountInput, field?: string, code = 'INVALID_AMOUNT'): Dec {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DomainError(code, `Invalid number: ${value}`, field);
    // decimal.js reads a number through its shortest round-trip representation, so 1.005
    // becomes exactly 1.005 (what the author of the literal meant), not the binary float.
    return new Dec(value);
  }
  if (typeof value === 'string') {
    text = value;
  } else if (value !== null && typeof value === 'object' && typeof value.toFixed === 'function') {
    text = value.toFixed();
  } else {
    throw new DomainError(code, `Invalid decimal: ${String(value)}`, field);
  }
  if (!DECIMAL_PATTERN.test(text)) {
    throw new DomainError(code, `Invalid decimal: ${JSON.stringify(text)}`, field);
  }
  return new Dec(text);
}

/** Rounds half-up to the cent and renders exactly two decimals, never `-0.00`. */
function toCents(value: Dec): string {
  const rounded = value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  return (rounded.isZero() ? rounded.abs() : rounded).toFixed(2);
}

/**
 * Normalizes any exact decimal to a 2-decimal amount string, rounding half-up
 * (ties away from zero): `"0.005"` → `"0.01"`, `"1.005"` → `"1.01"`, `"-0.005"` → `"-0.01"`.
 *
 * @throws DomainError `INVALID_AMOUNT` for junk, NaN, Infinity or exponent notation.
 */
export function toAmount(value: AmountInput): string {
  return toCents(toDec(value));
}

/**
 * Strictly parses an amount received at a boundary (API input, form): a string with at most
 * two decimals (`"12"`, `"12.5"`, `"12.50"`), returned in canonical form (`"12.50"`).
 * More decimals are refused rather than silently rounded; use {@link toAmount} to round.
 * Negative amounts are refused unless `allowNegative` is set.
 *
 * @throws DomainError `INVALID_AMOUNT` (with `field` when given).
 */
export function parseAmount(input: unknown, options: { field?: string; allowNegative?: boolean } = {}): string {
  const { field, allowNegative = false } = options;
  if (typeof input !== 'string' || !AMOUNT_PATTERN.test(input)) {
    throw invalidAmount(input, field);
  }
  const value = new Dec(input);
  if (value.isNegative() && !value.isZero() && !allowNegative) {
    throw new DomainError('INVALID_AMOUNT', `Amount must not be negative: ${input}`, field);
  }
  return toCents(value);
}

/** Whether {@link parseAmount} would accept `input` with the same options. */
export function isValidAmount(input: unknown, options: { allowNegative?: boolean } = {}): boolean {
  try {
    parseAmount(input, options);
    return true;
  } catch {
    return false;
  }
}

/** `a + b`, exactly, as a 2-decimal amount. */
export function addAmounts(a: AmountInput, b: AmountInput): string {
  return toCents(toDec(a).plus(toDec(b)));
}

/** `a − b`, exactly, as a 2-decimal amount. */
export function subAmounts(a: AmountInput, b: AmountInput): string {
  return toCents(toDec(a).minus(toDec(b)));
}

/** The exact sum of a list of amounts (`"0.00"` for an empty list). */
export function sumAmounts(amounts: readonly AmountInput[]): string {
  return toCents(amounts.reduce<Dec>((sum, amount) => sum.plus(toDec(amount)), new Dec(0)));
}

/** `-amount` as a 2-decimal amount (`"0.00"` stays `"0.00"`). */
export function negateAmount(amount: AmountInput): string {
  return toCents(toDec(amount).negated());
}

/**
 * `amount × rate`, rounded half-up to the cent: `mulRate("49.00", "0.0725")` → `"3.55"`
 * (3.5525), `mulRate("490.00", "0.0725")` → `"35.53"` (35.525).
 *
 * @throws DomainError `INVALID_RATE` when the rate is not a non-negative plain decimal.
 */
export function mulRate(amount: AmountInput, rate: AmountInput): string {
  return toCents(toDec(amount).times(toRate(rate)));
}

/**
 * `amount × percent / 100`, rounded half-up to the cent: `percentOf("99.99", "15")` → `"15.00"`
 * (14.9985).
 *
 * @throws DomainError `INVALID_RATE` when the percentage is not a non-negative plain decimal.
 */
export function percentOf(amount: AmountInput, percent: AmountInput): string {
  return toCents(toDec(amount).times(toRate(percent)).dividedBy(100));
}

/** Compares two amounts exactly: -1 if a < b, 0 if equal, 1 if a > b. */
export function compareAmounts(a: AmountInput, b: AmountInput): -1 | 0 | 1 {
  const result = toDec(a).comparedTo(toDec(b));
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}

/** Whether the amount is strictly below zero (`"-0.00"` is not negative). */
export function isNegative(amount: AmountInput): boolean {
  const value = toDec(amount);
  return value.isNegative() && !value.isZero();
}

/** Whether the amount equals zero. */
export function isZero(amount: AmountInput): boolean {
  return toDec(amount).isZero();
}

/** The smallest of the given amounts, as a 2-decimal amount. */
export function minAmount(first: AmountInput, ...rest: AmountInput[]): string {
  return toCents(Dec.min(toDec(first), ...rest.map((amount) => toDec(amount))));
}

/** The largest of the given amounts, as a 2-decimal amount. */
export function maxAmount(first: AmountInput, ...rest: AmountInput[]): string {
  return toCents(Dec.max(toDec(first), ...rest.map((amount) => toDec(amount))));
}

function toRate(rate: AmountInput, field?: string): Dec {
  const value = toDec(rate, field, 'INVALID_RATE');
  if (value.isNegative() && !value.isZero()) {
    throw new DomainError('INVALID_RATE', `Rate must not be negative: ${value.toFixed()}`, field);
  }
  return value;
}

/**
 * Strictly parses a rate given as a fraction (`"0.0725"` = 7.25 %), between 0 and `max`
 * (1 by default) inclusive, with at most `maxDecimals` (6 by default) decimals.
 * Returns it in the canonical form of {@link formatRate}.
 *
 * @throws DomainError `INVALID_RATE` (with `field` when given).
 */
export function parseRate(input: unknown, options: { field?: string; max?: string; maxDecimals?: number } = {}): string {
  const { field, max = '1', maxDecimals = 6 } = options;
  if (typeof input !== 'string' || !DECIMAL_PATTERN.test(input)) {
    const shown = typeof input === 'string' ? JSON.stringify(input) : String(input);
    throw new DomainError('INVALID_RATE', `Invalid rate: ${shown}`, field);
  }
  const value = toRate(input, field);
  if (value.decimalPlaces() > maxDecimals) {
    throw new DomainError('INVALID_RATE', `Rate has more than ${maxDecimals} decimals: ${input}`, field);
  }
  if (value.greaterThan(max)) {
    throw new DomainError('INVALID_RATE', `Rate must be at most ${max}: ${input}`, field);
  }
  return formatRate(value);
}

/**
 * Canonical rate text: at least two decimals, no insignificant trailing zeros beyond them
 * (`"0.2"` → `"0.20"`, `"0.072500"` → `"0.0725"`, `"0"` → `"0.00"`).
 */
export function formatRate(rate: AmountInput): string {
  const value = toRate(rate);
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}

/** A rate as a percentage for display: `"0.0725"` → `"7.25%"`, `"0.20"` → `"20%"`. */
export function formatRatePercent(rate: AmountInput): string {
  return `${toRate(rate).times(100).toFixed()}%`;
}

/** Whether `code` looks like an ISO 4217 currency code (three upper-case letters). */
export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && CURRENCY_PATTERN.test(code);
}

/**
 * Builds a {@link Money} value from an exact decimal (rounded half-up to the cent).
 *
 * @throws DomainError `INVALID_AMOUNT` or `INVALID_CURRENCY`.
 */
export function money(amount: AmountInput, currency: string): Money {
  if (!isCurrencyCode(currency)) {
    throw new DomainError('INVALID_CURRENCY', `Invalid currency code: ${JSON.stringify(currency)}`);
  }
  return { amount: toAmount(amount), currency };
}

/**
 * Formats money for display with `Intl.NumberFormat`, exactly (the amount is passed as a string,
 * never converted to a float): `{ amount: "4500.00", currency: "USD" }` → `"$4,500.00"`.
 * Currencies without minor units (JPY) show no decimals unless the amount has cents.
 *
 * @throws DomainError `INVALID_AMOUNT` or `INVALID_CURRENCY`.
 */
export function formatMoney(value: Money, locale = 'en-US'): string {
  const amount = toAmount(value.amount);
  if (!isCurrencyCode(value.currency)) {
    throw new DomainError('INVALID_CURRENCY', `Invalid currency code: ${JSON.stringify(value.currency)}`);
  }
  const hasCents = !amount.endsWith('.00');
  return numberFormat(locale, value.currency, hasCents).format(amount as `${number}`);
}

/**
 * Intl.NumberFormat is costly to build (it was 28 % of a catalog request's CPU when built per
 * call), so one formatter per locale × currency × cents is kept. The set is bounded by the
 * locales and ISO currency codes in use.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, currency: string, hasCents: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${hasCents ? 1 : 0}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const base = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const { minimumFractionDigits = 2 } = base.resolvedOptions();
    formatter =
      minimumFractionDigits < 2 && hasCents
        ? new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })
        : base;
    if (formatters.size >= 256) formatters.clear(); // bounded even if callers pass many locales
    formatters.set(key, formatter);
  }
  return formatter;
}
