import { Prisma, rawDb, type PrismaClient, type RawDb } from '@wk/db';

/**
 * Fixed-window rate limiting counted in PostgreSQL, so every API process (replica) shares the same
 * count: a request takes one unit from each of its rules with one atomic `INSERT … ON CONFLICT DO
 * UPDATE … RETURNING` (one round trip for every rule of the request). Windows are aligned to the
 * epoch (`floor(now / window)`), so all processes agree on them without talking to each other.
 * Finished windows are swept at most once a minute per process. The table is UNLOGGED: a request's
 * upsert holds its counter row (for an IP, shared by all its requests) until commit, and a logged
 * commit waits for the WAL flush, so the API ran at the disk's flush rate (issue 16).
 */
export interface RateRule {
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  key: string;
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends (ms since epoch). */
  resetAt: number;
  /** Seconds until a new request can succeed (0 when allowed). */
  retryAfterSeconds: number;
}

const SWEEP_EVERY_MS = 60_000;
/** Keys are built from client input (IPs, key ids): bounded so a row never grows. */
const MAX_KEY = 200;

export class PgRateLimiter {
  private lastSweep = 0;
  /** Statements go straight to the pg pool under the client (rawDb: every request pays this one). */
  private readonly db: RawDb;

  constructor(prisma: Pick<PrismaClient, '$queryRaw' | '$executeRaw'>) {
    this.db = rawDb(prisma);
  }

  /**
   * Counts one request against each rule and returns a decision per rule (same order). Units given
   * back with `refund` (same window) are subtracted first, in the same statement.
   */
  async take(rules: RateRule[], now: Date, refund: RateRule[] = []): Promise<RateDecision[]> {
    const nowMs = now.getTime();
    this.maybeSweep(now);
    const rows = rules.map((r) => {
      const start = Math.floor(nowMs / r.windowMs) * r.windowMs;
      return { ...r, key: r.key.slice(0, MAX_KEY), start, end: start + r.windowMs };
    });
    if (!rows.length) {
      if (refund.length) await this.refund(refund, now);
      return [];
    }
    const values = Prisma.join(rows.map((r) => Prisma.sql`(${r.key}, ${new Date(r.start)}, 1, ${new Date(r.end)})`));
    // A refund rides in the same statement (a data-modifying CTE): one round trip either way.
    const counted = refund.length
      ? await this.db.$queryRaw<{ key: string; count: number }[]>`
          WITH refunded AS (
            UPDATE rate_limit_counters SET count = count - 1
            WHERE (key, window_start) IN (${this.windowKeys(refund, nowMs)}) AND count > 0
            RETURNING 1
          )
          INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
          VALUES ${values}
          ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
          RETURNING key, count`
      : await this.db.$queryRaw<{ key: string; count: number }[]>`
          INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
          VALUES ${values}
          ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
          RETURNING key, count`;
    const byKey = new Map(counted.map((c) => [c.key, Number(c.count)]));
    return rows.map((r) => {
      const count = byKey.get(r.key) ?? 1;
      const allowed = count <= r.limit;
      return {
        key: r.key,
        allowed,
        limit: r.limit,
        remaining: Math.max(0, r.limit - count),
        resetAt: r.end,
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((r.end - nowMs) / 1000)),
      };
    });
  }

  /** Gives one unit back to each rule's current window (e.g. an attempt that turned out fine). */
  async refund(rules: RateRule[], now: Date): Promise<void> {
    if (!rules.length) return;
    await this.db.$executeRaw`
      UPDATE rate_limit_counters SET count = count - 1
      WHERE (key, window_start) IN (${this.windowKeys(rules, now.getTime())}) AND count > 0`;
  }

  private windowKeys(rules: RateRule[], nowMs: number): Prisma.Sql {
    return Prisma.join(
      rules.map((r) => Prisma.sql`(${r.key.slice(0, MAX_KEY)}::text, ${new Date(Math.floor(nowMs / r.windowMs) * r.windowMs)}::timestamp)`),
    );
  }

  private maybeSweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS && now.getTime() >= this.lastSweep) return;
    this.lastSweep = now.getTime();
    this.db.$executeRaw`DELETE FROM rate_limit_counters WHERE expires_at < ${now}`.catch(() => undefined);
  }
}

/** Standard headers for a decision (the most constrained rule). */
export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  const h: Record<string, string> = {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    'X-RateLimit-Reset': String(Math.ceil(d.resetAt / 1000)),
  };
  if (!d.allowed) h['Retry-After'] = String(d.retryAfterSeconds);
  return h;
}
