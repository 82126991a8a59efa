/**
 * Multi-process harness: real API processes (`node dist/main.js`) and standalone job workers
 * (`node dist/jobs/worker.js`) on one test database, as they run in production behind a load
 * balancer. Tests can kill them (SIGKILL included), restart them and call them over HTTP.
 * They run the BUILT code: `pnpm exec turbo run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { GqlResult } from './harness';

const API_DIST = path.resolve(__dirname, '../../dist');

export interface ProcessHandle {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Everything the process printed (stdout and stderr), line by line. */
  logs: string[];
  /** Resolves with the exit code (or the signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGKILL: no shutdown code runs. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export interface ApiProcess extends ProcessHandle {
  url: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, opts?: { cookie?: string }): Promise<GqlResult<T>>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** How long to wait for the ready line (ms). */
  timeoutMs?: number;
  name?: string;
}

const running = new Set<ProcessHandle>();

function launch(script: string, databaseUrl: string, ready: RegExp, opts: StartOptions, name: string) {
  const file = path.join(API_DIST, script);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the API first (pnpm exec turbo run build).`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    SEED_DEMO: '0',
    JOBS_ENABLED: '0',
    // Test databases are cloned from the migrated template; a test that wants start-up migrations says so.
    MIGRATE_ON_START: '0',
    LOG_MASKED_ERRORS: '1',
    ...opts.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  let match: RegExpMatchArray | null = null;
  let onReady: ((m: RegExpMatchArray) => void) | null = null;
  const feed = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      logs.push(line);
      if (process.env.WK_PROCESS_LOGS === '1') console.log(`[${name}] ${line}`);
      const m = !match && line.match(ready);
      if (m) {
        match = m;
        onReady?.(m);
      }
    }
  };
  child.stdout!.on('data', feed);
  child.stderr!.on('data', feed);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const handle: ProcessHandle = {
    name,
    child,
    pid: child.pid!,
    logs,
    exited,
    alive: () => !done,
    async kill9() {
      if (!done) child.kill('SIGKILL');
      await exited;
      running.delete(handle);
    },
    async stop() {
      if (!done) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      running.delete(handle);
    },
  };
  running.add(handle);
  const readyPromise = new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not become ready in ${opts.timeoutMs ?? 60_000} ms:\n${logs.slice(-30).join('\n')}`)),
      opts.timeoutMs ?? 60_000,
    );
    onReady = (m) => {
      clearTimeout(timer);
      resolve(m);
    };
    if (match) onReady(match);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!match) reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready:\n${logs.slice(-30).join('\n')}`));
    });
  });
  return { handle, readyPromise };
}

let counter = 0;

/** Starts `node dist/main.js` on a free port against `databaseUrl` (jobs off unless env says otherwise). */
export async function startApiProcess(databaseUrl: string, opts: StartOptions = {}): Promise<ApiProcess> {
  const name = opts.name ?? `api-${++counter}`;
  const { handle, readyPromise } = launch('main.js', databaseUrl, /is running at (http:\/\/localhost:\d+)/, opts, name);
  const m = await readyPromise;
  const url = m[1]!.replace('localhost', '127.0.0.1');
  return {
    ...handle,
    url,
    async gql(query, variables, o = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.cookie) headers.cookie = o.cookie;
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: any[] };
      return { status: res.status, data: body.data ?? null, errors: body.errors, headers: res.headers };
    },
  };
}

/** Starts a standalone job worker (`node dist/jobs/worker.js`) against `databaseUrl`. */
export async function startWorkerProcess(databaseUrl: string, opts: StartOptions = {}): Promise<ProcessHandle> {
  const name = opts.name ?? `worker-${++counter}`;
  const { handle, readyPromise } = launch('jobs/worker.js', databaseUrl, /Job worker running/, opts, name);
  await readyPromise;
  return handle;
}

/** Stops every process a test file started (call in afterAll / afterEach). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}
