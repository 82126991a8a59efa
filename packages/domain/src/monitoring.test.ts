import fc from 'fast-check';
import {
  errorRateAbove,
  errorRatePercent,
  histogramPercentile,
  LATENCY_BUCKET_COUNT,
  LATENCY_BUCKETS_MS,
  mergeHistograms,
  parseLatencyHistogram,
  parseThresholdPercent,
} from './monitoring';

const hist = (byBound: Record<string, number>) => {
  const r = parseLatencyHistogram(byBound);
  if (!r.ok) throw new Error(r.message);
  return r.counts;
};

describe('parseLatencyHistogram', () => {
  it('maps bucket bounds to stored counts, missing buckets 0', () => {
    const r = parseLatencyHistogram({ '50': 900, '100': 80, '+Inf': 2 });
    expect(r).toEqual({ ok: true, counts: expect.any(Array), total: 982 });
    if (!r.ok) return;
    expect(r.counts).toHaveLength(LATENCY_BUCKET_COUNT);
    expect(r.counts[LATENCY_BUCKETS_MS.indexOf(50)]).toBe(900);
    expect(r.counts[LATENCY_BUCKETS_MS.indexOf(100)]).toBe(80);
    expect(r.counts[LATENCY_BUCKET_COUNT - 1]).toBe(2);
    expect(r.counts.reduce((s, n) => s + n, 0)).toBe(982);
  });

  it('refuses unknown buckets, bad counts and non-objects, naming the key', () => {
    expect(parseLatencyHistogram({ '60': 1 })).toMatchObject({ ok: false, key: '60', code: 'INVALID_HISTOGRAM' });
    expect(parseLatencyHistogram({ '100': -1 })).toMatchObject({ ok: false, key: '100', code: 'INVALID_NUMBER' });
    expect(parseLatencyHistogram({ '100': 1.5 })).toMatchObject({ ok: false, key: '100', code: 'INVALID_NUMBER' });
    expect(parseLatencyHistogram({ '100': '3' })).toMatchObject({ ok: false, key: '100', code: 'INVALID_NUMBER' });
    expect(parseLatencyHistogram([1, 2])).toMatchObject({ ok: false, key: null, code: 'INVALID_HISTOGRAM' });
    expect(parseLatencyHistogram('p95=120')).toMatchObject({ ok: false, key: null, code: 'INVALID_HISTOGRAM' });
  });
});

describe('histogramPercentile (nearest rank, bucket upper bound)', () => {
  // 1000 calls: 500 ≤ 50 ms, 400 in (50, 100], 60 in (100, 250→ bucket 300], 30 in (300, 500], 10 in (750, 1000].
  const h = hist({ '50': 500, '100': 400, '300': 60, '500': 30, '1000': 10 });

  it('reads p50, p95, p99 exactly', () => {
    expect(histogramPercentile(h, 0.5)).toEqual({ ms: 50, overflow: false }); // rank 500 → the 500th call is in "50"
    expect(histogramPercentile(h, 0.9)).toEqual({ ms: 100, overflow: false }); // rank 900 → still "100"
    expect(histogramPercentile(h, 0.95)).toEqual({ ms: 300, overflow: false }); // rank 950: 900 + 60 ≥ 950
    expect(histogramPercentile(h, 0.99)).toEqual({ ms: 500, overflow: false }); // rank 990: 960 + 30 ≥ 990
    expect(histogramPercentile(h, 1)).toEqual({ ms: 1000, overflow: false });
  });

  it('uses ⌈q × N⌉ without float error at the boundary', () => {
    // 20 calls: 19 in "10", 1 in "5000". p95 → rank ⌈19⌉ = 19 → "10" (0.95 × 20 is 18.999… in floats).
    const b = hist({ '10': 19, '5000': 1 });
    expect(histogramPercentile(b, 0.95)).toEqual({ ms: 10, overflow: false });
    expect(histogramPercentile(b, 0.99)).toEqual({ ms: 5000, overflow: false }); // rank ⌈19.8⌉ = 20
  });

  it('reports the open bucket as "more than 30 000 ms"', () => {
    expect(histogramPercentile(hist({ '100': 1, '+Inf': 99 }), 0.5)).toEqual({ ms: 30000, overflow: true });
  });

  it('is null without any call', () => {
    expect(histogramPercentile(new Array(LATENCY_BUCKET_COUNT).fill(0), 0.95)).toBeNull();
    expect(histogramPercentile([], 0.5)).toBeNull();
  });

  it('merging then reading is the percentile of all calls together (not an average of percentiles)', () => {
    // Install A: 100 fast calls; install B: 10 slow calls. Mean of the p95s would be (10 + 2000)/2.
    const a = hist({ '10': 100 });
    const b = hist({ '2000': 10 });
    const merged = mergeHistograms([a, b, []]);
    expect(merged.reduce((s, n) => s + n, 0)).toBe(110);
    expect(histogramPercentile(merged, 0.95)).toEqual({ ms: 2000, overflow: false }); // rank 105 > 100
    expect(histogramPercentile(merged, 0.9)).toEqual({ ms: 10, overflow: false }); // rank 99
  });

  it('property: the percentile is monotonic in q and merge is order-free', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: LATENCY_BUCKET_COUNT, maxLength: LATENCY_BUCKET_COUNT }), (counts) => {
        const p50 = histogramPercentile(counts, 0.5);
        const p99 = histogramPercentile(counts, 0.99);
        if (!p50 || !p99) return counts.every((n) => n === 0);
        return p50.ms <= p99.ms && JSON.stringify(mergeHistograms([counts, counts])) === JSON.stringify(counts.map((n) => 2 * n));
      }),
    );
  });
});

describe('error rates', () => {
  it('errorRatePercent: two places, half-up; null without calls', () => {
    expect(errorRatePercent(2, 1547)).toBe('0.13'); // 0.12928…
    expect(errorRatePercent(1, 8)).toBe('12.50');
    expect(errorRatePercent(1, 200)).toBe('0.50');
    expect(errorRatePercent(1, 3)).toBe('33.33');
    expect(errorRatePercent(0, 10)).toBe('0.00');
    expect(errorRatePercent(3, 0)).toBeNull();
  });

  it('errorRateAbove compares exactly, strictly above', () => {
    expect(errorRateAbove(5, 100, '5.00')).toBe(false); // exactly 5 % is not above 5 %
    expect(errorRateAbove(6, 100, '5')).toBe(true);
    expect(errorRateAbove(1, 3, '33.33')).toBe(true); // 33.333… > 33.33
    expect(errorRateAbove(1, 3, '33.34')).toBe(false);
    expect(errorRateAbove(1, 0, '1')).toBe(false);
  });

  it('parseThresholdPercent: above 0, at most 100, two decimals', () => {
    expect(parseThresholdPercent('5')).toBe('5.00');
    expect(parseThresholdPercent(2.5)).toBe('2.50');
    expect(parseThresholdPercent('100')).toBe('100.00');
    expect(parseThresholdPercent('0')).toBeNull();
    expect(parseThresholdPercent('100.01')).toBeNull();
    expect(parseThresholdPercent('1.234')).toBeNull();
    expect(parseThresholdPercent('-1')).toBeNull();
    expect(parseThresholdPercent('abc')).toBeNull();
  });
});
