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
