import { isValidCouponCode, normalizeCouponCode, referralCodeOf } from './coupon-code';

describe('referralCodeOf', () => {
  it('gives the canonical code of a link’s ?ref= value', () => {
    expect(referralCodeOf('jdref-2026')).toBe('JDREF-2026');
    expect(referralCodeOf('  abc_12 ')).toBe('ABC_12');
  });

  it('refuses what cannot be a code: other characters, too short or long, not a string', () => {
    expect(referralCodeOf('<script>')).toBeNull();
    expect(referralCodeOf('a;b=c')).toBeNull();
    expect(referralCodeOf('ab')).toBeNull();
    expect(referralCodeOf('A'.repeat(33))).toBeNull();
    expect(referralCodeOf(['ABC123'])).toBeNull();
    expect(referralCodeOf(undefined)).toBeNull();
  });

  it('accepts exactly the codes a coupon may have', () => {
    for (const raw of ['abc', 'x-y_z9', '-abc', 'ab', 'ÄBC1']) {
      expect(referralCodeOf(raw) !== null).toBe(isValidCouponCode(raw));
      if (referralCodeOf(raw)) expect(referralCodeOf(raw)).toBe(normalizeCouponCode(raw));
    }
  });
});
