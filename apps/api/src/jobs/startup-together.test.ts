import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS_DIR, withDatabase } from '@wk/db';
import { useTestApp } from '../test/harness';
import { startApiProcess, startWorkerProcess, stopAllProcesses } from '../test/processes';
import { JOBS } from './runner';

/**
 * Start-up that tolerates company (issue 10): replicas with their in-process workers and standalone
 * workers all started at the same moment on a database where the job queues do not exist yet.
 * Before, about half of such starts lost a worker to "deadlock detected" in pgboss.create_queue.
 */

// Several real processes per test on a shared machine: minutes, not seconds.
jest.setTimeout(300_000);
describe('processes started together', () => {
  const t = useTestApp();
  afterAll(async () => {
    await stopAllProcesses();
  });

  it('3 replicas (each with its job worker) and 3 standalone workers, started at once before any queue exists: all come up, every queue is created once', async () => {
    const before = await t.prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'pgboss'`;
    expect(before[0]!.n).toBe(0);

    const env = { JOBS_ENABLED: '1', MIGRATE_ON_START: '0', DATABASE_POOL_SIZE: '3' };
    const [apis, workers] = await Promise.all([
      Promise.all([0, 1, 2].map(() => startApiProcess(t.databaseUrl, { env, timeoutMs: 150_000 }))),
      Promise.all([0, 1, 2].map(() => startWorkerProcess(t.databaseUrl, { env: { DATABASE_POOL_SIZE: '3' }, timeoutMs: 150_000 }))),
    ]);

    for (const p of [...apis, ...workers]) expect(p.alive()).toBe(true);
    for (const api of apis) {
      const health = await fetch(`${api.url}/healthz`);
      expect(health.status).toBe(200);
      expect(api.logs.some((l) => /Job worker started/.test(l))).toBe(true);
    }
    const queues = await t.prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pgboss.queue ORDER BY name`;
    // pg-boss's own internal queues (__pgboss__…) aside, each of ours exists once.
    expect(queues.map((q) => q.name).filter((n) => !n.startsWith('__pgboss__'))).toEqual(JOBS.map((j) => j.name).sort());
    for (const p of [...apis, ...workers]) expect(p.logs.filter((l) => /deadlock detected|could not start/i.test(l))).toEqual([]);
  });
});

describe('processes started together on an empty database', () => {
  const name = `wk_t_together_${randomBytes(5).toString('hex')}`;
  const url = (database = name) => withDatabase(process.env.WK_TEST_SERVER_URL!, database);
  const sql = async <T>(text: string, database = name): Promise<T[]> => {
    const c = new Client({ connectionString: url(database) });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  };
  beforeAll(() => sql(`CREATE DATABASE "${name}"`, 'postgres'));
  afterAll(async () => {
    await stopAllProcesses();
    await sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, 'postgres');
  });

  it('3 replicas that migrate at start (each with its job worker) and 3 standalone workers, at once on a database without any table: all come up; migrations, demo data and queues happen once', async () => {
    const env = { JOBS_ENABLED: '1', MIGRATE_ON_START: '1', SEED_DEMO: '1', DATABASE_POOL_SIZE: '3' };
    const [apis, workers] = await Promise.all([
      Promise.all([0, 1, 2].map(() => startApiProcess(url(), { env, timeoutMs: 240_000 }))),
      Promise.all([0, 1, 2].map(() => startWorkerProcess(url(), { env: { DATABASE_POOL_SIZE: '3' }, timeoutMs: 240_000 }))),
    ]);

    for (const p of [...apis, ...workers]) expect(p.alive()).toBe(true);
    for (const api of apis) expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const logs = apis.flatMap((p) => p.logs);
    expect(logs.filter((l) => /"msg":"Applied migrations: /.test(l))).toHaveLength(1);
    expect(logs.filter((l) => /"msg":"Database schema is up to date\."/.test(l))).toHaveLength(2);
    expect(logs.filter((l) => /"msg":"Loaded demo data/.test(l))).toHaveLength(1);

    const migrations = fs.readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    const applied = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM _prisma_migrations GROUP BY migration_name`);
    expect(applied).toHaveLength(migrations);
    expect(applied.every((r) => r.n === 1)).toBe(true);
    const queues = await sql<{ name: string }>(`SELECT name FROM pgboss.queue ORDER BY name`);
    expect(queues.map((q) => q.name).filter((n) => !n.startsWith('__pgboss__'))).toEqual(JOBS.map((j) => j.name).sort());
    for (const p of [...apis, ...workers]) expect(p.logs.filter((l) => /deadlock detected|could not start/i.test(l))).toEqual([]);
  });
});
