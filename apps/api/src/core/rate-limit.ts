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
/** Calls counted by one statement at most (a batch's statement stays small). */
const MAX_BATCH = 256;

/** One counter row a call touches: its key and the window `now` falls in. */
interface WindowRow {
  key: string;
  limit: number;
  start: number;
  end: number;
}

/** A `take` waiting for its statement. */
interface Pending {
  rows: WindowRow[];
  refund: WindowRow[];
  nowMs: number;
  resolve(decisions: RateDecision[]): void;
  reject(e: unknown): void;
}

/** Units per counter row in one statement, in the order the calls arrived. */
interface Tally {
  key: string;
  start: number;
  end: number;
  n: number;
}

export class PgRateLimiter {
  private lastSweep = 0;
  /** Statements go straight to the pg pool under the client (rawDb: every request pays this one). */
  private readonly db: RawDb;
  private queue: Pending[] = [];
  private inFlight = false;

  constructor(prisma: Pick<PrismaClient, '$queryRaw' | '$executeRaw'>) {
    this.db = rawDb(prisma);
  }

  /**
   * Counts one request against each rule and returns a decision per rule (same order). Units given
   * back with `refund` (same window) are subtracted first, in the same statement.
   *
   * Group commit (issue 16): while this process's statement is under way, the calls that arrive wait
   * and are then counted together by one statement, which adds each row's units at once (`count +
   * n`, atomic in PostgreSQL as before) and returns the row's new count; the calls of the batch get the
   * counts `count − n + 1 … count` in arrival order. The counts and decisions are exactly those of the
   * same calls sent one by one in that order (every process's statements still serialise on the row),
   * with one round trip and one row lock per batch instead of per request. A lone call goes at once.
   */
  take(rules: RateRule[], now: Date, refund: RateRule[] = []): Promise<RateDecision[]> {
    const nowMs = now.getTime();
    this.maybeSweep(now);
    const rows = rules.map((r) => this.windowOf(r, nowMs));
    if (!rows.length) return refund.length ? this.refund(refund, now).then(() => []) : Promise.resolve([]);
    return new Promise<RateDecision[]>((resolve, reject) => {
      this.queue.push({ rows, refund: refund.map((r) => this.windowOf(r, nowMs)), nowMs, resolve, reject });
      if (!this.inFlight) void this.flush();
    });
  }

  /** Sends the waiting calls that one statement can count together; again when it returns, while calls wait. */
  private async flush(): Promise<void> {
    this.inFlight = true;
    try {
      while (this.queue.length) {
        const batch: Pending[] = [];
        const rest: Pending[] = [];
        const takes = new Map<string, Tally>();
        const refunds = new Map<string, Tally>();
        for (const call of this.queue) {
          if (batch.length < MAX_BATCH && fits(call, takes, refunds)) {
            batch.push(call);
            for (const r of call.rows) tally(takes, r);
            for (const r of call.refund) tally(refunds, r);
          } else {
            rest.push(call);
          }
        }
        this.queue = rest;
        let counts: Map<string, number>;
        try {
          counts = await this.count([...takes.values()], [...refunds.values()]);
        } catch (e) {
          for (const call of batch) call.reject(e);
          continue;
        }
        for (const t of takes.values()) if (!counts.has(t.key)) counts.set(t.key, t.n);
        for (const call of batch) {
          call.resolve(
            call.rows.map((r) => {
              // The row's count after the whole batch, less the units of the calls after this one.
              const t = takes.get(r.key)!;
              const count = counts.get(r.key)! - --t.n;
              const allowed = count <= r.limit;
              return {
                key: r.key,
                allowed,
                limit: r.limit,
                remaining: Math.max(0, r.limit - count),
                resetAt: r.end,
                retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((r.end - call.nowMs) / 1000)),
              };
            }),
          );
        }
      }
    } finally {
      this.inFlight = false;
    }
  }

  /** One statement: gives back the refunded units, adds the taken ones; each taken row's count after it. */
  private async count(takes: Tally[], refunds: Tally[]): Promise<Map<string, number>> {
    const values = Prisma.join(takes.map((r) => Prisma.sql`(${r.key}, ${new Date(r.start)}, ${r.n}::int, ${new Date(r.end)})`));
    // A refund rides in the same statement (a data-modifying CTE): one round trip either way.
    const counted = refunds.length
      ? await this.db.$queryRaw<{ key: string; count: number }[]>`
          WITH refunded AS (
            UPDATE rate_limit_counters c SET count = GREATEST(c.count - r.n, 0)
            FROM (VALUES ${this.refundValues(refunds)}) AS r (key, window_start, n)
            WHERE c.key = r.key AND c.window_start = r.window_start AND c.count > 0
            RETURNING 1
          )
          INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
          VALUES ${values}
          ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + EXCLUDED.count
          RETURNING key, count`
      : await this.db.$queryRaw<{ key: string; count: number }[]>`
          INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
          VALUES ${values}
          ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + EXCLUDED.count
          RETURNING key, count`;
    return new Map(counted.map((c) => [c.key, Number(c.count)]));
  }

  /** Gives one unit back to each rule's current window (e.g. an attempt that turned out fine). */
  async refund(rules: RateRule[], now: Date): Promise<void> {
    if (!rules.length) return;
    const refunds = new Map<string, Tally>();
    for (const r of rules) tally(refunds, this.windowOf(r, now.getTime()));
    await this.db.$executeRaw`
      UPDATE rate_limit_counters c SET count = GREATEST(c.count - r.n, 0)
      FROM (VALUES ${this.refundValues([...refunds.values()])}) AS r (key, window_start, n)
      WHERE c.key = r.key AND c.window_start = r.window_start AND c.count > 0`;
  }

  private windowOf(r: RateRule, nowMs: number): WindowRow {
    const start = Math.floor(nowMs / r.windowMs) * r.windowMs;
    return { key: r.key.slice(0, MAX_KEY), limit: r.limit, start, end: start + r.windowMs };
  }

  private refundValues(refunds: Tally[]): Prisma.Sql {
    return Prisma.join(refunds.map((r) => Prisma.sql`(${r.key}::text, ${new Date(r.start)}::timestamp, ${r.n}::int)`));
  }

  private maybeSweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS && now.getTime() >= this.lastSweep) return;
    this.lastSweep = now.getTime();
    this.db.$executeRaw`DELETE FROM rate_limit_counters WHERE expires_at < ${now}`.catch(() => undefined);
  }
}

function tally(into: Map<string, Tally>, r: WindowRow): void {
  const t = into.get(r.key);
  if (t) t.n++;
  else into.set(r.key, { key: r.key, start: r.start, end: r.end, n: 1 });
}

/**
 * Whether a call can join the batch: each of its keys in the batch's window for that key (a call
 * across a window boundary waits for the next statement), and no key both taken and refunded in
 * one statement (PostgreSQL would not see the refund from the insert).
 */
function fits(call: Pending, takes: Map<string, Tally>, refunds: Map<string, Tally>): boolean {
  for (const r of call.rows) {
    const t = takes.get(r.key);
    if ((t && t.start !== r.start) || refunds.has(r.key)) return false;
  }
  for (const r of call.refund) {
    const t = refunds.get(r.key);
    if ((t && t.start !== r.start) || takes.has(r.key)) return false;
  }
  return true;
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
