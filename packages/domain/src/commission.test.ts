import { commissionRateAt, type CommissionPeriod } from './commission';

const d = (iso: string): Date => new Date(iso);

describe('commissionRateAt', () => {
  // Seed commission_history row 1 (vendor 2, DevShop Solutions).
  const devShop: CommissionPeriod[] = [{ effectiveFrom: d('2024-06-15T00:00:00Z'), effectiveTo: null, commissionRate: '0.30' }];

  it('returns the seed rate for DevShop from 2024-06-15', () => {
    expect(commissionRateAt(devShop, d('2025-02-01T00:00:00Z'), '0.25')).toBe('0.30');
    expect(commissionRateAt(devShop, d('2024-06-15T00:00:00Z'), '0.25')).toBe('0.30');
  });

  it('falls back before the first row and with no history', () => {
    expect(commissionRateAt(devShop, d('2024-06-14T23:59:59.999Z'), '0.25')).toBe('0.25');
    expect(commissionRateAt([], d('2025-01-01T00:00:00Z'), '0.00')).toBe('0.00');
  });

  const changes: CommissionPeriod[] = [
    { effectiveFrom: d('2024-01-01T00:00:00Z'), effectiveTo: d('2025-01-01T00:00:00Z'), commissionRate: '0.30' },
    { effectiveFrom: d('2025-01-01T00:00:00Z'), effectiveTo: d('2025-07-01T00:00:00Z'), commissionRate: '0.20' },
    { effectiveFrom: d('2025-07-01T00:00:00Z'), effectiveTo: null, commissionRate: '0.15' },
  ];

  it('uses an inclusive start and an exclusive end', () => {
    expect(commissionRateAt(changes, d('2024-12-31T23:59:59.999Z'), 'x')).toBe('0.30');
    expect(commissionRateAt(changes, d('2025-01-01T00:00:00Z'), 'x')).toBe('0.20');
    expect(commissionRateAt(changes, d('2025-06-30T23:59:59.999Z'), 'x')).toBe('0.20');
    expect(commissionRateAt(changes, d('2025-07-01T00:00:00Z'), 'x')).toBe('0.15');
    expect(commissionRateAt(changes, d('2030-01-01T00:00:00Z'), 'x')).toBe('0.15');
  });

  it('does not depend on the order of the rows', () => {
    const reversed = [...changes].reverse();
    for (const iso of ['2024-03-01T00:00:00Z', '2025-03-01T00:00:00Z', '2025-09-01T00:00:00Z']) {
      expect(commissionRateAt(reversed, d(iso), 'x')).toBe(commissionRateAt(changes, d(iso), 'x'));
    }
  });

  it('falls back in a gap between rows', () => {
    const gap: CommissionPeriod[] = [
      { effectiveFrom: d('2024-01-01T00:00:00Z'), effectiveTo: d('2024-02-01T00:00:00Z'), commissionRate: '0.30' },
      { effectiveFrom: d('2024-03-01T00:00:00Z'), effectiveTo: null, commissionRate: '0.20' },
    ];
    expect(commissionRateAt(gap, d('2024-02-15T00:00:00Z'), '0.10')).toBe('0.10');
  });

  it('with overlapping rows, the latest effectiveFrom wins', () => {
    const overlapping: CommissionPeriod[] = [
      { effectiveFrom: d('2024-06-01T00:00:00Z'), effectiveTo: null, commissionRate: '0.25' },
      { effectiveFrom: d('2024-01-01T00:00:00Z'), effectiveTo: null, commissionRate: '0.30' },
    ];
    expect(commissionRateAt(overlapping, d('2024-03-01T00:00:00Z'), 'x')).toBe('0.30');
    expect(commissionRateAt(overlapping, d('2024-06-01T00:00:00Z'), 'x')).toBe('0.25');
    expect(commissionRateAt(overlapping, d('2025-01-01T00:00:00Z'), 'x')).toBe('0.25');
  });

  it('on identical starts, the later row in the list wins', () => {
    const same: CommissionPeriod[] = [
      { effectiveFrom: d('2024-01-01T00:00:00Z'), effectiveTo: null, commissionRate: '0.30' },
      { effectiveFrom: d('2024-01-01T00:00:00Z'), effectiveTo: null, commissionRate: '0.10' },
    ];
    expect(commissionRateAt(same, d('2024-02-01T00:00:00Z'), 'x')).toBe('0.10');
  });

  it('ignores an empty window (from == to)', () => {
    const empty: CommissionPeriod[] = [
      { effectiveFrom: d('2024-01-01T00:00:00Z'), effectiveTo: d('2024-01-01T00:00:00Z'), commissionRate: '0.99' },
    ];
    expect(commissionRateAt(empty, d('2024-01-01T00:00:00Z'), '0.30')).toBe('0.30');
  });
});
