/**
 * The two-process crash setup shared by checkout-crash.test.ts and cart-crash.test.ts: two API processes on the test's
 * database (two replicas behind a load balancer, with a 1 s idempotency lease), and a way to kill -9 the first at a
 * precise statement without any hook in the product. A trigger installed in the test's own database makes one statement
 * (`event` on `table`) wait on an advisory lock the test holds; when the API's connection is seen waiting on it, the
 * process is killed, the waiting backend is terminated (so the statement never runs) and the trigger is removed.
 */
import { Client } from 'pg';
import type { TestApp } from '../../../test/harness';
import { waitFor } from '../../../test/wait';
import { startApiProcess, stopAllProcesses, type ApiProcess } from '../../../test/processes';

export type FrozenEvent = 'INSERT' | 'UPDATE';
const LEASE = { IDEMPOTENCY_LEASE_SECONDS: '1' };

export function twoProcessCrash(t: TestApp, lock: number) {
  const s = {} as { a: ApiProcess; b: ApiProcess; cookie: string };
  const fn = `wk_test_freeze_${lock}`;

  beforeAll(async () => {
    [s.a, s.b] = await Promise.all([startApiProcess(t.databaseUrl, { env: LEASE }), startApiProcess(t.databaseUrl, { env: LEASE })]);
    s.cookie = await t.sessionCookie('alice@acme.test');
  });
  afterAll(async () => {
    await stopAllProcesses();
  });

  /** Makes `event` on `table` wait on the advisory lock, held by the returned client. */
  async function freeze(table: string, event: FrozenEvent) {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    await c.query(`SELECT pg_advisory_lock(${lock})`);
    await c.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger AS $$
      BEGIN PERFORM pg_advisory_xact_lock(${lock}); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await c.query(`CREATE TRIGGER ${fn} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    return {
      /** Waits until a backend waits on the lock; returns its pid. */
      async blockedBackend(): Promise<number> {
        return waitFor(
          `a backend waiting on advisory lock ${lock}`,
          async () => {
            const r = await c.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [lock]);
            return r.rows[0] ? (r.rows[0].pid as number) : 0;
          },
          { timeoutMs: 120_000 },
        );
      },
      /** Terminates the waiting backend (its statement never runs), removes the trigger, unlocks. */
      async thaw(pid: number) {
        await c.query('SELECT pg_terminate_backend($1)', [pid]);
        await c.query(`DROP TRIGGER ${fn} ON ${table}`);
        await c.query(`SELECT pg_advisory_unlock(${lock})`);
        await c.end();
      },
    };
  }

  return {
    /** The first process (the one killed), the second (the retry's), and alice's session cookie. */
    get a() {
      return s.a;
    },
    get b() {
      return s.b;
    },
    get cookie() {
      return s.cookie;
    },
    /** Starts a new first process (after the previous one was killed). */
    async restartA() {
      s.a = await startApiProcess(t.databaseUrl, { env: LEASE });
    },
    /** Sends `operation` to `api` and kills the process once it is frozen at the trigger. */
    async killedAt(api: ApiProcess, table: string, event: FrozenEvent, query: string, input: Record<string, unknown>) {
      const frozen = await freeze(table, event);
      const request = api.gql(query, { input }, { cookie: s.cookie }).catch((e: Error) => e);
      const pid = await frozen.blockedBackend();
      await api.kill9();
      await frozen.thaw(pid);
      expect(await request).toHaveProperty('message', 'fetch failed'); // the client saw the connection drop
      expect(api.alive()).toBe(false);
    },
    keyRow: (key: string) => t.prisma.idempotencyKey.findFirstOrThrow({ where: { key } }),
    paymentKeyOf: (k: { id: number; createdAt: Date }) => `purchase-${k.id}-${k.createdAt.getTime()}`,
    sandboxRecords: (paymentKey: string) => t.prisma.sandboxPaymentRecord.findMany({ where: { idempotencyKey: paymentKey } }),
    /** Waits until the key's lease has expired (the database's clock), so another process may take the key over. */
    async waitLeaseExpired(key: string) {
      await waitFor(
        `the lease of key ${key} to expire`,
        async () => {
          const r = await t.prisma.$queryRaw<{ expired: boolean }[]>`
            SELECT lease_expires_at < clock_timestamp() AS expired FROM idempotency_keys WHERE key = ${key}`;
          return r[0]?.expired === true;
        },
        { intervalMs: 100 },
      );
    },
  };
}
