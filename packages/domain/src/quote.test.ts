import fc from 'fast-check';
import type { CommissionPeriod } from './commission';
import type { Coupon } from './coupon';
import { DomainError } from './errors';
import { computeQuote, MAX_CUSTOM_DAYS, type Quote, type QuoteInput, type QuotePlan } from './quote';
import type { TaxRule } from './tax';

const d = (iso: string): Date => new Date(iso);

// ---- Seed data (sections 3 and 5) ----
const monthly: QuotePlan = {
  id: 1,
  moduleId: 1,
  planType: 'subscription',
  priceAmount: '49.00',
  priceCurrency: 'USD',
  billingCycle: 'monthly',
  customRatePerDay: null,
  isActive: true,
};
const annual: QuotePlan = {
  id: 2,
  moduleId: 1,
  planType: 'subscription',
  priceAmount: '490.00',
  priceCurrency: 'USD',
  billingCycle: 'yearly',
  customRatePerDay: null,
  isActive: true,
};
const lifetime: QuotePlan = {
  id: 3,
  moduleId: 1,
  planType: 'perpetual',
  priceAmount: '999.00',
  priceCurrency: 'USD',
  billingCycle: 'once',
  customRatePerDay: null,
  isActive: true,
};
const customDev: QuotePlan = {
  id: 4,
  moduleId: 2,
  planType: 'custom',
  priceAmount: null,
  priceCurrency: 'USD',
  billingCycle: 'custom',
  customRatePerDay: '450.00',
  isActive: true,
};
const freeTier: QuotePlan = {
  id: 5,
  moduleId: 3,
  planType: 'freemium',
  priceAmount: '0.00',
  priceCurrency: 'USD',
  billingCycle: 'monthly',
  customRatePerDay: null,
  isActive: true,
};

const taxRules: TaxRule[] = [
  {
    id: 1,
    countryCode: 'US',
    region: 'CA',
    taxName: 'Sales Tax',
    taxRate: '0.0725',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
  {
    id: 2,
    countryCode: 'FR',
    region: null,
    taxName: 'VAT',
    taxRate: '0.20',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
  {
    id: 3,
    countryCode: 'GB',
    region: null,
    taxName: 'VAT',
    taxRate: '0.20',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
  {
    id: 4,
    countryCode: 'DE',
    region: null,
    taxName: 'VAT',
    taxRate: '0.19',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
];

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

const devShopHistory: CommissionPeriod[] = [{ effectiveFrom: d('2024-06-15T00:00:00Z'), effectiveTo: null, commissionRate: '0.30' }];

const techStart = { countryCode: 'FR', region: null, taxId: 'FR40303265045' };
const acme = { countryCode: 'GB', region: null, taxId: 'GB123456789' };
const californian = { countryCode: 'US', region: 'CA', taxId: null };

function input(overrides: Partial<QuoteInput>): QuoteInput {
  return {
    plan: monthly,
    taxRules,
    org: californian,
    platformCountry: 'US',
    commissionHistory: [],
    vendorFallbackRate: '0.00',
    at: d('2025-02-15T00:00:00Z'),
    ...overrides,
  };
}

function quoteOf(overrides: Partial<QuoteInput>): Quote {
  const result = computeQuote(input(overrides));
  if (!result.ok) throw new Error(`expected a quote, got ${JSON.stringify(result.errors)}`);
  return result.quote;
}

describe('computeQuote — seed purchase 2 (Custom ERP, 10 days, CUSTOM100)', () => {
  // The seed dates purchase 2 on 2025-02-01, after CUSTOM100's validUntil (2024-12-31 23:59:59);
  // the amounts are reproduced at the last instant the coupon is valid.
  const purchase2 = {
    plan: customDev,
    days: 10,
    coupon: CUSTOM100,
    commissionHistory: devShopHistory,
    vendorFallbackRate: '0.30',
    at: d('2024-12-31T23:59:59Z'),
  };

  it('reverse-charges TechStart (FR VAT id, platform in the US)', () => {
    expect(quoteOf({ ...purchase2, org: techStart })).toEqual({
      currency: 'USD',
      subtotal: '4500.00',
      discount: '100.00',
      taxableAmount: '4400.00',
      taxRate: '0.00',
      taxName: 'VAT',
      taxRuleId: 2,
      reverseCharge: true,
      tax: '0.00',
      total: '4400.00',
      commissionRate: '0.30',
      commission: '1350.00',
      vendorAmount: '3150.00',
      couponId: 3,
      discountFundedBy: 'platform',
      days: 10,
    });
  });

  it('charges French VAT 20 % without a tax id', () => {
    expect(quoteOf({ ...purchase2, org: { ...techStart, taxId: null } })).toEqual({
      currency: 'USD',
      subtotal: '4500.00',
      discount: '100.00',
      taxableAmount: '4400.00',
      taxRate: '0.20',
      taxName: 'VAT',
      taxRuleId: 2,
      reverseCharge: false,
      tax: '880.00',
      total: '5280.00',
      commissionRate: '0.30',
      commission: '1350.00',
      vendorAmount: '3150.00',
      couponId: 3,
      discountFundedBy: 'platform',
      days: 10,
    });
  });

  it('charges French VAT with an invalid tax id', () => {
    const quote = quoteOf({ ...purchase2, org: { ...techStart, taxId: 'FR123' } });
    expect([quote.reverseCharge, quote.tax, quote.total]).toEqual([false, '880.00', '5280.00']);
  });

  it('charges VAT when the platform is in the same country', () => {
    const quote = quoteOf({ ...purchase2, org: techStart, platformCountry: 'FR' });
    expect([quote.reverseCharge, quote.tax, quote.total]).toEqual([false, '880.00', '5280.00']);
  });

  it('refuses the coupon on the seed purchase date (expired)', () => {
    const result = computeQuote(input({ ...purchase2, org: techStart, at: d('2025-02-01T00:00:00Z') }));
    expect(result).toEqual({ ok: false, errors: [{ code: 'COUPON_EXPIRED', field: 'couponCode', message: expect.any(String) }] });
  });

  it('without the coupon, on the seed purchase date', () => {
    const quote = quoteOf({ ...purchase2, coupon: null, org: techStart, at: d('2025-02-01T00:00:00Z') });
    expect(quote).toMatchObject({
      subtotal: '4500.00',
      discount: '0.00',
      total: '4500.00',
      commission: '1350.00',
      vendorAmount: '3150.00',
      couponId: null,
    });
  });

  it('pays the vendor on the subtotal, not on the discounted amount', () => {
    const quote = quoteOf({ ...purchase2, org: techStart });
    expect(quote.vendorAmount).toBe('3150.00');
    expect(quote.commission).toBe('1350.00');
  });
});

describe('computeQuote — vendor-funded coupons (vendor coupons and referral codes)', () => {
  const vendorCoupon = { ...CUSTOM100, fundedBy: 'vendor' as const };
  const purchase2 = {
    plan: customDev,
    days: 10,
    coupon: vendorCoupon,
    commissionHistory: devShopHistory,
    vendorFallbackRate: '0.30',
    at: d('2024-12-31T23:59:59Z'),
  };

  it('takes commission on the discounted subtotal and the discount out of the vendor amount', () => {
    // 4500 − 100 = 4400; commission 30 % × 4400 = 1320; vendor 4400 − 1320 = 3080 (platform coupon: 1350 / 3150).
    const q = quoteOf({ ...purchase2, org: techStart });
    expect(q).toMatchObject({
      subtotal: '4500.00',
      discount: '100.00',
      taxableAmount: '4400.00',
      total: '4400.00',
      commission: '1320.00',
      vendorAmount: '3080.00',
      couponId: 3,
      discountFundedBy: 'vendor',
    });
  });

  it('taxes the discounted subtotal, as for platform coupons', () => {
    const q = quoteOf({ ...purchase2, org: { ...techStart, taxId: null } });
    expect(q).toMatchObject({ taxableAmount: '4400.00', tax: '880.00', total: '5280.00', commission: '1320.00', vendorAmount: '3080.00' });
  });

  it('rounds a percentage discount and the commission half-up to the cent', () => {
    // 49.00 × 15 % = 7.35 → 41.65; commission 30 % × 41.65 = 12.495 → 12.50; vendor 29.15.
    const coupon: Coupon = { ...ANNUAL20, appliesToPlanId: null, discountValue: '15.00', fundedBy: 'vendor' };
    const q = quoteOf({ coupon, commissionHistory: devShopHistory, vendorFallbackRate: '0.30' });
    expect(q).toMatchObject({ subtotal: '49.00', discount: '7.35', commission: '12.50', vendorAmount: '29.15' });
  });

  it('a vendor-funded discount of the whole subtotal leaves no commission and nothing for the vendor', () => {
    const coupon: Coupon = { ...ANNUAL20, appliesToPlanId: null, discountValue: '100.00', fundedBy: 'vendor' };
    const q = quoteOf({ coupon, commissionHistory: devShopHistory, vendorFallbackRate: '0.30' });
    expect(q).toMatchObject({ discount: '49.00', total: '0.00', commission: '0.00', vendorAmount: '0.00' });
  });
});

describe('computeQuote — other seed purchases', () => {
  it('purchase 1: Acme (GB VAT id) buys CRM Pro annual from the official vendor at 0 %', () => {
    expect(quoteOf({ plan: annual, org: acme, at: d('2025-01-01T00:00:00Z') })).toMatchObject({
      subtotal: '490.00',
      discount: '0.00',
      tax: '0.00',
      reverseCharge: true,
      total: '490.00',
      commissionRate: '0.00',
      commission: '0.00',
      vendorAmount: '490.00',
    });
  });

  it('purchase 3: TechStart buys CRM Pro monthly', () => {
    expect(quoteOf({ plan: monthly, org: techStart })).toMatchObject({
      subtotal: '49.00',
      tax: '0.00',
      total: '49.00',
      commission: '0.00',
      vendorAmount: '49.00',
    });
  });

  it('ANNUAL20 on the annual plan for a GB org without a tax id', () => {
    expect(quoteOf({ plan: annual, coupon: ANNUAL20, org: { ...acme, taxId: null } })).toMatchObject({
      subtotal: '490.00',
      discount: '98.00',
      taxableAmount: '392.00',
      taxRate: '0.20',
      tax: '78.40',
      total: '470.40',
      vendorAmount: '490.00',
      couponId: 2,
    });
  });
});

describe('computeQuote — California sales tax (0.0725)', () => {
  it('49.00 → tax 3.55 (3.5525 rounds down)', () => {
    expect(quoteOf({ plan: monthly })).toMatchObject({
      subtotal: '49.00',
      taxRate: '0.0725',
      taxName: 'Sales Tax',
      taxRuleId: 1,
      reverseCharge: false,
      tax: '3.55',
      total: '52.55',
    });
  });

  it('490.00 → tax 35.53 (35.525 rounds half up)', () => {
    expect(quoteOf({ plan: annual })).toMatchObject({ subtotal: '490.00', tax: '35.53', total: '525.53' });
  });

  it('999.00 → tax 72.43 (72.4275)', () => {
    expect(quoteOf({ plan: lifetime })).toMatchObject({ tax: '72.43', total: '1071.43' });
  });

  it('a US org with a tax id is not reverse-charged by a US platform', () => {
    expect(quoteOf({ plan: monthly, org: { ...californian, taxId: '12-3456789' } })).toMatchObject({ reverseCharge: false, tax: '3.55' });
  });

  it('other US states and region-less US orgs pay no tax', () => {
    expect(quoteOf({ plan: monthly, org: { ...californian, region: 'NY' } })).toMatchObject({
      taxRate: '0.00',
      taxName: null,
      taxRuleId: null,
      tax: '0.00',
      total: '49.00',
    });
    expect(quoteOf({ plan: monthly, org: { ...californian, region: null } })).toMatchObject({ tax: '0.00' });
  });

  it('taxes the discounted amount', () => {
    const coupon: Coupon = { ...ANNUAL20, appliesToPlanId: null, discountValue: '10' };
    // 49.00 − 4.90 = 44.10; × 0.0725 = 3.19725 → 3.20
    expect(quoteOf({ plan: monthly, coupon })).toMatchObject({ discount: '4.90', taxableAmount: '44.10', tax: '3.20', total: '47.30' });
  });
});

describe('computeQuote — tax and commission details', () => {
  it('an org in a country without a rule pays no tax and is not reverse-charged', () => {
    expect(quoteOf({ plan: monthly, org: { countryCode: 'JP', region: null, taxId: 'T1234567890123' } })).toMatchObject({
      tax: '0.00',
      reverseCharge: false,
      taxRuleId: null,
      taxRate: '0.00',
    });
  });

  it('uses the tax rule in effect at the quote instant', () => {
    const rules: TaxRule[] = [
      { ...(taxRules[3] as TaxRule), id: 40, effectiveTo: d('2025-01-01T00:00:00Z') },
      { ...(taxRules[3] as TaxRule), id: 41, taxRate: '0.16', effectiveFrom: d('2025-01-01T00:00:00Z') },
    ];
    const de = { countryCode: 'DE', region: null, taxId: null };
    expect(quoteOf({ plan: annual, taxRules: rules, org: de, at: d('2024-12-31T23:59:59Z') })).toMatchObject({
      taxRuleId: 40,
      tax: '93.10',
    });
    expect(quoteOf({ plan: annual, taxRules: rules, org: de, at: d('2025-01-01T00:00:00Z') })).toMatchObject({
      taxRuleId: 41,
      taxRate: '0.16',
      tax: '78.40',
    });
  });

  it('uses the commission rate in effect at the quote instant, with the fallback before', () => {
    const history: CommissionPeriod[] = [
      { effectiveFrom: d('2024-06-15T00:00:00Z'), effectiveTo: d('2025-01-01T00:00:00Z'), commissionRate: '0.30' },
      { effectiveFrom: d('2025-01-01T00:00:00Z'), effectiveTo: null, commissionRate: '0.25' },
    ];
    const base = { plan: lifetime, commissionHistory: history, vendorFallbackRate: '0.35' };
    expect(quoteOf({ ...base, at: d('2024-06-14T00:00:00Z') })).toMatchObject({
      commissionRate: '0.35',
      commission: '349.65',
      vendorAmount: '649.35',
    });
    expect(quoteOf({ ...base, at: d('2024-12-31T23:59:59Z') })).toMatchObject({
      commissionRate: '0.30',
      commission: '299.70',
      vendorAmount: '699.30',
    });
    expect(quoteOf({ ...base, at: d('2025-01-01T00:00:00Z') })).toMatchObject({
      commissionRate: '0.25',
      commission: '249.75',
      vendorAmount: '749.25',
    });
  });

  it('rounds the commission half-up to the cent', () => {
    // 49.00 × 0.125 = 6.125 → 6.13; vendor 42.87
    expect(quoteOf({ plan: monthly, vendorFallbackRate: '0.125' })).toMatchObject({ commission: '6.13', vendorAmount: '42.87' });
    // 0.01 × 0.5 = 0.005 → 0.01; vendor 0.00
    expect(quoteOf({ plan: { ...monthly, priceAmount: '0.01' }, vendorFallbackRate: '0.5' })).toMatchObject({
      commission: '0.01',
      vendorAmount: '0.00',
    });
  });

  it('normalizes rate strings', () => {
    expect(quoteOf({ plan: monthly, vendorFallbackRate: '0.3' })).toMatchObject({ commissionRate: '0.30', commission: '14.70' });
  });

  it('a 100 % discount leaves nothing to tax or charge, but still pays the vendor', () => {
    const coupon: Coupon = { ...ANNUAL20, appliesToPlanId: null, discountValue: '100' };
    expect(quoteOf({ plan: annual, coupon, vendorFallbackRate: '0.30' })).toMatchObject({
      discount: '490.00',
      taxableAmount: '0.00',
      tax: '0.00',
      total: '0.00',
      commission: '147.00',
      vendorAmount: '343.00',
    });
  });

  it('a fixed coupon larger than the subtotal is capped', () => {
    const coupon: Coupon = { ...CUSTOM100, appliesToModuleId: null, minPurchaseAmount: null, validUntil: null, discountValue: '500.00' };
    expect(quoteOf({ plan: annual, coupon })).toMatchObject({ discount: '490.00', total: '0.00' });
  });

  it('throws on malformed stored rates and prices', () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        return (error as DomainError).code;
      }
      return 'none';
    };
    expect(code(() => computeQuote(input({ vendorFallbackRate: '30%' })))).toBe('INVALID_RATE');
    expect(code(() => computeQuote(input({ vendorFallbackRate: '1.5' })))).toBe('INVALID_RATE');
    expect(code(() => computeQuote(input({ taxRules: [{ ...(taxRules[0] as TaxRule), taxRate: '7.25' }] })))).toBe('INVALID_RATE');
    expect(code(() => computeQuote(input({ plan: { ...monthly, priceAmount: '-1.00' } })))).toBe('INVALID_AMOUNT');
    expect(code(() => computeQuote(input({ plan: { ...monthly, priceAmount: '49.005' } })))).toBe('INVALID_AMOUNT');
    expect(code(() => computeQuote(input({ plan: { ...monthly, priceCurrency: 'usd' } })))).toBe('INVALID_CURRENCY');
    expect(code(() => computeQuote(input({ plan: { ...customDev, customRatePerDay: 'abc' }, days: 3 })))).toBe('INVALID_AMOUNT');
  });
});

describe('computeQuote — plans', () => {
  it('the freemium tier costs nothing', () => {
    expect(quoteOf({ plan: freeTier })).toMatchObject({
      subtotal: '0.00',
      tax: '0.00',
      total: '0.00',
      commission: '0.00',
      vendorAmount: '0.00',
    });
  });

  it('free plans without a price cost nothing', () => {
    expect(quoteOf({ plan: { ...freeTier, planType: 'free', priceAmount: null } })).toMatchObject({ subtotal: '0.00', total: '0.00' });
    expect(quoteOf({ plan: { ...freeTier, priceAmount: null } })).toMatchObject({ subtotal: '0.00' });
  });

  it('ignores days for non-custom plans', () => {
    expect(quoteOf({ plan: monthly, days: 10 })).toMatchObject({ subtotal: '49.00', days: null });
  });

  it.each([
    [1, '450.00'],
    [10, '4500.00'],
    [365, '164250.00'],
    [MAX_CUSTOM_DAYS, '1642500.00'],
  ])('custom plan: %i days × 450.00 = %s', (days, subtotal) => {
    expect(quoteOf({ plan: customDev, days, org: { countryCode: 'JP', region: null, taxId: null } })).toMatchObject({
      subtotal,
      total: subtotal,
      days,
    });
  });

  it('custom plan with cents per day', () => {
    expect(quoteOf({ plan: { ...customDev, customRatePerDay: '33.33' }, days: 3, org: californian })).toMatchObject({
      subtotal: '99.99',
      tax: '7.25',
      total: '107.24',
    });
  });

  it('PLAN_INACTIVE on planId', () => {
    expect(computeQuote(input({ plan: { ...monthly, isActive: false } }))).toEqual({
      ok: false,
      errors: [{ code: 'PLAN_INACTIVE', field: 'planId', message: expect.any(String) }],
    });
  });

  it('PRICE_MISSING for a paid plan without a price', () => {
    expect(computeQuote(input({ plan: { ...monthly, priceAmount: null } }))).toEqual({
      ok: false,
      errors: [{ code: 'PRICE_MISSING', field: 'planId', message: expect.any(String) }],
    });
    expect(computeQuote(input({ plan: { ...lifetime, priceAmount: null } }))).toMatchObject({
      ok: false,
      errors: [{ code: 'PRICE_MISSING' }],
    });
    expect(computeQuote(input({ plan: { ...customDev, customRatePerDay: null }, days: 5 }))).toMatchObject({
      ok: false,
      errors: [{ code: 'PRICE_MISSING' }],
    });
  });

  it.each([undefined, null])('DAYS_REQUIRED when days is %p', (days) => {
    expect(computeQuote(input({ plan: customDev, days }))).toEqual({
      ok: false,
      errors: [{ code: 'DAYS_REQUIRED', field: 'days', message: expect.any(String) }],
    });
  });

  it.each([0, -1, 1.5, MAX_CUSTOM_DAYS + 1, Number.NaN, Number.POSITIVE_INFINITY])('DAYS_INVALID when days is %p', (days) => {
    expect(computeQuote(input({ plan: customDev, days }))).toEqual({
      ok: false,
      errors: [{ code: 'DAYS_INVALID', field: 'days', message: expect.any(String) }],
    });
  });

  it('reports several errors at once', () => {
    const result = computeQuote(input({ plan: { ...customDev, isActive: false, customRatePerDay: null }, coupon: CUSTOM100 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(['PLAN_INACTIVE', 'PRICE_MISSING', 'DAYS_REQUIRED']);
  });

  it('reports an inactive plan and a coupon error together', () => {
    const result = computeQuote(input({ plan: { ...annual, isActive: false }, coupon: { ...ANNUAL20, isActive: false } }));
    expect(result).toEqual({
      ok: false,
      errors: [
        { code: 'PLAN_INACTIVE', field: 'planId', message: expect.any(String) },
        { code: 'COUPON_INACTIVE', field: 'couponCode', message: expect.any(String) },
      ],
    });
  });

  it.each<[string, Coupon]>([
    ['COUPON_INACTIVE', { ...CUSTOM100, isActive: false }],
    ['COUPON_NOT_STARTED', { ...CUSTOM100, validFrom: d('2025-01-01T00:00:00Z') }],
    ['COUPON_EXHAUSTED', { ...CUSTOM100, timesUsed: 10 }],
    ['COUPON_NOT_APPLICABLE', { ...CUSTOM100, appliesToModuleId: 1 }],
    ['COUPON_NOT_APPLICABLE', { ...CUSTOM100, appliesToPlanId: 1 }],
    ['MIN_PURCHASE_NOT_MET', { ...CUSTOM100, minPurchaseAmount: '4500.01' }],
  ])('coupon error %s on couponCode', (code, coupon) => {
    expect(computeQuote(input({ plan: customDev, days: 10, coupon, at: d('2024-12-01T00:00:00Z') }))).toEqual({
      ok: false,
      errors: [{ code, field: 'couponCode', message: expect.any(String) }],
    });
  });

  it('CUSTOM100 minimum: 2 days (900.00) fail, 3 days (1350.00) pass', () => {
    const at = d('2024-12-01T00:00:00Z');
    expect(computeQuote(input({ plan: customDev, days: 2, coupon: CUSTOM100, at }))).toMatchObject({
      ok: false,
      errors: [{ code: 'MIN_PURCHASE_NOT_MET' }],
    });
    expect(quoteOf({ plan: customDev, days: 3, coupon: CUSTOM100, at, org: techStart })).toMatchObject({
      subtotal: '1350.00',
      discount: '100.00',
      total: '1250.00',
    });
  });
});

// ---- Property tests ----

/** Oracle: integer cents as BigInt → 2-decimal string. */
const fmt = (c: bigint): string => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
/** Oracle: half-up division for non-negative integers. */
const divHalfUp = (n: bigint, dd: bigint): bigint => (2n * n + dd) / (2n * dd);
const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));

const AMOUNT = /^\d+\.\d{2}$/;

const scenario = fc.record({
  custom: fc.boolean(),
  priceCents: fc.bigInt({ min: 0n, max: 10n ** 11n }),
  dailyCents: fc.bigInt({ min: 0n, max: 10n ** 8n }),
  days: fc.integer({ min: 1, max: MAX_CUSTOM_DAYS }),
  taxUnits: fc.integer({ min: 0, max: 100000 }), // rate = units / 100000 (up to 5 decimals)
  commissionUnits: fc.integer({ min: 0, max: 10000 }), // rate = units / 10000
  coupon: fc.option(
    fc.record({
      percentage: fc.boolean(),
      percentHundredths: fc.integer({ min: 1, max: 10000 }),
      fixedCents: fc.bigInt({ min: 1n, max: 10n ** 10n }),
    }),
    { nil: null },
  ),
  reverseCharge: fc.boolean(),
  hasTaxRule: fc.boolean(),
});

describe('computeQuote — properties', () => {
  it('amounts add up exactly, to the cent, over thousands of random quotes', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const taxRate = (s.taxUnits / 100000).toFixed(5);
        const commissionRate = (s.commissionUnits / 10000).toFixed(4);
        const plan: QuotePlan = s.custom
          ? { ...customDev, customRatePerDay: fmt(s.dailyCents) }
          : { ...lifetime, priceAmount: fmt(s.priceCents) };
        const coupon: Coupon | null =
          s.coupon === null
            ? null
            : {
                ...ANNUAL20,
                appliesToPlanId: null,
                discountType: s.coupon.percentage ? 'percentage' : 'fixed',
                discountValue: s.coupon.percentage ? fmt(BigInt(s.coupon.percentHundredths)) : fmt(s.coupon.fixedCents),
              };
        const rules: TaxRule[] = s.hasTaxRule
          ? [
              {
                id: 9,
                countryCode: 'FR',
                region: null,
                taxName: 'VAT',
                taxRate,
                isActive: true,
                effectiveFrom: d('2024-01-01T00:00:00Z'),
                effectiveTo: null,
              },
            ]
          : [];
        const result = computeQuote(
          input({
            plan,
            days: s.days,
            coupon,
            taxRules: rules,
            org: { countryCode: 'FR', region: null, taxId: s.reverseCharge ? 'FR40303265045' : null },
            vendorFallbackRate: commissionRate,
          }),
        );
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const q = result.quote;

        for (const amount of [q.subtotal, q.discount, q.taxableAmount, q.tax, q.total, q.commission, q.vendorAmount]) {
          expect(amount).toMatch(AMOUNT); // exactly 2 decimals, never negative
        }
        const [subtotal, discount, taxable, tax, total, commission, vendor] = [
          q.subtotal,
          q.discount,
          q.taxableAmount,
          q.tax,
          q.total,
          q.commission,
          q.vendorAmount,
        ].map(cents) as bigint[];
        expect(total).toBe(subtotal! - discount! + tax!);
        expect(taxable).toBe(subtotal! - discount!);
        expect(commission! + vendor!).toBe(subtotal);
        expect(discount! <= subtotal!).toBe(true);

        // Independent oracle in integer arithmetic.
        const expectedSubtotal = s.custom ? s.dailyCents * BigInt(s.days) : s.priceCents;
        expect(subtotal).toBe(expectedSubtotal);
        let expectedDiscount = 0n;
        if (s.coupon !== null) {
          expectedDiscount = s.coupon.percentage
            ? divHalfUp(expectedSubtotal * BigInt(s.coupon.percentHundredths), 10000n)
            : s.coupon.fixedCents;
          if (expectedDiscount > expectedSubtotal) expectedDiscount = expectedSubtotal;
        }
        expect(discount).toBe(expectedDiscount);
        const charged = s.hasTaxRule && !s.reverseCharge;
        expect(tax).toBe(charged ? divHalfUp((expectedSubtotal - expectedDiscount) * BigInt(s.taxUnits), 100000n) : 0n);
        expect(commission).toBe(divHalfUp(expectedSubtotal * BigInt(s.commissionUnits), 10000n));
        expect(q.reverseCharge).toBe(s.hasTaxRule && s.reverseCharge);
      }),
      { numRuns: 5000 },
    );
  });

  it('is deterministic: the same input gives the same quote', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 10000 }), (priceCents, units) => {
        const i = input({ plan: { ...monthly, priceAmount: fmt(priceCents) }, vendorFallbackRate: (units / 10000).toFixed(4) });
        expect(computeQuote(i)).toEqual(computeQuote(i));
      }),
      { numRuns: 500 },
    );
  });
});
