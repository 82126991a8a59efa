/**
 * Start-up that tolerates company: when several processes (API replicas, workers, `pnpm db:migrate`)
 * start at once, one of them migrates the database and loads the demo data while the others wait
 * for it, bounded and logged, then find everything done.
 *
 * The lock is a PostgreSQL session advisory lock on its own connection, taken with
 * pg_try_advisory_lock in a loop (so the wait can be logged and bounded) and released — the
 * connection closed — as soon as the work is done. A process that dies while holding it releases it
 * with its connection. Advisory locks belong to one database, so processes on other databases of
 * the same server never wait for each other.
 */
import { Client } from 'pg';
import { poolConfigFromUrl } from './pg-config';

/** The lock's two keys: "WK" and 1 (start-up work: migrations and demo data). */
export const STARTUP_LOCK_KEYS = [0x574b, 1] as const;

export interface StartupLockOptions {
  /** Give up after this long (default 300 s). */
  timeoutMs?: number;
  /** How often to try again (default 250 ms). */
  pollMs?: number;
  /** Progress lines: waiting, still waiting, acquired after a wait. */
  log?: (message: string) => void;
  /** Names the setting that bounds the wait, in the timeout error. */
  timeoutSetting?: string;
}

export class StartupLockTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupLockTimeoutError';
  }
}

/** Runs `fn` while holding the database's start-up lock; waits for another holder, bounded. */
export async function withStartupLock<T>(url: string, fn: () => Promise<T>, opts: StartupLockOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const pollMs = opts.pollMs ?? 250;
  const log = opts.log ?? (() => undefined);
  const client = new Client({ ...poolConfigFromUrl(url), application_name: 'wk-startup-lock' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const started = Date.now();
    let lastReport = 0;
    for (;;) {
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...STARTUP_LOCK_KEYS]);
      if (r.rows[0]?.ok) break;
      const waited = Date.now() - started;
      if (waited >= timeoutMs) {
        throw new StartupLockTimeoutError(
          `Gave up after ${Math.round(waited / 1000)} s waiting for another process to finish migrating the database` +
            `${opts.timeoutSetting ? ` (${opts.timeoutSetting}=${Math.round(timeoutMs / 1000)})` : ''}. ` +
            'Is a migration stuck? Look for a "wk-startup-lock" session in pg_stat_activity.',
        );
      }
      if (lastReport === 0 || waited - lastReport >= 10_000) {
        const holder = await client.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [...STARTUP_LOCK_KEYS],
        );
        log(
          `${lastReport === 0 ? 'Another process is migrating the database' : 'Still waiting for the migrations of another process'}` +
            `${holder.rows[0] ? ` (PostgreSQL backend ${holder.rows[0].pid})` : ''}; waiting up to ${Math.round(timeoutMs / 1000)} s.`,
        );
        lastReport = Math.max(waited, 1);
      }
      await new Promise((r) => setTimeout(r, pollMs + Math.floor(Math.random() * pollMs)));
    }
    if (lastReport) log(`Start-up lock acquired after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...STARTUP_LOCK_KEYS]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
