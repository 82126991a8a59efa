import fc from 'fast-check';
import {
  COUPON_ERROR_MESSAGES,
  evaluateCoupon,
  isValidCouponCode,
  normalizeCouponCode,
  validateCouponDefinition,
  type Coupon,
  type CouponContext,
} from './coupon';
import { compareAmounts } from './money';

const d = (iso: string): Date => new Date(iso);

/** The seed's discount_coupons. */
const LAUNCH50: Coupon = {
  id: 1,
  code: 'LAUNCH50',
  discountType: 'percentage',
  discountValue: '50.00',
  appliesToModuleId: null,
  appliesToPlanId: null,
  minPurchaseAmount: null,
  maxUses: 100,
  timesUsed: 23,
  validFrom: d('2024-01-01T00:00:00Z'),
  validUntil: d('2024-03-31T23:59:59Z'),
  isActive: false,
};
const ANNUAL20: Coupon = {
  id: 2,
  code: 'ANNUAL20',
  discountType: 'percentage',
  discountValue: '20.00',
  appliesToModuleId: null,
  appliesToPlanId: 2,
  minPurchaseAmount: null,
  maxUses: null,
  timesUsed: 45,
  validFrom: d('2024-01-01T00:00:00Z'),
  validUntil: null,
  isActive: true,
};
const CUSTOM100: Coupon = {
  id: 3,
  code: 'CUSTOM100',
  discountType: 'fixed',
  discountValue: '100.00',
  appliesToModuleId: 2,
  appliesToPlanId: null,
  minPurchaseAmount: '1000.00',
  maxUses: 10,
  timesUsed: 3,
  validFrom: d('2024-06-01T00:00:00Z'),
  validUntil: d('2024-12-31T23:59:59Z'),
  isActive: true,
};

const custom = (overrides: Partial<CouponContext> = {}): CouponContext => ({
  moduleId: 2,
  planId: 4,
  subtotal: '4500.00',
  at: d('2024-12-15T12:00:00Z'),
  ...overrides,
});

describe('evaluateCoupon on the seed coupons', () => {
  it('CUSTOM100 takes 100.00 off the 4500.00 custom development', () => {
    expect(evaluateCoupon(CUSTOM100, custom())).toEqual({ ok: true, discount: '100.00' });
  });

  it('CUSTOM100 is valid up to and including 2024-12-31 23:59:59', () => {
    expect(evaluateCoupon(CUSTOM100, custom({ at: d('2024-12-31T23:59:59Z') }))).toEqual({ ok: true, discount: '100.00' });
    expect(evaluateCoupon(CUSTOM100, custom({ at: d('2024-12-31T23:59:59.001Z') }))).toMatchObject({ ok: false, code: 'COUPON_EXPIRED' });
    // Seed purchase 2 is dated 2025-02-01, after the coupon's validUntil.
    expect(evaluateCoupon(CUSTOM100, custom({ at: d('2025-02-01T00:00:00Z') }))).toMatchObject({ ok: false, code: 'COUPON_EXPIRED' });
  });

  it('CUSTOM100 starts on 2024-06-01 (inclusive)', () => {
    expect(evaluateCoupon(CUSTOM100, custom({ at: d('2024-05-31T23:59:59.999Z') }))).toMatchObject({
      ok: false,
      code: 'COUPON_NOT_STARTED',
    });
    expect(evaluateCoupon(CUSTOM100, custom({ at: d('2024-06-01T00:00:00Z') }))).toEqual({ ok: true, discount: '100.00' });
  });

  it('CUSTOM100 applies only to module 2', () => {
    expect(evaluateCoupon(CUSTOM100, custom({ moduleId: 1, planId: 2 }))).toEqual({
      ok: false,
      code: 'COUPON_NOT_APPLICABLE',
      message: COUPON_ERROR_MESSAGES.COUPON_NOT_APPLICABLE,
    });
  });

  it('CUSTOM100 needs a 1000.00 subtotal (inclusive)', () => {
    expect(evaluateCoupon(CUSTOM100, custom({ subtotal: '999.99' }))).toMatchObject({ ok: false, code: 'MIN_PURCHASE_NOT_MET' });
    expect(evaluateCoupon(CUSTOM100, custom({ subtotal: '1000.00' }))).toEqual({ ok: true, discount: '100.00' });
  });

  it('LAUNCH50 is inactive', () => {
    expect(evaluateCoupon(LAUNCH50, { moduleId: 1, planId: 1, subtotal: '49.00', at: d('2024-02-01T00:00:00Z') })).toEqual({
      ok: false,
      code: 'COUPON_INACTIVE',
      message: COUPON_ERROR_MESSAGES.COUPON_INACTIVE,
    });
  });

  it('ANNUAL20 gives 20 % on the annual plan only', () => {
    const at = d('2025-01-01T00:00:00Z');
    expect(evaluateCoupon(ANNUAL20, { moduleId: 1, planId: 2, subtotal: '490.00', at })).toEqual({ ok: true, discount: '98.00' });
    expect(evaluateCoupon(ANNUAL20, { moduleId: 1, planId: 1, subtotal: '49.00', at })).toMatchObject({
      ok: false,
      code: 'COUPON_NOT_APPLICABLE',
    });
  });
});

describe('evaluateCoupon checks', () => {
  const open: Coupon = {
    id: 9,
    code: 'OPEN',
    discountType: 'percentage',
    discountValue: '10',
    appliesToModuleId: null,
    appliesToPlanId: null,
    minPurchaseAmount: null,
    maxUses: null,
    timesUsed: 0,
    validFrom: null,
    validUntil: null,
    isActive: true,
  };
  const ctx: CouponContext = { moduleId: 1, planId: 1, subtotal: '100.00', at: d('2025-01-01T00:00:00Z') };

  it('an unrestricted coupon applies anywhere, any time', () => {
    expect(evaluateCoupon(open, ctx)).toEqual({ ok: true, discount: '10.00' });
    expect(evaluateCoupon(open, { ...ctx, at: d('1970-01-01T00:00:00Z') })).toEqual({ ok: true, discount: '10.00' });
  });

  it('is exhausted at maxUses, not before', () => {
    expect(evaluateCoupon({ ...open, maxUses: 10, timesUsed: 9 }, ctx).ok).toBe(true);
    expect(evaluateCoupon({ ...open, maxUses: 10, timesUsed: 10 }, ctx)).toMatchObject({ ok: false, code: 'COUPON_EXHAUSTED' });
    expect(evaluateCoupon({ ...open, maxUses: 10, timesUsed: 11 }, ctx)).toMatchObject({ ok: false, code: 'COUPON_EXHAUSTED' });
    expect(evaluateCoupon({ ...open, maxUses: 0, timesUsed: 0 }, ctx)).toMatchObject({ ok: false, code: 'COUPON_EXHAUSTED' });
  });

  it('checks the plan scope', () => {
    expect(evaluateCoupon({ ...open, appliesToPlanId: 1 }, ctx).ok).toBe(true);
    expect(evaluateCoupon({ ...open, appliesToPlanId: 2 }, ctx)).toMatchObject({ code: 'COUPON_NOT_APPLICABLE' });
    expect(evaluateCoupon({ ...open, appliesToModuleId: 1, appliesToPlanId: 2 }, ctx)).toMatchObject({ code: 'COUPON_NOT_APPLICABLE' });
  });

  it('reports the first failing check in the documented order', () => {
    const everythingWrong: Coupon = {
      ...open,
      isActive: false,
      validFrom: d('2030-01-01T00:00:00Z'),
      validUntil: d('2020-01-01T00:00:00Z'),
      maxUses: 1,
      timesUsed: 1,
      appliesToModuleId: 99,
      minPurchaseAmount: '1000.00',
    };
    const order = [
      'COUPON_INACTIVE',
      'COUPON_NOT_STARTED',
      'COUPON_EXPIRED',
      'COUPON_EXHAUSTED',
      'COUPON_NOT_APPLICABLE',
      'MIN_PURCHASE_NOT_MET',
    ];
    let coupon = everythingWrong;
    const fixes: Array<(c: Coupon) => Coupon> = [
      (c) => ({ ...c, isActive: true }),
      (c) => ({ ...c, validFrom: null }),
      (c) => ({ ...c, validUntil: null }),
      (c) => ({ ...c, maxUses: null }),
      (c) => ({ ...c, appliesToModuleId: null }),
      (c) => ({ ...c, minPurchaseAmount: null }),
    ];
    order.forEach((code, i) => {
      expect(evaluateCoupon(coupon, ctx)).toMatchObject({ ok: false, code });
      coupon = (fixes[i] as (c: Coupon) => Coupon)(coupon);
    });
    expect(evaluateCoupon(coupon, ctx)).toEqual({ ok: true, discount: '10.00' });
  });

  it.each([
    ['10', '100.00', '10.00'],
    ['15', '99.99', '15.00'],
    ['12.5', '0.04', '0.01'],
    ['12.5', '0.03', '0.00'],
    ['33.33', '10.00', '3.33'],
    ['50', '0.01', '0.01'],
    ['49.99', '0.01', '0.00'],
    ['100', '490.00', '490.00'],
    ['150', '490.00', '490.00'],
    ['20', '0.00', '0.00'],
  ])('percentage %s%% of %s = %s', (value, subtotal, expected) => {
    expect(evaluateCoupon({ ...open, discountValue: value }, { ...ctx, subtotal })).toEqual({ ok: true, discount: expected });
  });

  it.each([
    ['100.00', '4500.00', '100.00'],
    ['100', '100.00', '100.00'],
    ['100.00', '99.99', '99.99'],
    ['100.00', '0.00', '0.00'],
    ['0.50', '49.00', '0.50'],
  ])('fixed %s off %s = %s', (value, subtotal, expected) => {
    expect(evaluateCoupon({ ...open, discountType: 'fixed', discountValue: value }, { ...ctx, subtotal })).toEqual({
      ok: true,
      discount: expected,
    });
  });

  it('never discounts more than the subtotal, never negative', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'percentage' | 'fixed'>('percentage', 'fixed'),
        fc.integer({ min: 0, max: 20000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (discountType, valueCents, subtotalCents) => {
          const discountValue = (valueCents / 100).toFixed(2);
          const subtotal = (subtotalCents / 100).toFixed(2);
          const result = evaluateCoupon({ ...open, discountType, discountValue }, { ...ctx, subtotal });
          if (!result.ok) throw new Error('expected ok');
          expect(result.discount).toMatch(/^\d+\.\d{2}$/);
          expect(compareAmounts(result.discount, subtotal)).toBeLessThanOrEqual(0);
          expect(compareAmounts(result.discount, '0')).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('coupon codes', () => {
  it('normalizes case and whitespace', () => {
    expect(normalizeCouponCode('custom100')).toBe('CUSTOM100');
    expect(normalizeCouponCode('  Annual20 \n')).toBe('ANNUAL20');
    expect(normalizeCouponCode('LAUNCH50')).toBe('LAUNCH50');
  });

  it('validates code format', () => {
    expect(isValidCouponCode('CUSTOM100')).toBe(true);
    expect(isValidCouponCode(' spring-2025 ')).toBe(true);
    expect(isValidCouponCode('A_B')).toBe(true);
    expect(isValidCouponCode('AB')).toBe(false);
    expect(isValidCouponCode('-ABC')).toBe(false);
    expect(isValidCouponCode('HAS SPACE')).toBe(false);
    expect(isValidCouponCode('X'.repeat(33))).toBe(false);
    expect(isValidCouponCode('ÉTÉ2025')).toBe(false);
  });
});

describe('validateCouponDefinition', () => {
  const valid = {
    code: 'SPRING25',
    discountType: 'percentage' as const,
    discountValue: '25.00',
    minPurchaseAmount: null,
    maxUses: null,
    validFrom: null,
    validUntil: null,
  };

  it('accepts the seed coupons', () => {
    for (const coupon of [LAUNCH50, ANNUAL20, CUSTOM100]) expect(validateCouponDefinition(coupon)).toEqual([]);
    expect(validateCouponDefinition(valid)).toEqual([]);
    expect(validateCouponDefinition({ ...valid, discountValue: '100' })).toEqual([]);
    expect(validateCouponDefinition({ ...valid, validFrom: d('2025-01-01T00:00:00Z'), validUntil: d('2025-01-01T00:00:00Z') })).toEqual([]);
  });

  it.each([
    [{ code: 'x' }, 'INVALID_COUPON_CODE', 'code'],
    [{ discountValue: '0' }, 'INVALID_DISCOUNT_VALUE', 'discountValue'],
    [{ discountValue: '-5' }, 'INVALID_DISCOUNT_VALUE', 'discountValue'],
    [{ discountValue: '100.01' }, 'INVALID_DISCOUNT_VALUE', 'discountValue'],
    [{ discountValue: '10.001' }, 'INVALID_DISCOUNT_VALUE', 'discountValue'],
    [{ discountValue: 'ten' }, 'INVALID_DISCOUNT_VALUE', 'discountValue'],
    [{ minPurchaseAmount: '-1' }, 'INVALID_AMOUNT', 'minPurchaseAmount'],
    [{ maxUses: 0 }, 'INVALID_MAX_USES', 'maxUses'],
    [{ maxUses: 1.5 }, 'INVALID_MAX_USES', 'maxUses'],
    [{ validFrom: d('2025-02-01T00:00:00Z'), validUntil: d('2025-01-31T00:00:00Z') }, 'INVALID_VALIDITY_WINDOW', 'validUntil'],
  ])('%p → %s on %s', (overrides, code, field) => {
    const errors = validateCouponDefinition({ ...valid, ...overrides });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, field });
    expect(errors[0]?.message).toEqual(expect.any(String));
  });

  it('explains a bad fixed discount', () => {
    const [error] = validateCouponDefinition({ ...valid, discountType: 'fixed', discountValue: '0.00' });
    expect(error).toMatchObject({
      code: 'INVALID_DISCOUNT_VALUE',
      field: 'discountValue',
      message: expect.stringMatching(/fixed discount/),
    });
  });

  it('allows a fixed discount above 100', () => {
    expect(validateCouponDefinition({ ...valid, discountType: 'fixed', discountValue: '500.00' })).toEqual([]);
  });

  it('reports every invalid field at once', () => {
    const errors = validateCouponDefinition({ ...valid, code: '', discountValue: '0', maxUses: -1 });
    expect(errors.map((e) => e.field)).toEqual(['code', 'discountValue', 'maxUses']);
  });
});
