/**
 * Several API processes started at the same moment on one empty database (issue: replicas that
 * start together). Real processes (`node dist/main.js`), a real PostgreSQL database of the test
 * server: every process comes up, one applies the migrations and loads the demo data, the others
 * wait for it, and no advisory lock outlives the start-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { applyMigrations, MIGRATIONS_DIR, STARTUP_LOCK_KEYS, withDatabase } from '@wk/db';
import { waitFor } from '../test/wait';

jest.setTimeout(300_000);

const MAIN = path.resolve(__dirname, '../../dist/main.js');
const serverUrl = () => process.env.WK_TEST_SERVER_URL!;

interface ApiProcess {
  child: ChildProcess;
  port: number;
  lines: { msg?: string; level?: number }[];
  output: () => string;
  exited: Promise<number | null>;
}

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

async function admin<T>(fn: (c: Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const c = new Client({ connectionString: withDatabase(serverUrl(), database) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function startApi(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SEED_DEMO: '1',
      // Jobs start their own queues (another concern); this test is about migrations and demo data.
      JOBS_ENABLED: '0',
      LOG_LEVEL: 'info',
      LOG_PRETTY: '0',
      DATABASE_POOL_SIZE: '3',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const raw: string[] = [];
  const lines: ApiProcess['lines'] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const l of parts) {
      raw.push(l);
      try {
        lines.push(JSON.parse(l));
      } catch {
        /* not a log line */
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => raw.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, lines, output: () => raw.join('\n'), exited };
}

/** Resolves when /healthz answers 200; rejects if the process exits first. */
async function healthy(p: ApiProcess, timeoutMs = 240_000): Promise<void> {
  let exitCode: number | null | undefined;
  void p.exited.then((c) => (exitCode = c));
  const ok = async () => (await fetch(`http://127.0.0.1:${p.port}/healthz`).catch(() => null))?.status === 200;
  let state: 'healthy' | 'exited';
  try {
    state = await waitFor(
      `process on port ${p.port} healthy`,
      async () => (exitCode !== undefined ? 'exited' : (await ok()) && 'healthy'),
      {
        timeoutMs,
        intervalMs: 200,
      },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}:\n${p.output()}`, { cause: e });
  }
  if (state === 'exited') throw new Error(`process on port ${p.port} exited (${exitCode}):\n${p.output()}`);
}

async function stop(p: ApiProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) {
    p.child.kill('SIGTERM');
    const t = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    await p.exited;
    clearTimeout(t);
  }
}

const count = (ps: ApiProcess[], pattern: RegExp) => ps.flatMap((p) => p.lines).filter((l) => pattern.test(l.msg ?? '')).length;

const migrationCount = fs.readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).length;

describe.each([2, 3])('%i API processes started together on an empty database', (n) => {
  const name = `wk_t_race_${randomBytes(5).toString('hex')}`;
  const url = () => withDatabase(serverUrl(), name);
  let procs: ApiProcess[] = [];

  beforeAll(() => admin((c) => c.query(`CREATE DATABASE "${name}"`)));
  afterEach(async () => {
    await Promise.all(procs.map(stop));
    procs = [];
  });
  afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));

  it('all come up; migrations and demo data happen once; the lock is released', async () => {
    procs = await Promise.all(Array.from({ length: n }, () => startApi(url())));
    await Promise.all(procs.map((p) => healthy(p)));

    expect(count(procs, /^Applied migrations: /)).toBe(1);
    expect(count(procs, /^Database schema is up to date\.$/)).toBe(n - 1);
    expect(count(procs, /^Loaded demo data/)).toBe(1);
    expect(count(procs, /is running at/)).toBe(n);

    await admin(async (c) => {
      const applied = await c.query(`SELECT migration_name, count(*)::int AS n FROM _prisma_migrations GROUP BY migration_name`);
      expect(applied.rows).toHaveLength(migrationCount);
      expect(applied.rows.every((r) => r.n === 1)).toBe(true);
      const users = await c.query(`SELECT count(*)::int AS n FROM users WHERE email = 'alice@acme.test'`);
      expect(users.rows[0].n).toBe(1);
      // Nobody holds an advisory lock any more (ours, or the migration engine's) once all serve.
      const locks = await c.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(locks.rows[0].n).toBe(0);
    }, name);
  });

  // A restart of every replica at once, on the database they have just migrated.
  if (n === 3)
    it('all come up again together on the migrated database, with nothing to do', async () => {
      procs = await Promise.all(Array.from({ length: n }, () => startApi(url())));
      await Promise.all(procs.map((p) => healthy(p)));
      expect(count(procs, /^Applied migrations: /)).toBe(0);
      expect(count(procs, /^Database schema is up to date\.$/)).toBe(n);
      expect(count(procs, /^Loaded demo data/)).toBe(0);
    });
});

describe('the migration runner', () => {
  const name = `wk_t_mig_${randomBytes(5).toString('hex')}`;
  beforeAll(() => admin((c) => c.query(`CREATE DATABASE "${name}"`)));
  afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));

  it('holds no connection and no advisory lock once applyMigrations returns', async () => {
    const applied = await applyMigrations(withDatabase(serverUrl(), name));
    expect(applied).toHaveLength(migrationCount);
    await admin(async (c) => {
      const locks = await c.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(locks.rows[0].n).toBe(0);
      const sessions = await c.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      expect(sessions.rows[0].n).toBe(0);
    }, name);
  });
});

describe('a process waiting for the start-up lock', () => {
  const name = `wk_t_lock_${randomBytes(5).toString('hex')}`;
  beforeAll(() => admin((c) => c.query(`CREATE DATABASE "${name}"`)));
  afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));

  it('gives up after MIGRATION_LOCK_TIMEOUT_SECONDS, saying so, when the lock is never released', async () => {
    const holder = new Client({ connectionString: withDatabase(serverUrl(), name) });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1, $2)', [...STARTUP_LOCK_KEYS]);
      const p = await startApi(withDatabase(serverUrl(), name), { MIGRATION_LOCK_TIMEOUT_SECONDS: '2' });
      expect(await p.exited).toBe(1);
      expect(
        p.lines.some((l) =>
          /^Another process is migrating the database \(PostgreSQL backend \d+\); waiting up to 2 s\.$/.test(l.msg ?? ''),
        ),
      ).toBe(true);
      expect(p.output()).toContain('(MIGRATION_LOCK_TIMEOUT_SECONDS=2)');
      const tables = await holder.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = '_prisma_migrations'`);
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await holder.end();
    }
  });
});
