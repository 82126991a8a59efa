/**
 * Money as the API sends it: `{ amount: "4500.00", currency: "EUR" }`, an exact decimal string.
 * Never parsed into a binary float (PRODUCT "Money rules"): the integer part goes through
 * Intl as a BigInt (grouping, symbol, sign placement), the fraction digits are copied as given.
 */
export interface MoneyValue {
  amount: string;
  currency: string;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

export interface FormatMoneyOptions {
  locale?: string;
  /** Minimum fraction digits shown (default 2; more are kept when the amount has them). */
  minFractionDigits?: number;
}

export function formatMoney(value: MoneyValue, opts: FormatMoneyOptions = {}): string {
  const match = DECIMAL_RE.exec(value.amount.trim());
  if (!match) return `${value.amount} ${value.currency}`;
  const [, sign, intDigits = '0', fracDigits = ''] = match;
  const minFraction = opts.minFractionDigits ?? 2;
  const fraction = fracDigits.padEnd(minFraction, '0');
  const integer = BigInt(intDigits);
  const negative = sign === '-' && (integer !== 0n || /[1-9]/.test(fraction));

  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat(opts.locale, {
      style: 'currency',
      currency: value.currency,
      minimumFractionDigits: fraction.length,
      maximumFractionDigits: fraction.length,
    });
  } catch {
    return `${negative ? '-' : ''}${intDigits}${fraction ? `.${fraction}` : ''} ${value.currency}`;
  }
  // A non-zero template keeps the sign when the integer part is 0 (e.g. -0.50).
  const template = integer === 0n ? (negative ? -1n : 1n) : negative ? -integer : integer;
  return nf
    .formatToParts(template)
    .map((part) => {
      if (part.type === 'integer' && integer === 0n) return '0';
      if (part.type === 'fraction') return fraction;
      return part.value;
    })
    .join('');
}

/** Compares two decimal strings of the same currency exactly (-1, 0, 1). */
export function compareAmounts(a: string, b: string): number {
  const scale = (s: string) => {
    const m = DECIMAL_RE.exec(s.trim());
    if (!m) throw new Error(`Not a decimal amount: ${s}`);
    return { neg: m[1] === '-', int: m[2] ?? '0', frac: m[3] ?? '' };
  };
  const x = scale(a);
  const y = scale(b);
  const digits = Math.max(x.frac.length, y.frac.length);
  const toBig = (v: { neg: boolean; int: string; frac: string }) => (v.neg ? -1n : 1n) * BigInt(v.int + v.frac.padEnd(digits, '0'));
  const d = toBig(x) - toBig(y);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}
