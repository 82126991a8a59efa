/**
 * Benchmarks (`pnpm bench`, issue 16): speed and memory measured here, never in timed unit tests.
 *
 *   BENCH_MODULES=1000,10000,100000   catalog sizes, measured one after the other on one database
 *                                      (each size adds modules with set-based SQL, see data.ts)
 *   BENCH_CONNECTIONS=1,10,50          autocannon connections
 *   BENCH_DURATION=3                   seconds per measurement
 *   BENCH_EXPLAIN=1                    print EXPLAIN ANALYZE of every catalog case (0: off)
 *   BENCH_CASES=newest,module,license  only the cases whose name contains one of these (default: all;
 *                                      also "web bundle", "lighthouse")
 *   BENCH_PROFILE=/tmp/prof            write the product process's CPU profile (.cpuprofile) there
 *   BENCH_NODE_ARGS="--max-semi-space-size=4"   node flags of the product process
 *   DATABASE_URL                       use that server (a new database) instead of an embedded PostgreSQL
 *   BENCH_ONLY=web                     only the web part (bundle sizes and Lighthouse), on the demo data
 *   BENCH_LIGHTHOUSE=0                 skip Lighthouse (it runs when a Chromium is found: CHROME_PATH or /usr/bin/chromium)
 *   BENCH_WEB_DIST=path                the web build to measure (default apps/web/dist)
 *   BENCH_LIGHTHOUSE_DIR=path          keep each Lighthouse report (JSON) there, to read its audits
 *
 * For each size: the product (forked, the real app) and a bare node:http + pg handler (forked,
 * bare-server.ts: the same SQL statements, the same JSON shape) are loaded with autocannon; the
 * table gives p50, p99, req/s, the product/bare req/s ratio and SQL statements per request; then
 * the module page, the instance API's license validation (product and bare), the processes' RSS, and
 * the catalog plans. After the sizes: each catalog case's p50 at one connection across the sizes, as a multiple of
 * the smallest (product, bare, and the page statement alone). At the end: the web bundle's gzipped JavaScript (initial and per chunk), and
 * Lighthouse's performance score of the catalog and a module page, mobile and desktop (lighthouse.ts).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import zlib from 'node:zlib';
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres, withDatabase } from '@wk/db';
import { hashToken, newSessionToken, SESSION_COOKIE } from '../modules/auth';
import { catalogPageSql } from '../modules/catalog';
import { buildCatalog } from './data';
import { pageQueryOf, type CatalogBody } from './page-query';
import { chromiumPath, lighthouse } from './lighthouse';

const SIZES = (process.env.BENCH_MODULES ?? '1000').split(',').map(Number);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const EXPLAIN = process.env.BENCH_EXPLAIN !== '0';
const ONLY = process.env.BENCH_CASES?.split(',').filter(Boolean) ?? null;
const PROFILE = process.env.BENCH_PROFILE;
const wanted = (name: string) => !ONLY || ONLY.some((w) => name.includes(w));
/** The web build measured (bundle sizes, Lighthouse); BENCH_WEB_DIST compares another build. */
const WEB_DIST = process.env.BENCH_WEB_DIST ?? path.resolve(__dirname, '../../../web/dist');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

interface Proc {
  child: ChildProcess;
  base: string;
  stats(): Promise<{ statements: number; peakRss: number; cpu: NodeJS.CpuUsage } & NodeJS.MemoryUsage>;
  stop(): void;
}

function start(script: string, env: Record<string, string>, execArgv: string[] = []): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, script), [], {
      env: { ...process.env, ...env },
      execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', (m: any) =>
      resolve({
        child,
        base: `http://127.0.0.1:${m.port}`,
        stats: () =>
          new Promise((r) => {
            child.once('message', r as (m: unknown) => void);
            child.send('stats');
          }),
        stop: () => {
          child.removeAllListeners('exit');
          child.send('exit');
        },
      }),
    );
  });
}

interface Load {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
}

async function load(url: string, opts: { body?: string; headers?: Record<string, string>; method?: 'GET' | 'POST'; connections: number }) {
  const r = await autocannon({
    url,
    method: opts.method ?? 'POST',
    headers: opts.headers ?? { 'content-type': 'application/json' },
    body: opts.body,
    connections: opts.connections,
    duration: DURATION,
  });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    requests: r.requests.total,
    errors: r.errors + r.non2xx,
  } satisfies Load;
}

const CATALOG_GQL = `query($f: CatalogFilter, $s: CatalogSort!) { catalogModules(first: 20, filter: $f, sort: $s) { totalCount edges { node { slug name priceSummary { label } } } } }`;
const MODULE_GQL = `query($slug: String!) { module(slug: $slug) { slug name description activeInstalls vendor { name }
  versions { version compatibility { minCoreVersion maxCoreVersion } } plans { name price { amount } } priceSummary { label }
  compatibilityMatrix { cores { version } } } }`;

const CASES: [string, CatalogBody][] = [
  ['newest', { sort: 'NEWEST' }],
  ['price', { sort: 'PRICE' }],
  ['rating', { sort: 'RATING' }],
  ['most installed', { sort: 'INSTALLS' }],
  ['relevance "analytics" (1 in 6)', { filter: { search: 'analytics' }, sort: 'RELEVANCE' }],
  ['relevance "zeppelin" (1 in 500)', { filter: { search: 'zeppelin' }, sort: 'RELEVANCE' }],
  ['core webkernel 1.9.5', { filter: { software: 'webkernel', coreVersion: '1.9.5' }, sort: 'NEWEST' }],
  ['category crm', { filter: { category: 'crm' }, sort: 'NEWEST' }],
  // Every filter with another sort (issue 16: "for every filter and sort").
  ['"analytics" newest', { filter: { search: 'analytics' }, sort: 'NEWEST' }],
  ['"analytics" price', { filter: { search: 'analytics' }, sort: 'PRICE' }],
  ['"zeppelin" rating', { filter: { search: 'zeppelin' }, sort: 'RATING' }],
  ['core 1.9.5 price', { filter: { software: 'webkernel', coreVersion: '1.9.5' }, sort: 'PRICE' }],
  ['core 1.9.5 rating', { filter: { software: 'webkernel', coreVersion: '1.9.5' }, sort: 'RATING' }],
  ['category crm price', { filter: { category: 'crm' }, sort: 'PRICE' }],
];

/** SQL statements per request, counted over 10 sequential requests (no load-boundary effects). */
async function sqlPerRequest(proc: Proc, url: string, init: RequestInit): Promise<number> {
  const s0 = (await proc.stats()).statements;
  for (let i = 0; i < 10; i++) await (await fetch(url, init)).arrayBuffer();
  return ((await proc.stats()).statements - s0) / 10;
}
const post = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
const ms = (x: number) => `${x.toFixed(1)}`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

async function gql(base: string, query: string, variables: Record<string, unknown>, cookie?: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface Target {
  proc: Proc;
  path: string;
  init: RequestInit;
}

/**
 * One case loaded on the product and on the bare handler, one after the other at each connection
 * count: one table row per count (p50, p99, req/s of both, the ratio, SQL statements per request).
 */
async function compare(
  product: Target,
  bare: Target,
  connections: number[],
  lead: (string | number)[] = [],
  onOne?: (p: Load, b: Load) => void,
) {
  const pSql = await sqlPerRequest(product.proc, `${product.proc.base}${product.path}`, product.init);
  const bSql = await sqlPerRequest(bare.proc, `${bare.proc.base}${bare.path}`, bare.init);
  const opts = (t: Target, c: number) => ({
    method: (t.init.method ?? 'GET') as 'GET' | 'POST',
    headers: t.init.headers as Record<string, string>,
    body: t.init.body as string | undefined,
    connections: c,
  });
  /** The process's CPU time (user + system) per request over one load, in ms. */
  const measured = async (t: Target, c: number) => {
    const before = (await t.proc.stats()).cpu;
    const r = await load(`${t.proc.base}${t.path}`, opts(t, c));
    const after = (await t.proc.stats()).cpu;
    return { ...r, cpu: (after.user - before.user + after.system - before.system) / 1000 / Math.max(1, r.requests) };
  };
  for (const c of connections) {
    const p = await measured(product, c);
    const b = await measured(bare, c);
    if (p.errors || b.errors) console.log(`(errors: product ${p.errors}, bare ${b.errors})`);
    if (c === 1) onOne?.(p, b);
    console.log(
      row([
        ...lead,
        c,
        ms(p.p50),
        ms(p.p99),
        p.rps.toFixed(0),
        ms(b.p50),
        ms(b.p99),
        b.rps.toFixed(0),
        `${(p.rps / b.rps).toFixed(2)}×`,
        pSql.toFixed(1),
        bSql.toFixed(1),
        p.cpu.toFixed(2),
        b.cpu.toFixed(2),
      ]),
    );
  }
}

const COLUMNS = [
  'c',
  'p50 ms',
  'p99 ms',
  'req/s',
  'bare p50',
  'bare p99',
  'bare req/s',
  'ratio',
  'SQL/req',
  'bare SQL/req',
  'CPU ms/req',
  'bare CPU ms/req',
];
const header = (lead: string[] = []) => {
  console.log(row([...lead, ...COLUMNS]));
  console.log(row(Array(lead.length + COLUMNS.length).fill('---')));
};

/** p50 at one connection of each catalog case at each size: product, bare, and the page statement alone. */
interface Scale {
  product: number;
  bare: number;
  sql: number;
}
const scaling = new Map<string, Map<number, Scale>>();

/** Median time of the case's page statement run alone 21 times in a row on one connection (after 3 warm-ups), in ms. */
async function sqlAlone(url: string, body: CatalogBody): Promise<number> {
  const sql = catalogPageSql(pageQueryOf(body));
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < 24; i++) {
      const t0 = process.hrtime.bigint();
      await c.query(sql.text, sql.values as unknown[]);
      if (i >= 3) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times.sort((a, b) => a - b)[10];
  } finally {
    await c.end();
  }
}

/**
 * The catalog-at-any-size goal: each case's p50 at one connection at every size, as a multiple of its p50 at the
 * smallest size (goal: within 2× at 100 000 of 1 000), for the product, the bare handler and the statement alone.
 */
function scalingSummary() {
  const sizes = [...new Set([...scaling.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  if (sizes.length < 2) return;
  const base = sizes[0];
  const times = (x: number, y: number | undefined) => (y === undefined || !x ? '–' : `${(y / x).toFixed(1)}×`);
  console.log(`\n## Catalog at any size: p50 at c = 1 (ms), and the multiple of its p50 at ${base.toLocaleString('en-US')} modules\n`);
  const cols = sizes.map((n) => n.toLocaleString('en-US'));
  console.log(row(['case', ...cols.map((n) => `product @${n}`), ...cols.slice(1).map((n) => `product ×, bare ×, SQL alone × @${n}`)]));
  console.log(row(Array(1 + cols.length * 2 - 1).fill('---')));
  for (const [name, m] of scaling) {
    const b = m.get(base);
    if (!b) continue;
    console.log(
      row([
        name,
        ...sizes.map((n) => (m.get(n) ? `${ms(m.get(n)!.product)} (SQL ${m.get(n)!.sql.toFixed(2)})` : '–')),
        ...sizes.slice(1).map((n) => {
          const x = m.get(n);
          return `${times(b.product, x?.product)}, ${times(b.bare, x?.bare)}, ${times(b.sql, x?.sql)}`;
        }),
      ]),
    );
  }
}

async function benchSize(url: string, size: number, have: number) {
  console.log(`\n## ${size.toLocaleString('en-US')} modules\n`);
  console.log(
    `Command: BENCH_MODULES=${SIZES.join(',')} BENCH_CONNECTIONS=${CONNECTIONS.join(',')} BENCH_DURATION=${DURATION} pnpm bench` +
      ` (load average ${os.loadavg()[0].toFixed(1)})\n`,
  );
  const built = await buildCatalog(url, size - have, have, (s) => console.log(s));
  console.log(`Data: ${(size - have).toLocaleString('en-US')} modules added with set-based SQL in ${built.toFixed(1)} s\n`);

  const env = { DATABASE_URL: url, INSTANCE_API_RATE_LIMIT: '100000000', INSTANCE_API_AUTH_FAILURE_LIMIT: '100000000' };
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const product = await start('product-server.js', env, [...nodeArgs, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [])]);
  const bare = await start('bare-server.js', env);
  const started = { product: await product.stats(), bare: await bare.stats() };
  try {
    const cases = CASES.filter(([name]) => wanted(name));
    if (cases.length) {
      console.log(`### Catalog page (first 20), ${DURATION} s per cell\n`);
      header(['case', 'matches']);
    }
    for (const [name, body] of cases) {
      const first = await gql(product.base, CATALOG_GQL, { f: body.filter ?? null, s: body.sort });
      const onOne = (p: Load, b: Load) => {
        const sizes = scaling.get(name) ?? new Map<number, Scale>();
        sizes.set(size, { product: p.p50, bare: b.p50, sql: 0 });
        scaling.set(name, sizes);
      };
      await compare(
        {
          proc: product,
          path: '/graphql',
          init: post(JSON.stringify({ query: CATALOG_GQL, variables: { f: body.filter ?? null, s: body.sort } })),
        },
        { proc: bare, path: '/catalog', init: post(JSON.stringify(body)) },
        CONNECTIONS,
        [name, `${first.catalogModules.totalCount}`],
        onOne,
      );
      const scale = scaling.get(name)?.get(size);
      if (scale) scale.sql = await sqlAlone(url, body);
    }

    if (wanted('module page')) {
      console.log(`\n### Module page (bench-module-7)\n`);
      header();
      await gql(product.base, MODULE_GQL, { slug: 'bench-module-7' });
      await compare(
        { proc: product, path: '/graphql', init: post(JSON.stringify({ query: MODULE_GQL, variables: { slug: 'bench-module-7' } })) },
        { proc: bare, path: '/module', init: post(JSON.stringify({ slug: 'bench-module-7' })) },
        CONNECTIONS,
      );
    }

    if (wanted('license validation')) {
      // Instance API: a credential for Acme Production, validating Acme's license key.
      const prisma = createPrismaClient(url, { max: 2 });
      const token = newSessionToken();
      await prisma.session.create({ data: { tokenHash: hashToken(token), userId: 42, expiresAt: new Date(Date.now() + 3600_000) } });
      await prisma.$disconnect();
      const cred = await gql(
        product.base,
        `mutation { instanceCredentialCreate(input: { instanceId: 1, name: "bench-${size}" }) { secret credential { keyId } errors { code message } } }`,
        {},
        `${SESSION_COOKIE}=${token}`,
      );
      const { credential, secret } = cred.instanceCredentialCreate;
      const init = { headers: { authorization: `Basic ${Buffer.from(`${credential.keyId}:${secret}`).toString('base64')}` } };
      const vPath = `/api/instance/v1/licenses/MODLIC-CRM-101-ABC123/validate`;
      console.log(`\n### Instance API license validation\n`);
      header();
      await compare({ proc: product, path: vPath, init }, { proc: bare, path: vPath, init }, [...new Set([...CONNECTIONS, 100])]);
    }

    // RSS, and the JS heap (used/total) inside it, after start and after the load above; the rest of RSS is
    // native: the node binary, malloc (compilers, drivers, native libraries), WebAssembly code.
    const memory = (name: string, s: NodeJS.MemoryUsage, l: NodeJS.MemoryUsage & { peakRss: number }) =>
      row([
        name,
        mib(s.rss),
        `${mib(s.heapUsed)} / ${mib(s.heapTotal)}`,
        mib(l.rss),
        mib(l.peakRss),
        `${mib(l.heapUsed)} / ${mib(l.heapTotal)}`,
        mib(l.external),
        mib(l.rss - l.heapTotal),
      ]);
    console.log(`\n### Memory\n`);
    console.log(
      row([
        'process',
        'RSS after start',
        'JS heap used / total',
        'RSS after load',
        'peak RSS',
        'JS heap used / total',
        'external',
        'RSS − JS heap',
      ]),
    );
    console.log(row(Array(8).fill('---')));
    console.log(memory('product', started.product, await product.stats()));
    console.log(memory('bare', started.bare, await bare.stats()));

    if (EXPLAIN) {
      console.log(`\n### Catalog plans (EXPLAIN ANALYZE, page statement)\n`);
      const c = new Client({ connectionString: url });
      await c.connect();
      for (const [name, body] of CASES) {
        const sql = catalogPageSql(pageQueryOf(body));
        const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.text}`, sql.values as unknown[]);
        console.log(`#### ${name}\n\n\`\`\`\n${r.rows.map((x) => x['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
      }
      await c.end();
    }
  } finally {
    product.stop();
    bare.stop();
  }
}

function webBundle() {
  const dist = WEB_DIST;
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    console.log('\n(web bundle: apps/web/dist not built)');
    return;
  }
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
  const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  console.log(`\n## Web bundle (gzip -9)\n`);
  console.log(
    `Initial JavaScript (index.html scripts and modulepreloads): ${kb(initial.reduce((a, f) => a + gz(f), 0))} in ${initial.length} files\n`,
  );
  console.log(row(['chunk', 'gz', 'initial']));
  console.log(row(['---', '---', '---']));
  const files = fs
    .readdirSync(path.join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => [`assets/${f}`, gz(`assets/${f}`)] as const)
    .sort((a, b) => b[1] - a[1]);
  for (const [f, size] of files) console.log(row([f, kb(size), initial.includes(f) ? 'yes' : '']));
}

async function webLighthouse(url: string) {
  const chrome = chromiumPath();
  if (process.env.BENCH_LIGHTHOUSE === '0') return;
  if (!chrome) return void console.log('\n(Lighthouse: no Chromium found; set CHROME_PATH)');
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  const product = await start('product-server.js', { DATABASE_URL: url, BENCH_WEB_DIST: WEB_DIST });
  try {
    console.log(`\n## Lighthouse (performance; mobile: slow 4G, 4× CPU slowdown; desktop preset)\n`);
    console.log(row(['page', 'form factor', 'score', 'FCP', 'LCP', 'TBT', 'CLS', 'Speed Index', 'JS transferred']));
    console.log(row(['---', '---', '---', '---', '---', '---', '---', '---', '---']));
    const ms = (v: number) => `${Math.round(v)} ms`;
    for (const page of ['/modules', '/modules/crm-pro']) {
      for (const formFactor of ['mobile', 'desktop'] as const) {
        const r = await lighthouse(`${product.base}${page}`, formFactor, chrome);
        console.log(
          row([
            page,
            formFactor,
            r.score.toFixed(2),
            ms(r.fcp),
            ms(r.lcp),
            ms(r.tbt),
            r.cls.toFixed(3),
            ms(r.si),
            `${(r.scriptBytes / 1024).toFixed(1)} KB`,
          ]),
        );
      }
    }
  } finally {
    product.stop();
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-bench-'));
  fs.chmodSync(dir, 0o755);
  let stopPg: (() => Promise<void>) | null = null;
  let url: string;
  if (process.env.DATABASE_URL) {
    const name = `wk_bench_${Date.now()}`;
    const c = new Client({ connectionString: withDatabase(process.env.DATABASE_URL, 'postgres') });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    url = withDatabase(process.env.DATABASE_URL, name);
  } else {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
    stopPg = () => pg.stop();
    url = pg.url;
  }
  try {
    await applyMigrations(url);
    const prisma = createPrismaClient(url, { max: 2 });
    await seedDemoData(prisma);
    await prisma.$disconnect();
    console.log(`# Benchmark (${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the start, node ${process.version})`);
    let have = 0;
    for (const size of process.env.BENCH_ONLY === 'web' ? [] : SIZES.sort((a, b) => a - b)) {
      await benchSize(url, size, have);
      have = size;
    }
    scalingSummary();
    if (wanted('web bundle')) webBundle();
    if (wanted('lighthouse')) await webLighthouse(url);
  } finally {
    await stopPg?.();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
