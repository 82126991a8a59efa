import fc from 'fast-check';
import { DomainError } from './errors';
import { computePayout, monthPeriod, previousMonth } from './payout';

const iso = (date: Date): string => date.toISOString();

describe('computePayout', () => {
  it('seed payout 2: DevShop, February 2025', () => {
    expect(computePayout([{ subtotal: '4500.00', commission: '1350.00', vendorAmount: '3150.00' }])).toEqual({
      totalSales: '4500.00',
      commissionAmount: '1350.00',
      payoutAmount: '3150.00',
      salesCount: 1,
    });
  });

  it('seed payout 1: Webkernel Labs, January 2025 at 0 %', () => {
    expect(
      computePayout([
        { subtotal: '490.00', commission: '0.00', vendorAmount: '490.00' },
        { subtotal: '49.00', commission: '0.00', vendorAmount: '49.00' },
      ]),
    ).toEqual({ totalSales: '539.00', commissionAmount: '0.00', payoutAmount: '539.00', salesCount: 2 });
  });

  it('no sales, nothing to pay', () => {
    expect(computePayout([])).toEqual({ totalSales: '0.00', commissionAmount: '0.00', payoutAmount: '0.00', salesCount: 0 });
  });

  it('adds many cents exactly', () => {
    const sales = Array.from({ length: 1000 }, () => ({ subtotal: '0.10', commission: '0.03', vendorAmount: '0.07' }));
    expect(computePayout(sales)).toEqual({ totalSales: '100.00', commissionAmount: '30.00', payoutAmount: '70.00', salesCount: 1000 });
  });

  it('refuses a sale that does not add up', () => {
    expect(() => computePayout([{ subtotal: '100.00', commission: '30.00', vendorAmount: '69.99' }])).toThrow(
      expect.objectContaining({ code: 'PAYOUT_INCONSISTENT' }),
    );
    expect(() => computePayout([{ subtotal: 'x', commission: '0', vendorAmount: '0' }])).toThrow(DomainError);
  });

  it('payout = total sales − commission, for any consistent sales', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 100 })), { maxLength: 50 }), (rows) => {
        let total = 0n;
        let commission = 0n;
        const sales = rows.map(([subtotalCents, percent]) => {
          const c = BigInt(Math.floor((subtotalCents * percent) / 100));
          total += BigInt(subtotalCents);
          commission += c;
          const fmt = (v: bigint): string => `${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`;
          return { subtotal: fmt(BigInt(subtotalCents)), commission: fmt(c), vendorAmount: fmt(BigInt(subtotalCents) - c) };
        });
        const result = computePayout(sales);
        const cents = (s: string): bigint => BigInt(s.replace('.', ''));
        expect(cents(result.totalSales)).toBe(total);
        expect(cents(result.commissionAmount)).toBe(commission);
        expect(cents(result.payoutAmount)).toBe(total - commission);
      }),
      { numRuns: 500 },
    );
  });
});

describe('monthPeriod', () => {
  it.each([
    [2025, 1, '2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z'],
    [2025, 2, '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z'],
    [2024, 2, '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    [2025, 12, '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    [50, 1, '0050-01-01T00:00:00.000Z', '0050-02-01T00:00:00.000Z'],
  ])('%i-%i → [%s, %s)', (year, month, start, end) => {
    const period = monthPeriod(year, month);
    expect([period.year, period.month, iso(period.start), iso(period.end)]).toEqual([year, month, start, end]);
  });

  it('covers the seed payout periods (seed ends are inclusive, ours exclusive)', () => {
    const feb = monthPeriod(2025, 2);
    const lastSecond = new Date('2025-02-28T23:59:59Z');
    expect(feb.start.getTime() <= lastSecond.getTime() && lastSecond.getTime() < feb.end.getTime()).toBe(true);
    expect(feb.end.getTime() - 1000).toBe(lastSecond.getTime());
  });

  it.each([
    [2025, 0, 'month'],
    [2025, 13, 'month'],
    [2025, 1.5, 'month'],
    [0, 1, 'year'],
    [10000, 1, 'year'],
  ])('refuses %p-%p', (year, month, field) => {
    expect(() => monthPeriod(year, month)).toThrow(expect.objectContaining({ code: 'INVALID_PERIOD', field }));
  });
});

describe('previousMonth', () => {
  it.each([
    ['2025-02-05T00:00:00Z', 2025, 1],
    ['2025-03-01T00:00:00Z', 2025, 2],
    ['2025-02-28T23:59:59.999Z', 2025, 1],
    ['2025-01-01T00:00:00Z', 2024, 12],
    ['2025-01-31T23:59:59Z', 2024, 12],
  ])('%s → %i-%i', (at, year, month) => {
    const period = previousMonth(new Date(at));
    expect([period.year, period.month]).toEqual([year, month]);
    expect(period).toEqual(monthPeriod(year, month));
  });

  it('ends exactly where the current month begins', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        const period = previousMonth(at);
        expect(period.end.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(period.end.getUTCDate()).toBe(1);
        expect(period.end.getUTCMonth()).toBe(at.getUTCMonth());
        expect(period.start.getTime()).toBeLessThan(period.end.getTime());
      }),
      { numRuns: 500 },
    );
  });
});
