import { describe, expect, it } from 'vitest';
import { percent, ratePercent } from './rate.format';

describe('rates as percentages (exact, @wk/domain)', () => {
  it('moves the decimal point without floats', () => {
    expect(ratePercent('0.0725')).toBe('7.25');
    expect(ratePercent('0.20')).toBe('20');
    expect(ratePercent('0.225')).toBe('22.5');
    expect(ratePercent('0.07')).toBe('7');
    expect(ratePercent('1.00')).toBe('100');
    expect(ratePercent('0.00')).toBe('0');
    // 0.1 + 0.2 style float errors cannot appear: 0.285 × 100 is 28.499999999999996 in binary floats.
    expect(ratePercent('0.285')).toBe('28.5');
  });

  it('writes the percentage as the admin and vendor pages show it', () => {
    expect(percent('0.30')).toBe('30 %');
    expect(percent('0.175')).toBe('17.5 %');
  });
});
