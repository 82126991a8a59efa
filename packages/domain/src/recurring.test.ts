import fc from 'fast-check';
import { churnPercent, monthlyEquivalent, monthlyRecurringRevenue } from './recurring';
import { sumAmounts } from './money';

describe('monthly recurring revenue', () => {
  it('normalises yearly prices to a month, half-up to the cent, per line', () => {
    expect(monthlyEquivalent({ amount: '49.00', cycle: 'monthly' })).toBe('49.00');
    expect(monthlyEquivalent({ amount: '490.00', cycle: 'yearly' })).toBe('40.83'); // 40.8333…
    expect(monthlyEquivalent({ amount: '0.06', cycle: 'yearly' })).toBe('0.01'); // 0.005 → 0.01
    expect(monthlyEquivalent({ amount: '999.00', cycle: 'once' })).toBe('0.00');
    expect(monthlyEquivalent({ amount: '450.00', cycle: 'custom' })).toBe('0.00');
  });

  it('sums the rounded lines (not the rounded sum)', () => {
    // 3 × 0.06/12 = 3 × 0.005 → 0.01 each → 0.03 (the unrounded total would be 0.015 → 0.02).
    expect(monthlyRecurringRevenue([0, 1, 2].map(() => ({ amount: '0.06', cycle: 'yearly' })))).toBe('0.03');
    expect(
      monthlyRecurringRevenue([
        { amount: '49.00', cycle: 'monthly' },
        { amount: '490.00', cycle: 'yearly' },
        { amount: '999.00', cycle: 'once' },
      ]),
    ).toBe('89.83');
    expect(monthlyRecurringRevenue([])).toBe('0.00');
  });

  it('property: monthly items add up exactly; a yearly line is within half a cent of price/12', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 20 }), (cents) => {
        const amounts = cents.map((c) => (c / 100).toFixed(2));
        expect(monthlyRecurringRevenue(amounts.map((amount) => ({ amount, cycle: 'monthly' })))).toBe(sumAmounts(amounts));
        for (const c of cents) {
          const m = Math.round(Number(monthlyEquivalent({ amount: (c / 100).toFixed(2), cycle: 'yearly' })) * 100);
          expect(Math.abs(m * 12 - c)).toBeLessThanOrEqual(6);
        }
      }),
    );
  });
});

describe('churn', () => {
  it('is cancellations over subscriptions at the start, two decimals', () => {
    expect(churnPercent(1, 3)).toBe('33.33');
    expect(churnPercent(2, 3)).toBe('66.67');
    expect(churnPercent(0, 10)).toBe('0.00');
    expect(churnPercent(0, 0)).toBeNull();
    expect(() => churnPercent(-1, 2)).toThrow(RangeError);
  });
});
