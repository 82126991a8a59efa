import { errorRatePercent, histogramPercentile, LATENCY_BUCKETS_MS, sumAmounts } from '@wk/domain';
import { LatencyBucket, LatencyPercentile, LatencySummary, UsageDay, UsageTotals } from './usage.types';

/**
 * Pure aggregation of daily usage rows (no I/O). Response times are averaged weighted by the API
 * calls they were measured over (a day with 10 000 calls weighs more than one with 10); data
 * volumes are summed as exact decimals.
 */
export interface UsagePart {
  date: string;
  activeUsers: number;
  apiCalls: number;
  errors: number;
  /** Σ avg_response_time_ms × api_calls over rows that have a response time. */
  rtWeighted: number;
  /** Σ api_calls over rows that have a response time. */
  rtCalls: number;
  /** Σ avg_response_time_ms and the number of rows that have one (fallback when no calls). */
  rtSum: number;
  rtCount: number;
  dataMb: string;
}

export function partFromRow(r: {
  date: string;
  activeUsers: number;
  apiCalls: number;
  errors: number;
  avgResponseTimeMs: number | null;
  dataMb: string;
}): UsagePart {
  const has = r.avgResponseTimeMs !== null;
  return {
    date: r.date,
    activeUsers: r.activeUsers,
    apiCalls: r.apiCalls,
    errors: r.errors,
    rtWeighted: has ? r.avgResponseTimeMs! * r.apiCalls : 0,
    rtCalls: has ? r.apiCalls : 0,
    rtSum: has ? r.avgResponseTimeMs! : 0,
    rtCount: has ? 1 : 0,
    dataMb: r.dataMb,
  };
}

function avgRt(parts: readonly UsagePart[]): number | null {
  const calls = parts.reduce((s, p) => s + p.rtCalls, 0);
  if (calls > 0) return Math.round(parts.reduce((s, p) => s + p.rtWeighted, 0) / calls);
  const count = parts.reduce((s, p) => s + p.rtCount, 0);
  return count > 0 ? Math.round(parts.reduce((s, p) => s + p.rtSum, 0) / count) : null;
}

/** Merges parts of the same day (several installs, versions or cores) into one UsageDay per date, oldest first. */
export function mergeDays(parts: readonly UsagePart[]): UsageDay[] {
  const byDate = new Map<string, UsagePart[]>();
  for (const p of parts) byDate.set(p.date, [...(byDate.get(p.date) ?? []), p]);
  return [...byDate.keys()].sort().map((date) => {
    const ps = byDate.get(date)!;
    return Object.assign(new UsageDay(), {
      date,
      activeUsers: ps.reduce((s, p) => s + p.activeUsers, 0),
      apiCalls: ps.reduce((s, p) => s + p.apiCalls, 0),
      errors: ps.reduce((s, p) => s + p.errors, 0),
      avgResponseTimeMs: avgRt(ps),
      dataProcessedMb: sumAmounts(ps.map((p) => p.dataMb)),
      errorRatePercent: errorRatePercent(
        ps.reduce((s, p) => s + p.errors, 0),
        ps.reduce((s, p) => s + p.apiCalls, 0),
      ),
    });
  });
}

export function totalsOf(parts: readonly UsagePart[]): UsageTotals {
  const days = mergeDays(parts);
  const apiCalls = parts.reduce((s, p) => s + p.apiCalls, 0);
  const errors = parts.reduce((s, p) => s + p.errors, 0);
  return Object.assign(new UsageTotals(), {
    peakActiveUsers: days.reduce((m, d) => Math.max(m, d.activeUsers), 0),
    apiCalls,
    errors,
    errorRatePercent: errorRatePercent(errors, apiCalls),
    avgResponseTimeMs: avgRt(parts),
    dataProcessedMb: sumAmounts(parts.map((p) => p.dataMb)),
    reportedDays: days.length,
  });
}

const pct = (counts: readonly number[], q: number) => {
  const b = histogramPercentile(counts, q);
  return b ? Object.assign(new LatencyPercentile(), b) : null;
};

/** p50/p95/p99 and the buckets of a merged histogram (counts in LATENCY_BUCKETS_MS order, then the open bucket). */
export function latencyOf(counts: readonly number[]): LatencySummary {
  return Object.assign(new LatencySummary(), {
    calls: counts.reduce((s, n) => s + n, 0),
    p50: pct(counts, 0.5),
    p95: pct(counts, 0.95),
    p99: pct(counts, 0.99),
    buckets: counts.map((calls, i) => Object.assign(new LatencyBucket(), { leMs: LATENCY_BUCKETS_MS[i] ?? null, calls })),
  });
}
