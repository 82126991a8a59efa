/**
 * Fixed-window rate limiter, in memory, per process (one window per key). Good enough for one API
 * process or a few behind a load balancer (each enforces the limit on its own share); a shared
 * store would be needed for a strict global limit. Time comes from the injected clock.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends (ms since epoch). */
  resetAt: number;
  /** Seconds until a new request can succeed (0 when allowed). */
  retryAfterSeconds: number;
}

export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, nowMs: number): RateDecision {
    let w = this.windows.get(key);
    if (!w || nowMs - w.start >= this.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.sweep(nowMs);
      w = { start: nowMs, count: 0 };
      this.windows.set(key, w);
    }
    const resetAt = w.start + this.windowMs;
    if (w.count >= this.limit) {
      return {
        allowed: false,
        limit: this.limit,
        remaining: 0,
        resetAt,
        retryAfterSeconds: Math.max(1, Math.ceil((resetAt - nowMs) / 1000)),
      };
    }
    w.count += 1;
    return { allowed: true, limit: this.limit, remaining: this.limit - w.count, resetAt, retryAfterSeconds: 0 };
  }

  /** Drops finished windows (bounded memory). */
  private sweep(nowMs: number): void {
    for (const [k, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(k);
  }
}
