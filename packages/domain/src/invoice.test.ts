import fc from 'fast-check';
import { DomainError } from './errors';
import {
  buildCartReceipt,
  buildReceiptLines,
  formatInvoiceNumber,
  parseInvoiceNumber,
  REVERSE_CHARGE_NOTE,
  type ReceiptQuote,
} from './invoice';
import { sumAmounts } from './money';
import { computeQuote, type QuotePlan } from './quote';

describe('formatInvoiceNumber', () => {
  it.each([
    [2025, 123, 'INV-2025-000123'],
    [2025, 1, 'INV-2025-000001'],
    [2024, 999999, 'INV-2024-999999'],
    [2025, 1000000, 'INV-2025-1000000'],
  ])('%i / %i → %s', (year, sequence, expected) => {
    expect(formatInvoiceNumber(year, sequence)).toBe(expected);
  });

  it.each([
    [999, 1],
    [10000, 1],
    [2025.5, 1],
    [2025, 0],
    [2025, -1],
    [2025, 1.5],
    [2025, Number.NaN],
  ])('refuses year %p, sequence %p', (year, sequence) => {
    expect(() => formatInvoiceNumber(year, sequence)).toThrow(expect.objectContaining({ code: 'INVALID_INVOICE_NUMBER' }));
  });

  it('parses what it formats', () => {
    expect(parseInvoiceNumber('INV-2025-000123')).toEqual({ year: 2025, sequence: 123 });
    expect(parseInvoiceNumber('INV-2025-1000000')).toEqual({ year: 2025, sequence: 1000000 });
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 10 ** 9 }), (year, sequence) => {
        expect(parseInvoiceNumber(formatInvoiceNumber(year, sequence))).toEqual({ year, sequence });
      }),
    );
  });

  it.each([
    'INV-2025-123',
    'INV-2025-000000',
    'INV-2025-0001234',
    'inv-2025-000123',
    'INV-0999-000001',
    'INV-2025-000123 ',
    'XINV-2025-000123',
  ])('does not parse %p', (value) => {
    expect(parseInvoiceNumber(value)).toBeNull();
  });
});

describe('buildReceiptLines', () => {
  const labels = { moduleName: 'Custom ERP', planName: 'Custom Dev', couponCode: 'CUSTOM100' };
  const purchase2: ReceiptQuote = {
    currency: 'USD',
    subtotal: '4500.00',
    discount: '100.00',
    taxRate: '0.00',
    taxName: 'VAT',
    reverseCharge: true,
    tax: '0.00',
    total: '4400.00',
    days: 10,
  };

  it('seed purchase 2, reverse-charged', () => {
    expect(buildReceiptLines(purchase2, labels)).toEqual({
      currency: 'USD',
      lines: [
        { description: 'Custom ERP — Custom Dev (10 days)', amount: '4500.00' },
        { description: 'Discount (CUSTOM100)', amount: '-100.00' },
        { description: 'VAT — reverse charge', amount: '0.00' },
      ],
      subtotal: '4500.00',
      discount: '100.00',
      tax: '0.00',
      total: '4400.00',
      reverseCharge: true,
      notes: [REVERSE_CHARGE_NOTE],
    });
    expect(REVERSE_CHARGE_NOTE).toBe('VAT reverse charge: customer to account for VAT, Article 196 Directive 2006/112/EC');
  });

  it('seed purchase 2 with French VAT', () => {
    const receipt = buildReceiptLines({ ...purchase2, reverseCharge: false, taxRate: '0.20', tax: '880.00', total: '5280.00' }, labels);
    expect(receipt.lines).toEqual([
      { description: 'Custom ERP — Custom Dev (10 days)', amount: '4500.00' },
      { description: 'Discount (CUSTOM100)', amount: '-100.00' },
      { description: 'VAT (20%)', amount: '880.00' },
    ]);
    expect(receipt.notes).toEqual([]);
    expect(receipt.total).toBe('5280.00');
  });

  it('California sales tax, no discount, no days', () => {
    const receipt = buildReceiptLines(
      {
        currency: 'USD',
        subtotal: '49.00',
        discount: '0.00',
        taxRate: '0.0725',
        taxName: 'Sales Tax',
        reverseCharge: false,
        tax: '3.55',
        total: '52.55',
        days: null,
      },
      { moduleName: 'CRM Pro', planName: 'Monthly' },
    );
    expect(receipt.lines).toEqual([
      { description: 'CRM Pro — Monthly', amount: '49.00' },
      { description: 'Sales Tax (7.25%)', amount: '3.55' },
    ]);
  });

  it('no tax rule: no tax line; a discount without a code; one day', () => {
    const receipt = buildReceiptLines(
      {
        currency: 'USD',
        subtotal: '450.00',
        discount: '45.00',
        taxRate: '0.00',
        taxName: null,
        reverseCharge: false,
        tax: '0.00',
        total: '405.00',
        days: 1,
      },
      { moduleName: 'Custom ERP', planName: 'Custom Dev' },
    );
    expect(receipt.lines).toEqual([
      { description: 'Custom ERP — Custom Dev (1 day)', amount: '450.00' },
      { description: 'Discount', amount: '-45.00' },
    ]);
  });

  it('a reverse-charged quote without a tax name says VAT', () => {
    expect(buildReceiptLines({ ...purchase2, taxName: null }, labels).lines[2]).toEqual({
      description: 'VAT — reverse charge',
      amount: '0.00',
    });
  });

  it('refuses a quote whose amounts do not add up', () => {
    expect(() => buildReceiptLines({ ...purchase2, total: '4500.00' }, labels)).toThrow(DomainError);
    expect(() =>
      buildReceiptLines({ ...purchase2, reverseCharge: false, taxName: null, tax: '1.00', total: '4401.00' }, labels),
    ).not.toThrow();
  });

  it('line amounts always add up to the total of a computed quote', () => {
    const at = new Date('2025-02-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 8 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (priceCents, taxUnits, percent, withTaxId) => {
          const plan: QuotePlan = {
            id: 1,
            moduleId: 1,
            planType: 'perpetual',
            priceAmount: (priceCents / 100).toFixed(2),
            priceCurrency: 'EUR',
            billingCycle: 'once',
            customRatePerDay: null,
            isActive: true,
          };
          const result = computeQuote({
            plan,
            coupon:
              percent === 0
                ? null
                : {
                    id: 1,
                    code: 'X',
                    discountType: 'percentage',
                    discountValue: String(percent),
                    appliesToModuleId: null,
                    appliesToPlanId: null,
                    minPurchaseAmount: null,
                    maxUses: null,
                    timesUsed: 0,
                    validFrom: null,
                    validUntil: null,
                    isActive: true,
                  },
            taxRules: [
              {
                id: 1,
                countryCode: 'DE',
                region: null,
                taxName: 'VAT',
                taxRate: (taxUnits / 10000).toFixed(4),
                isActive: true,
                effectiveFrom: new Date(0),
                effectiveTo: null,
              },
            ],
            org: { countryCode: 'DE', region: null, taxId: withTaxId ? 'DE123456789' : null },
            platformCountry: 'US',
            commissionHistory: [],
            vendorFallbackRate: '0.30',
            at,
          });
          if (!result.ok) throw new Error('expected a quote');
          const receipt = buildReceiptLines(result.quote, { moduleName: 'M', planName: 'P', couponCode: 'X' });
          expect(sumAmounts(receipt.lines.map((line) => line.amount))).toBe(receipt.total);
          expect(receipt.notes.length > 0).toBe(withTaxId);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('buildCartReceipt', () => {
  const q = (subtotal: string, discount: string, tax: string, total: string, currency = 'USD'): ReceiptQuote => ({
    currency,
    subtotal,
    discount,
    taxRate: '0.2000',
    taxName: 'VAT',
    reverseCharge: false,
    tax,
    total,
    days: null,
  });

  it('lists each line with its own discount and tax, and sums the totals to the cent', () => {
    // Custom ERP 10 days at 450 with CUSTOM100, VAT 20 %; CRM Pro Monthly 49.00 with 10 % off (4.90), VAT on 44.10 = 8.82.
    const r = buildCartReceipt([
      {
        quote: { ...q('4500.00', '100.00', '880.00', '5280.00'), days: 10 },
        labels: { moduleName: 'Custom ERP', planName: 'Custom Dev', couponCode: 'CUSTOM100' },
      },
      { quote: q('49.00', '4.90', '8.82', '52.92'), labels: { moduleName: 'CRM Pro', planName: 'Monthly', couponCode: 'TEN' } },
    ]);
    expect(r.lines.map((l) => [l.description, l.amount])).toEqual([
      ['Custom ERP — Custom Dev (10 days)', '4500.00'],
      ['Discount (CUSTOM100)', '-100.00'],
      ['VAT (20%)', '880.00'],
      ['CRM Pro — Monthly', '49.00'],
      ['Discount (TEN)', '-4.90'],
      ['VAT (20%)', '8.82'],
    ]);
    expect([r.subtotal, r.discount, r.tax, r.total]).toEqual(['4549.00', '104.90', '888.82', '5332.92']);
    expect(sumAmounts(r.lines.map((l) => l.amount))).toBe(r.total);
  });

  it('refuses mixed currencies and an empty cart', () => {
    const parts = [
      { quote: q('10.00', '0.00', '2.00', '12.00'), labels: { moduleName: 'A', planName: 'P' } },
      { quote: q('10.00', '0.00', '2.00', '12.00', 'EUR'), labels: { moduleName: 'B', planName: 'P' } },
    ];
    expect(() => buildCartReceipt(parts)).toThrow(expect.objectContaining({ code: 'CURRENCY_MISMATCH' }) as DomainError);
    expect(() => buildCartReceipt([])).toThrow(expect.objectContaining({ code: 'RECEIPT_EMPTY' }) as DomainError);
  });
});
