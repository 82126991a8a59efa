import fc from 'fast-check';
import Decimal from 'decimal.js';
import { DomainError } from './errors';
import {
  addAmounts,
  compareAmounts,
  formatMoney,
  formatRate,
  formatRatePercent,
  isCurrencyCode,
  isNegative,
  isValidAmount,
  isZero,
  maxAmount,
  minAmount,
  money,
  mulRate,
  negateAmount,
  parseAmount,
  parseRate,
  percentOf,
  subAmounts,
  sumAmounts,
  toAmount,
} from './money';

/** Oracle: integer cents as BigInt, rendered as a 2-decimal string. */
function centsToAmount(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Oracle: half-up (away from zero) division of integers. */
function divHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

const cents = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

function expectDomainError(fn: () => unknown, code: string, field?: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  if (field !== undefined) expect((caught as DomainError).field).toBe(field);
}

describe('toAmount', () => {
  it.each([
    ['0', '0.00'],
    ['4500', '4500.00'],
    ['4500.0', '4500.00'],
    ['4500.00', '4500.00'],
    ['0.004', '0.00'],
    ['0.005', '0.01'],
    ['0.0049999999', '0.00'],
    ['1.005', '1.01'],
    ['1.015', '1.02'],
    ['1.025', '1.03'],
    ['2.675', '2.68'],
    ['3.5525', '3.55'],
    ['35.525', '35.53'],
    ['999.995', '1000.00'],
    ['-0.004', '0.00'],
    ['-0.005', '-0.01'],
    ['-1.005', '-1.01'],
    ['-0', '0.00'],
    ['-0.00', '0.00'],
    ['007.5', '7.50'],
    ['12345678901234567890.125', '12345678901234567890.13'],
  ])('toAmount(%p) = %p', (input, expected) => {
    expect(toAmount(input)).toBe(expected);
  });

  it.each([
    [0, '0.00'],
    [-0, '0.00'],
    [49, '49.00'],
    [1.005, '1.01'],
    [0.1 + 0.2, '0.30'],
    [1e21, '1000000000000000000000.00'],
  ])('toAmount(number %p) = %p', (input, expected) => {
    expect(toAmount(input)).toBe(expected);
  });

  it('accepts decimal objects (decimal.js / Prisma Decimal)', () => {
    expect(toAmount(new Decimal('1.005'))).toBe('1.01');
    expect(toAmount(new Decimal('1e-9'))).toBe('0.00');
    expect(toAmount(new Decimal('1.5e3'))).toBe('1500.00');
    expect(toAmount({ toFixed: () => '12.345' })).toBe('12.35');
  });

  it.each([
    '',
    ' ',
    'abc',
    '1,00',
    '1.2.3',
    '1e3',
    '1E3',
    '1.5e-2',
    'NaN',
    'Infinity',
    '-Infinity',
    '+1',
    '.5',
    '5.',
    ' 5',
    '5 ',
    '0x10',
    '--1',
    '1_000',
  ])('rejects %p with INVALID_AMOUNT', (input) => {
    expectDomainError(() => toAmount(input), 'INVALID_AMOUNT');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects number %p', (input) => {
    expectDomainError(() => toAmount(input), 'INVALID_AMOUNT');
  });

  it('rejects decimal objects whose value is not finite', () => {
    expectDomainError(() => toAmount(new Decimal(NaN)), 'INVALID_AMOUNT');
    expectDomainError(() => toAmount(new Decimal(Infinity)), 'INVALID_AMOUNT');
  });

  it('rejects values of the wrong type at runtime', () => {
    expectDomainError(() => toAmount(null as unknown as string), 'INVALID_AMOUNT');
    expectDomainError(() => toAmount({} as unknown as string), 'INVALID_AMOUNT');
  });

  it('matches a BigInt half-up oracle on thousandths', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (milli) => {
        const sign = milli < 0n ? '-' : '';
        const abs = milli < 0n ? -milli : milli;
        const text = `${sign}${abs / 1000n}.${(abs % 1000n).toString().padStart(3, '0')}`;
        expect(toAmount(text)).toBe(centsToAmount(divHalfUp(milli, 10n)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent and always yields exactly two decimals', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,20}(\.\d{1,8})?$/), (text) => {
        const once = toAmount(text);
        expect(once).toMatch(/^-?\d+\.\d{2}$/);
        expect(toAmount(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseAmount', () => {
  it.each([
    ['0', '0.00'],
    ['12', '12.00'],
    ['12.5', '12.50'],
    ['12.50', '12.50'],
    ['0.01', '0.01'],
    ['4500.00', '4500.00'],
    ['99999999999999.99', '99999999999999.99'],
  ])('parses %p as %p', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });

  it.each(['1.005', '0.001', '12.500'])('refuses more than two decimals (%p)', (input) => {
    expectDomainError(() => parseAmount(input), 'INVALID_AMOUNT');
  });

  it.each(['', 'abc', '1e3', 'NaN', 'Infinity', '.5', '5.', ' 5', '+5', '1,5'])('refuses junk %p', (input) => {
    expectDomainError(() => parseAmount(input, { field: 'price' }), 'INVALID_AMOUNT', 'price');
  });

  it.each([12, null, undefined, {}, new Decimal('1')])('refuses non-strings (%p)', (input) => {
    expectDomainError(() => parseAmount(input), 'INVALID_AMOUNT');
  });

  it('refuses negative amounts unless allowed', () => {
    expectDomainError(() => parseAmount('-1.00', { field: 'amount' }), 'INVALID_AMOUNT', 'amount');
    expect(parseAmount('-1.5', { allowNegative: true })).toBe('-1.50');
    expect(parseAmount('-0')).toBe('0.00');
    expect(parseAmount('-0.00')).toBe('0.00');
  });

  it('isValidAmount mirrors parseAmount', () => {
    expect(isValidAmount('1.00')).toBe(true);
    expect(isValidAmount('1.001')).toBe(false);
    expect(isValidAmount('-1')).toBe(false);
    expect(isValidAmount('-1', { allowNegative: true })).toBe(true);
    expect(isValidAmount(1)).toBe(false);
  });
});

describe('addAmounts / subAmounts / sumAmounts / negateAmount', () => {
  it('adds and subtracts exactly where floats would not', () => {
    expect(addAmounts('0.10', '0.20')).toBe('0.30');
    expect(addAmounts('4500.00', '-100.00')).toBe('4400.00');
    expect(subAmounts('4500.00', '100.00')).toBe('4400.00');
    expect(subAmounts('4500.00', '1350.00')).toBe('3150.00');
    expect(subAmounts('0.00', '0.01')).toBe('-0.01');
    expect(subAmounts('1.00', '1.00')).toBe('0.00');
    expect(addAmounts('9999999999999999.99', '0.01')).toBe('10000000000000000.00');
  });

  it('rounds only the result', () => {
    expect(addAmounts('0.004', '0.004')).toBe('0.01');
    expect(subAmounts('1.005', '0.000')).toBe('1.01');
  });

  it('sums lists', () => {
    expect(sumAmounts([])).toBe('0.00');
    expect(sumAmounts(['490.00', '49.00'])).toBe('539.00');
    expect(sumAmounts(Array.from({ length: 10 }, () => '0.10'))).toBe('1.00');
    expect(sumAmounts(['1.00', '-1.00'])).toBe('0.00');
  });

  it('negates', () => {
    expect(negateAmount('100.00')).toBe('-100.00');
    expect(negateAmount('-0.01')).toBe('0.01');
    expect(negateAmount('0.00')).toBe('0.00');
  });

  it('matches integer-cent arithmetic', () => {
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        const x = centsToAmount(a);
        const y = centsToAmount(b);
        expect(addAmounts(x, y)).toBe(centsToAmount(a + b));
        expect(subAmounts(x, y)).toBe(centsToAmount(a - b));
        expect(subAmounts(addAmounts(x, y), y)).toBe(x);
        expect(compareAmounts(x, y)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('sums like integer cents, in any order', () => {
    fc.assert(
      fc.property(fc.array(cents, { maxLength: 30 }), (list) => {
        const amounts = list.map(centsToAmount);
        const expected = centsToAmount(list.reduce((s, c) => s + c, 0n));
        expect(sumAmounts(amounts)).toBe(expected);
        expect(sumAmounts([...amounts].reverse())).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('mulRate / percentOf', () => {
  it.each([
    ['49.00', '0.0725', '3.55'],
    ['490.00', '0.0725', '35.53'],
    ['4400.00', '0.20', '880.00'],
    ['4500.00', '0.30', '1350.00'],
    ['490.00', '0.00', '0.00'],
    ['0.00', '0.20', '0.00'],
    ['0.01', '0.5', '0.01'],
    ['0.01', '0.49', '0.00'],
    ['0.03', '0.5', '0.02'],
    ['99.99', '0.19', '19.00'],
    ['100.00', '1', '100.00'],
    ['12.34', '0.08875', '1.10'],
    ['-10.05', '0.5', '-5.03'],
  ])('%p × %p = %p', (amount, rate, expected) => {
    expect(mulRate(amount, rate)).toBe(expected);
  });

  it.each([
    ['4500.00', '10', '450.00'],
    ['99.99', '15', '15.00'],
    ['0.05', '10', '0.01'],
    ['0.04', '12.5', '0.01'],
    ['0.03', '12.5', '0.00'],
    ['490.00', '20.00', '98.00'],
    ['33.33', '33.333', '11.11'],
    ['10.00', '0', '0.00'],
    ['10.00', '100', '10.00'],
  ])('%p × %p %% = %p', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });

  it('refuses negative or malformed rates with INVALID_RATE', () => {
    expectDomainError(() => mulRate('1.00', '-0.1'), 'INVALID_RATE');
    expectDomainError(() => mulRate('1.00', '7.25%'), 'INVALID_RATE');
    expectDomainError(() => mulRate('1.00', '1e-2'), 'INVALID_RATE');
    expectDomainError(() => percentOf('1.00', 'abc'), 'INVALID_RATE');
    expectDomainError(() => mulRate('abc', '0.1'), 'INVALID_AMOUNT');
  });

  it('matches a BigInt half-up oracle', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 100000 }), (amountCents, rateUnits) => {
        const rate = (rateUnits / 100000).toFixed(5);
        expect(mulRate(centsToAmount(amountCents), rate)).toBe(centsToAmount(divHalfUp(amountCents * BigInt(rateUnits), 100000n)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('comparisons', () => {
  it('compares exactly', () => {
    expect(compareAmounts('1.00', '1')).toBe(0);
    expect(compareAmounts('1.00', '1.01')).toBe(-1);
    expect(compareAmounts('10.00', '9.99')).toBe(1);
    expect(compareAmounts('-0.00', '0')).toBe(0);
    expect(compareAmounts('100000000000000000000.01', '100000000000000000000.00')).toBe(1);
  });

  it('detects negatives and zero', () => {
    expect(isNegative('-0.01')).toBe(true);
    expect(isNegative('0.00')).toBe(false);
    expect(isNegative('-0.00')).toBe(false);
    expect(isNegative('0.01')).toBe(false);
    expect(isZero('0.00')).toBe(true);
    expect(isZero('-0')).toBe(true);
    expect(isZero('0.001')).toBe(false);
  });

  it('min and max', () => {
    expect(minAmount('100.00', '4500.00')).toBe('100.00');
    expect(minAmount('4500.00', '100')).toBe('100.00');
    expect(maxAmount('100.00', '4500.00')).toBe('4500.00');
    expect(minAmount('5.00')).toBe('5.00');
    expect(minAmount('3', '-1', '2')).toBe('-1.00');
    expect(maxAmount('3', '-1', '2')).toBe('3.00');
  });
});

describe('rates', () => {
  it.each([
    ['0.0725', '0.0725'],
    ['0.20', '0.20'],
    ['0.2', '0.20'],
    ['0.30', '0.30'],
    ['0', '0.00'],
    ['1', '1.00'],
    ['0.072500', '0.0725'],
    ['0.08875', '0.08875'],
  ])('parseRate(%p) = %p', (input, expected) => {
    expect(parseRate(input)).toBe(expected);
  });

  it.each(['1.01', '-0.1', 'abc', '1e-2', '0.1234567', '', '20%'])('parseRate refuses %p', (input) => {
    expectDomainError(() => parseRate(input, { field: 'taxRate' }), 'INVALID_RATE', 'taxRate');
  });

  it('parseRate honours max and maxDecimals', () => {
    expect(parseRate('50', { max: '100' })).toBe('50.00');
    expectDomainError(() => parseRate('100.5', { max: '100' }), 'INVALID_RATE');
    expectDomainError(() => parseRate('0.123', { maxDecimals: 2 }), 'INVALID_RATE');
    expectDomainError(() => parseRate(0.2), 'INVALID_RATE');
  });

  it('formats rates', () => {
    expect(formatRate('0.2')).toBe('0.20');
    expect(formatRate('0.0725')).toBe('0.0725');
    expect(formatRatePercent('0.0725')).toBe('7.25%');
    expect(formatRatePercent('0.20')).toBe('20%');
    expect(formatRatePercent('0.19')).toBe('19%');
    expect(formatRatePercent('0.08875')).toBe('8.875%');
    expect(formatRatePercent('0')).toBe('0%');
  });
});

describe('money / currency / formatMoney', () => {
  it('builds money values', () => {
    expect(money('4500', 'USD')).toEqual({ amount: '4500.00', currency: 'USD' });
    expect(money('1.005', 'EUR')).toEqual({ amount: '1.01', currency: 'EUR' });
    expectDomainError(() => money('1', 'usd'), 'INVALID_CURRENCY');
    expectDomainError(() => money('x', 'USD'), 'INVALID_AMOUNT');
  });

  it('checks currency codes', () => {
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(isCurrencyCode('us')).toBe(false);
    expect(isCurrencyCode(1)).toBe(false);
  });

  it('formats for display without float conversion', () => {
    expect(formatMoney({ amount: '4500.00', currency: 'USD' })).toBe('$4,500.00');
    expect(formatMoney({ amount: '0.00', currency: 'USD' })).toBe('$0.00');
    expect(formatMoney({ amount: '-100.00', currency: 'USD' })).toBe('-$100.00');
    expect(formatMoney({ amount: '12345678901234567.89', currency: 'USD' })).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney({ amount: '4400.00', currency: 'EUR' }, 'fr-FR')).toBe('4\u202f400,00\u00a0€');
    expect(formatMoney({ amount: '1234.50', currency: 'GBP' }, 'en-GB')).toBe('£1,234.50');
    expect(formatMoney({ amount: '1.5', currency: 'USD' })).toBe('$1.50');
  });

  it('shows cents for zero-decimal currencies only when present', () => {
    expect(formatMoney({ amount: '4400.00', currency: 'JPY' }, 'en-US')).toBe('¥4,400');
    expect(formatMoney({ amount: '4400.50', currency: 'JPY' }, 'en-US')).toBe('¥4,400.50');
  });

  it('refuses invalid input', () => {
    expectDomainError(() => formatMoney({ amount: 'abc', currency: 'USD' }), 'INVALID_AMOUNT');
    expectDomainError(() => formatMoney({ amount: '1.00', currency: 'dollars' }), 'INVALID_CURRENCY');
  });
});
