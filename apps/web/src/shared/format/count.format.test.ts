import { describe, expect, it } from 'vitest';
import { formatCount } from './count.format';

describe('formatCount', () => {
  it('groups thousands with commas, as en-US does', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(7)).toBe('7');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(100000)).toBe('100,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234)).toBe('-1,234');
  });

  it('writes exactly what toLocaleString("en-US") writes, for integers of every length and for the rest', () => {
    const values = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, Number.NaN, Number.POSITIVE_INFINITY];
    for (let d = 1; d <= 16; d++) values.push(10 ** (d - 1), 10 ** d - 1, Math.floor(10 ** (d - 1) * 3.7));
    for (const n of values) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
});
