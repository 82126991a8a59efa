import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import {
  applyMigrations,
  createPrismaClient,
  seedDemoData,
  startEmbeddedPostgres,
  withDatabase,
  type EmbeddedPostgres,
  type PrismaClient,
} from '@wk/db';
import { startApiProcess, stopAllProcesses, type ApiProcess } from '../test/processes';
import { waitFor } from '../test/wait';
import { hashToken, newSessionToken, SESSION_COOKIE } from '../modules/auth/session';
import { buyInput, newKey, PURCHASE_CREATE } from '../modules/checkout/test-support/checkout-fixtures';

/**
 * Real PostgreSQL restarts under a running API process whose job worker runs inside it (issue 10,
 * items 2 and 3). A dedicated embedded PostgreSQL is started for this file, so it can be stopped
 * and started again without touching the other test files' server.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const LOCK = 5151;

// Several real processes per test on a shared machine: minutes, not seconds.
jest.setTimeout(300_000);
describe('PostgreSQL restarts while the API and its jobs run', () => {
  let dir: string;
  let port: number;
  let pg: EmbeddedPostgres;
  let url: string;
  let prisma: PrismaClient;
  let api: ApiProcess;
  let cookie: string;

  const startPg = async () => {
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, database: 'postgres' });
  };
  const restartPg = async (whileDown: () => Promise<void>) => {
    await pg.stop();
    try {
      await whileDown();
    } finally {
      await startPg();
    }
    await waitFor('the API to answer /healthz again', async () => (await fetch(`${api.url}/healthz`).catch(() => null))?.status === 200, {
      timeoutMs: 120_000,
      intervalMs: 100,
    });
  };
  const sql = async <T = unknown>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  /** Holds advisory lock LOCK and makes `event` on `table` (optionally WHEN …) wait on it. */
  const freeze = async (table: string, event: string, when = '') => {
    const c = new Client({ connectionString: url });
    await c.connect();
    c.on('error', () => undefined); // it dies with the server
    await c.query(`SELECT pg_advisory_lock(${LOCK})`);
    await c.query(`CREATE OR REPLACE FUNCTION wk_test_freeze() RETURNS trigger AS $$
      BEGIN PERFORM pg_advisory_xact_lock(${LOCK}); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await c.query(`CREATE TRIGGER wk_test_freeze BEFORE ${event} ON ${table} FOR EACH ROW ${when} EXECUTE FUNCTION wk_test_freeze()`);
    return {
      /** Waits until a backend waits on the lock; returns the statement it runs. */
      async blocked(): Promise<string> {
        return waitFor(
          `a backend waiting on advisory lock ${LOCK}`,
          async () => {
            const r = await c.query(
              `SELECT a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
               WHERE l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted`,
              [LOCK],
            );
            return r.rows[0] ? String(r.rows[0].query) : '';
          },
          { timeoutMs: 120_000 },
        );
      },
      /** After the restart: removes the trigger. */
      unfreeze: async () => {
        await sql(`DROP TRIGGER IF EXISTS wk_test_freeze ON ${table}`);
      },
    };
  };
  const jobState = async (id: string) =>
    (await sql<{ state: string }>(`SELECT state::text AS state FROM pgboss.job WHERE id = $1`, [id]))[0]?.state ?? null;
  const waitJobCompleted = (id: string) =>
    waitFor(`job ${id} to complete`, async () => (await jobState(id)) === 'completed', { timeoutMs: 120_000, intervalMs: 200 });
  const send = async (name: string): Promise<string> => {
    const boss = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 1 });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      return (await boss.send(name, {}))!;
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-restart-'));
    fs.chmodSync(dir, 0o755);
    port = await freePort();
    await startPg();
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('CREATE DATABASE wk');
    await admin.end();
    url = withDatabase(pg.url, 'wk');
    await applyMigrations(url);
    prisma = createPrismaClient(url, { max: 3 });
    await seedDemoData(prisma);
    const token = newSessionToken();
    const alice = await prisma.user.findUniqueOrThrow({ where: { email: 'alice@acme.test' } });
    await prisma.session.create({ data: { tokenHash: hashToken(token), userId: alice.id, expiresAt: new Date(Date.now() + 86400_000) } });
    cookie = `${SESSION_COOKIE}=${token}`;
    await prisma.$disconnect();
    api = await startApiProcess(url, { env: { JOBS_ENABLED: '1', IDEMPOTENCY_LEASE_SECONDS: '1', DATABASE_POOL_SIZE: '4' } });
    // The jobs queued at start have run: the worker is up.
    await waitFor(
      'a completed license-expiry job',
      async () =>
        (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'license-expiry' AND state = 'completed'`))[0]!
          .n > 0,
      { timeoutMs: 150_000, intervalMs: 200 },
    );
  }, 180_000);

  afterAll(async () => {
    await stopAllProcesses();
    await pg?.stop().catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a restart while a job records its completion: the API keeps serving, answers 503 + Retry-After while the database is down, and the worker completes jobs afterwards', async () => {
    // The job's "complete" (pg-boss UPDATE … state = 'completed') waits on our lock when PostgreSQL stops.
    const frozen = await freeze('pgboss.job', 'UPDATE', `WHEN (NEW.state = 'completed' AND NEW.name = 'idempotency-cleanup')`);
    const id = await send('idempotency-cleanup');
    // The statement held at the moment PostgreSQL stops is the worker recording a job as completed.
    expect(await frozen.blocked()).toMatch(/UPDATE[\s\S]*completed/i);

    await restartPg(async () => {
      // While the database is down: honest answers, and the process is alive.
      const health = await fetch(`${api.url}/healthz`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('5');

      const gql = await api.gql('{ catalogModules(first: 1) { totalCount } }', {}, { cookie });
      expect(gql.status).toBe(503);
      expect(gql.headers.get('retry-after')).toBe('5');
      expect(gql.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });

      const anonymous = await api.gql('{ catalogModules(first: 1) { totalCount } }');
      expect(anonymous.status).toBe(503);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

      const rest = await fetch(`${api.url}/api/instance/v1/licenses/ANY/validate`, {
        headers: { 'x-instance-key': 'wki_0123456789abcdefghij', 'x-instance-secret': 'not-a-real-secret' },
      });
      expect(rest.status).toBe(503);
      expect(rest.headers.get('retry-after')).toBe('5');
      expect(((await rest.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('SERVICE_UNAVAILABLE');

      const receipt = await fetch(`${api.url}/api/receipts/INV-2026-000001.html`, { headers: { cookie } });
      expect(receipt.status).toBe(503);
      expect(receipt.headers.get('retry-after')).toBe('5');
      expect(api.alive()).toBe(true);
    });
    await frozen.unfreeze();

    expect(api.alive()).toBe(true);
    // The interrupted job is recorded once the database is back (complete is retried), and new jobs run.
    await waitJobCompleted(id);
    const next = await send('license-expiry');
    await waitJobCompleted(next);
    const ok = await api.gql('{ catalogModules(first: 1) { totalCount } }', {}, { cookie });
    expect(ok.status).toBe(200);
    expect(ok.data!.catalogModules.totalCount).toBeGreaterThan(0);
  });

  it('a restart during a purchase: 503 for that request, the API stays up, and a same-key retry completes with one charge', async () => {
    const key = newKey();
    const frozen = await freeze('module_purchases', 'INSERT');
    const request = api.gql(PURCHASE_CREATE, { input: buyInput({ idempotencyKey: key }) }, { cookie });
    await frozen.blocked();
    let answer: Awaited<typeof request> | null = null;
    await restartPg(async () => {
      answer = await request;
    });
    await frozen.unfreeze();
    expect(answer!.status).toBe(503);
    expect(answer!.headers.get('retry-after')).toBe('5');
    expect(answer!.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(api.alive()).toBe(true);

    const retry = await api.gql(PURCHASE_CREATE, { input: buyInput({ idempotencyKey: key }) }, { cookie });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.purchaseCreate.errors).toEqual([]);
    const k = (
      await sql<{ id: number; status: string }>(`SELECT id, status::text AS status FROM idempotency_keys WHERE key = $1`, [key])
    )[0]!;
    expect(k.status).toBe('completed');
    expect((await sql(`SELECT 1 FROM module_purchases WHERE idempotency_key_id = $1`, [k.id])).length).toBe(1);
    // One authorization under the key's provider idempotency key, captured once.
    const holds = await sql<{ state: string }>(`SELECT state FROM sandbox_payment_records WHERE idempotency_key LIKE $1`, [
      `purchase-${k.id}-%`,
    ]);
    expect(holds).toEqual([{ state: 'captured' }]);
  });
});
