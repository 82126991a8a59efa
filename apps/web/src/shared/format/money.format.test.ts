import { describe, expect, it } from 'vitest';
import { compareAmounts, formatMoney } from './money.format';

describe('formatMoney', () => {
  it('formats exact decimal strings with the currency symbol and grouping', () => {
    expect(formatMoney({ amount: '4500.00', currency: 'USD' }, { locale: 'en-US' })).toBe('$4,500.00');
    expect(formatMoney({ amount: '19', currency: 'EUR' }, { locale: 'en-US' })).toBe('€19.00');
    expect(formatMoney({ amount: '1234.5', currency: 'GBP' }, { locale: 'en-GB' })).toBe('£1,234.50');
  });

  it('never goes through a binary float: amounts beyond float precision keep every digit', () => {
    expect(formatMoney({ amount: '12345678901234567.89', currency: 'USD' }, { locale: 'en-US' })).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney({ amount: '0.10', currency: 'USD' }, { locale: 'en-US' })).toBe('$0.10');
    expect(formatMoney({ amount: '0.30', currency: 'USD' }, { locale: 'en-US' })).toBe('$0.30');
  });

  it('keeps the sign of negative amounts, including below one unit', () => {
    expect(formatMoney({ amount: '-100.00', currency: 'USD' }, { locale: 'en-US' })).toBe('-$100.00');
    expect(formatMoney({ amount: '-0.50', currency: 'USD' }, { locale: 'en-US' })).toBe('-$0.50');
    expect(formatMoney({ amount: '-0.00', currency: 'USD' }, { locale: 'en-US' })).toBe('$0.00');
  });

  it('keeps extra fraction digits the API sends and pads to the minimum', () => {
    expect(formatMoney({ amount: '1.125', currency: 'USD' }, { locale: 'en-US' })).toBe('$1.125');
    expect(formatMoney({ amount: '7', currency: 'USD' }, { locale: 'en-US', minFractionDigits: 0 })).toBe('$7');
  });

  it('falls back to the plain amount and code for an unknown currency or a malformed amount', () => {
    expect(formatMoney({ amount: '10.00', currency: 'NOPE1' }, { locale: 'en-US' })).toBe('10.00 NOPE1');
    expect(formatMoney({ amount: 'abc', currency: 'USD' }, { locale: 'en-US' })).toBe('abc USD');
  });
});

describe('compareAmounts', () => {
  it('compares exactly, whatever the number of fraction digits', () => {
    expect(compareAmounts('10.00', '10')).toBe(0);
    expect(compareAmounts('0.1', '0.10')).toBe(0);
    expect(compareAmounts('9.99', '10.00')).toBe(-1);
    expect(compareAmounts('-1.00', '-2.00')).toBe(1);
    expect(compareAmounts('12345678901234567.01', '12345678901234567.00')).toBe(1);
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => compareAmounts('1e3', '1')).toThrow('Not a decimal amount');
  });
});
