import Decimal from 'decimal.js';

/**
 * Latency histograms and error rates of module usage reports (no I/O).
 *
 * Why a histogram: percentiles cannot be combined (the p95 of two installs is not the mean, max or
 * anything else of their p95s). Instances therefore report how many calls fell in each of these
 * fixed buckets; the server adds the counts of any set of reports bucket by bucket (valid
 * arithmetic) and reads the percentiles off the merged histogram.
 *
 * Bucket upper bounds in milliseconds, inclusive: a call of 80 ms counts in the "100" bucket (it took
 * more than 75 and at most 100 ms). A last, open bucket ("+Inf") holds calls above 30 000 ms. The
 * order is the storage order: changing this list needs a data migration.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000,
];
/** The key of the open last bucket in a report. */
export const LATENCY_OVERFLOW_KEY = '+Inf';
/** Number of stored counts: one per bound, plus the overflow bucket. */
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKETS_MS.length + 1;

const MAX_COUNT = 2_147_483_647;

export type HistogramParse =
  | { ok: true; counts: number[]; total: number }
  | { ok: false; key: string | null; code: 'INVALID_HISTOGRAM' | 'INVALID_NUMBER'; message: string };

/**
 * A report's `latencyHistogram` — an object from bucket bound (`"100"`, or `"+Inf"`) to the number
 * of calls in that bucket (not cumulative; missing buckets count 0) — as stored counts.
 */
export function parseLatencyHistogram(input: unknown): HistogramParse {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      key: null,
      code: 'INVALID_HISTOGRAM',
      message: `latencyHistogram must be an object from bucket bound in ms (${LATENCY_BUCKETS_MS.join(', ')}, ${LATENCY_OVERFLOW_KEY}) to a call count.`,
    };
  }
  const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  let total = 0;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const index = key === LATENCY_OVERFLOW_KEY ? LATENCY_BUCKETS_MS.length : LATENCY_BUCKETS_MS.findIndex((b) => String(b) === key);
    if (index < 0) {
      return {
        ok: false,
        key,
        code: 'INVALID_HISTOGRAM',
        message: `"${key.slice(0, 40)}" is not a bucket: use one of ${LATENCY_BUCKETS_MS.join(', ')}, ${LATENCY_OVERFLOW_KEY}.`,
      };
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) {
      return { ok: false, key, code: 'INVALID_NUMBER', message: `The count of bucket ${key} must be a whole number ≥ 0.` };
    }
    counts[index] = value;
    total += value;
  }
  return { ok: true, counts, total };
}

/** Adds histograms bucket by bucket (an empty one — a report without latencies — adds nothing). */
export function mergeHistograms(histograms: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const h of histograms) h.forEach((n, i) => (out[i] = (out[i] ?? 0) + n));
  return out;
}

/** A percentile read off a histogram: at most `ms`, or — in the open bucket — more than `ms`. */
export interface LatencyBound {
  ms: number;
  /** True when the percentile lies in the open bucket: more than `ms` (30 000). */
  overflow: boolean;
}

/**
 * The q-quantile (0 < q ≤ 1) by nearest rank: the bucket holding the ⌈q × N⌉-th fastest call, given
 * as that bucket's upper bound ("95 % of calls took at most 250 ms"). Null without any call.
 * Exact for the histogram: no interpolation inside a bucket, so it never claims more precision than
 * the report has.
 */
export function histogramPercentile(counts: readonly number[], q: number): LatencyBound | null {
  if (!(q > 0 && q <= 1)) throw new RangeError('q must be in (0, 1]');
  const total = counts.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  // ⌈q × N⌉ with q given in hundredths, in integers (0.95 × 100 is not exactly 95 in binary floats).
  const hundredths = Math.round(q * 10_000);
  const rank = Math.max(1, Math.ceil((hundredths * total) / 10_000));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) {
      return i < LATENCY_BUCKETS_MS.length
        ? { ms: LATENCY_BUCKETS_MS[i]!, overflow: false }
        : { ms: LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!, overflow: true };
    }
  }
  /* istanbul ignore next -- seen reaches total */
  return null;
}

/** Errors ÷ API calls in percent, exact to two places (half-up); null without calls. */
export function errorRatePercent(errors: number, apiCalls: number): string | null {
  if (apiCalls <= 0) return null;
  return new Decimal(errors).times(100).dividedBy(apiCalls).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/**
 * Is the error rate strictly above a threshold percent (two decimals)? Compared exactly in integers
 * (errors × 10 000 > threshold × 100 × calls), not on a rounded rate. False without calls.
 */
export function errorRateAbove(errors: number, apiCalls: number, thresholdPercent: string): boolean {
  if (apiCalls <= 0) return false;
  return new Decimal(errors).times(100).greaterThan(new Decimal(thresholdPercent).times(apiCalls));
}

/** A threshold a vendor may set: a percent above 0 and at most 100, with at most two decimals. */
export function parseThresholdPercent(input: string | number): string | null {
  const s = typeof input === 'number' ? String(input) : input.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const d = new Decimal(s);
  if (d.lte(0) || d.gt(100)) return null;
  return d.toFixed(2);
}
