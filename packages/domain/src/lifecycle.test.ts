import fc from 'fast-check';
import {
  exceedsUserLimit,
  formatCreditNoteNumber,
  parseCreditNoteNumber,
  planChangeKind,
  prorateUpgrade,
  splitRefund,
  trialEnd,
} from './lifecycle';
import { addAmounts, compareAmounts, subAmounts, sumAmounts } from './money';
import { DomainError } from './errors';

const d = (iso: string) => new Date(iso);
const cents = (n: number) => (n / 100).toFixed(2);

describe('planChangeKind', () => {
  it('a dearer plan is an upgrade (Monthly 49 → Annual 490); cheaper or equal is a downgrade', () => {
    expect(planChangeKind('49.00', '490.00')).toBe('upgrade');
    expect(planChangeKind('490.00', '49.00')).toBe('downgrade');
    expect(planChangeKind('99.00', '99.00')).toBe('downgrade');
  });
});

describe('prorateUpgrade', () => {
  const month = { periodStart: d('2026-03-01T00:00:00Z'), periodEnd: d('2026-03-31T00:00:00Z') }; // 30 days

  it('credits the unused part exactly: 49.00 × 20/30 = 32.666… → 32.67; Annual 490 − 32.67 = 457.33', () => {
    expect(prorateUpgrade({ ...month, paid: '49.00', newPrice: '490.00', at: d('2026-03-11T00:00:00Z') })).toEqual({
      credit: '32.67',
      net: '457.33',
      unusedMs: 20 * 86_400_000,
      periodMs: 30 * 86_400_000,
    });
  });

  it('rounds half-up once: 0.05 × 1/2 = 0.025 → 0.03', () => {
    const r = prorateUpgrade({
      paid: '0.05',
      newPrice: '1.00',
      periodStart: d('2026-01-01T00:00:00Z'),
      periodEnd: d('2026-01-03T00:00:00Z'),
      at: d('2026-01-02T00:00:00Z'),
    });
    expect(r.credit).toBe('0.03');
  });

  it('at the period start the whole payment is credited; at or after its end nothing', () => {
    expect(prorateUpgrade({ ...month, paid: '49.00', newPrice: '490.00', at: month.periodStart }).credit).toBe('49.00');
    expect(prorateUpgrade({ ...month, paid: '49.00', newPrice: '490.00', at: d('2026-02-01T00:00:00Z') }).credit).toBe('49.00');
    expect(prorateUpgrade({ ...month, paid: '49.00', newPrice: '490.00', at: month.periodEnd }).credit).toBe('0.00');
    expect(prorateUpgrade({ ...month, paid: '49.00', newPrice: '490.00', at: d('2026-05-01T00:00:00Z') }).net).toBe('490.00');
  });

  it('never charges below zero', () => {
    expect(prorateUpgrade({ ...month, paid: '490.00', newPrice: '49.00', at: month.periodStart }).net).toBe('0.00');
  });

  it('refuses an empty period and negative amounts', () => {
    expect(() =>
      prorateUpgrade({ paid: '1.00', newPrice: '2.00', periodStart: month.periodEnd, periodEnd: month.periodEnd, at: month.periodEnd }),
    ).toThrow(DomainError);
    expect(() => prorateUpgrade({ ...month, paid: '-1.00', newPrice: '2.00', at: month.periodStart })).toThrow(DomainError);
  });

  const arb = fc.record({
    paidCents: fc.integer({ min: 0, max: 10_000_000 }),
    newCents: fc.integer({ min: 0, max: 10_000_000 }),
    start: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
    length: fc.integer({ min: 1, max: 400 * 86_400_000 }),
    offset: fc.integer({ min: -10 * 86_400_000, max: 410 * 86_400_000 }),
  });

  it('property: 0 ≤ credit ≤ paid, net = max(0, new − credit), both in whole cents', () => {
    fc.assert(
      fc.property(arb, ({ paidCents, newCents, start, length, offset }) => {
        const r = prorateUpgrade({
          paid: cents(paidCents),
          newPrice: cents(newCents),
          periodStart: new Date(start),
          periodEnd: new Date(start + length),
          at: new Date(start + offset),
        });
        expect(compareAmounts(r.credit, '0')).toBeGreaterThanOrEqual(0);
        expect(compareAmounts(r.credit, cents(paidCents))).toBeLessThanOrEqual(0);
        expect(r.credit).toMatch(/^\d+\.\d{2}$/);
        const diff = subAmounts(cents(newCents), r.credit);
        expect(r.net).toBe(compareAmounts(diff, '0') < 0 ? '0.00' : diff);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the credit equals the exact rational value rounded half-up (checked with integer arithmetic)', () => {
    fc.assert(
      fc.property(arb, ({ paidCents, newCents, start, length, offset }) => {
        const r = prorateUpgrade({
          paid: cents(paidCents),
          newPrice: cents(newCents),
          periodStart: new Date(start),
          periodEnd: new Date(start + length),
          at: new Date(start + offset),
        });
        const unused = BigInt(Math.min(length, Math.max(0, length - offset)));
        const num = BigInt(paidCents) * unused;
        const den = BigInt(length);
        const expected = (2n * num + den) / (2n * den); // half-up for non-negative values
        expect(r.credit).toBe(cents(Number(expected)));
      }),
      { numRuns: 500 },
    );
  });

  it('property: the later the upgrade, the smaller the credit (never increases with time)', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 100 * 86_400_000 }), ({ paidCents, newCents, start, length, offset }, later) => {
        const base = {
          paid: cents(paidCents),
          newPrice: cents(newCents),
          periodStart: new Date(start),
          periodEnd: new Date(start + length),
        };
        const a = prorateUpgrade({ ...base, at: new Date(start + offset) });
        const b = prorateUpgrade({ ...base, at: new Date(start + offset + later) });
        expect(compareAmounts(b.credit, a.credit)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitRefund', () => {
  const sale = { total: '58.80', commission: '14.70', vendorAmount: '34.30', refundedBefore: '0.00' }; // 49 + 20 % VAT, 30 %

  it('a full refund takes back the whole vendor amount and commission', () => {
    expect(splitRefund(sale, '58.80')).toEqual({
      amount: '58.80',
      isFull: true,
      vendorAdjustment: '-34.30',
      commissionAdjustment: '-14.70',
      salesAdjustment: '-49.00',
    });
  });

  it('a partial refund is split in proportion: 29.40 of 58.80 → vendor −17.15, commission −7.35', () => {
    expect(splitRefund(sale, '29.40')).toEqual({
      amount: '29.40',
      isFull: false,
      vendorAdjustment: '-17.15',
      commissionAdjustment: '-7.35',
      salesAdjustment: '-24.50',
    });
  });

  it('refuses zero, negative, more than what is left, and more than two decimals', () => {
    for (const bad of ['0', '-1.00', '58.81', '1.001']) expect(() => splitRefund(sale, bad)).toThrow(DomainError);
    expect(() => splitRefund({ ...sale, refundedBefore: '58.80' }, '0.01')).toThrow(/Refund between/);
  });

  it('property: any sequence of partial refunds adds up exactly to the full refund', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (totalCents, commissionPct, weights) => {
          const total = cents(totalCents);
          const salesCents = Math.floor((totalCents * 5) / 6);
          const commission = cents(Math.round((salesCents * commissionPct) / 100));
          const vendorAmount = subAmounts(cents(salesCents), commission);
          // Cut the total into parts by the weights (each ≥ 1 cent where possible).
          const sum = weights.reduce((a, b) => a + b, 0);
          let left = totalCents;
          const parts: number[] = [];
          weights.forEach((w, i) => {
            const p = i === weights.length - 1 ? left : Math.min(left, Math.floor((totalCents * w) / sum));
            if (p > 0) parts.push(p);
            left -= p;
          });
          let before = '0.00';
          const splits = parts.map((p) => {
            const s = splitRefund({ total, commission, vendorAmount, refundedBefore: before }, cents(p));
            before = addAmounts(before, s.amount);
            return s;
          });
          expect(splits.at(-1)!.isFull).toBe(true);
          expect(splits.filter((s) => s.isFull)).toHaveLength(1);
          expect(sumAmounts(splits.map((s) => s.vendorAdjustment))).toBe(subAmounts('0', vendorAmount));
          expect(sumAmounts(splits.map((s) => s.commissionAdjustment))).toBe(subAmounts('0', commission));
          splits.forEach((s) => expect(addAmounts(s.vendorAdjustment, s.commissionAdjustment)).toBe(s.salesAdjustment));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('credit note numbers, trials, user limits', () => {
  it('CN-<year>-<6 digits>, round-trips', () => {
    expect(formatCreditNoteNumber(2026, 7)).toBe('CN-2026-000007');
    expect(parseCreditNoteNumber('CN-2026-000007')).toEqual({ year: 2026, sequence: 7 });
    expect(parseCreditNoteNumber('CN-2026-07')).toBeNull();
    expect(parseCreditNoteNumber('INV-2026-000007')).toBeNull();
    expect(() => formatCreditNoteNumber(2026, 0)).toThrow(DomainError);
  });

  it('a 14-day trial ends 14 × 24 h later; 0 days is no trial', () => {
    expect(trialEnd(d('2026-03-01T10:00:00Z'), 14)).toEqual(d('2026-03-15T10:00:00Z'));
    expect(() => trialEnd(d('2026-03-01T10:00:00Z'), 0)).toThrow(DomainError);
  });

  it('user limit: exceeded only beyond the limit; no limit never', () => {
    expect(exceedsUserLimit(5, 5)).toBe(false);
    expect(exceedsUserLimit(5, 6)).toBe(true);
    expect(exceedsUserLimit(null, 10_000)).toBe(false);
  });
});
