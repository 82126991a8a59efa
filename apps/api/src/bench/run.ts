/**
 * Benchmarks (`pnpm bench`): speed and memory measured here, not in timed unit tests.
 * Starts the real product on a throw-away embedded PostgreSQL (or DATABASE_URL's server, in a new
 * database), adds a catalog of BENCH_MODULES modules, then measures over HTTP on loopback:
 *   1. catalog page (first 20) for several filter/sort combinations, p50/p95 and SQL statements;
 *   2. instance API license validation (the instances' fast path), sequential and 10 concurrent;
 *   3. the shared rate limiter's cost per request (alone, and within a small GraphQL request);
 *   4. the API process's resident memory after the run.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { Client } from 'pg';
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres, withDatabase } from '@wk/db';
import { createApp } from '../app';
import { loadConfig } from '../core/config';
import { systemClock } from '../core/clock';
import { createServices } from '../services';
import { PgRateLimiter } from '../core/rate-limit';
import { hashToken, newSessionToken, SESSION_COOKIE } from '../modules/auth/session';
import http from 'node:http';

const MODULES = Number(process.env.BENCH_MODULES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  process.env.INSTANCE_API_RATE_LIMIT ??= '100000000';
  process.env.GRAPHQL_RATE_LIMIT_USER ??= '100000000';
  process.env.GRAPHQL_RATE_LIMIT_IP ??= '100000000';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-bench-'));
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
  await applyMigrations(url);
  const prisma = createPrismaClient(url, { max: 10, logQueries: true });
  await seedDemoData(prisma);
  let statements = 0;
  (prisma as unknown as { $on(e: 'query', cb: () => void): void }).$on('query', () => statements++);

  console.log(`Preparing ${MODULES} published modules (3 versions, 2 plans each)…`);
  const t0 = Date.now();
  const categories = ['crm', 'erp', 'analytics', 'billing', 'security', 'marketing'];
  for (let i = 0; i < MODULES; i += 50) {
    await prisma.$transaction(
      async (tx) => {
        for (let j = i; j < Math.min(MODULES, i + 50); j++) {
          const m = await tx.module.create({
            data: {
              vendorId: 1 + (j % 3),
              slug: `bench-module-${j}`,
              name: `Bench Module ${j}`,
              status: 'published',
              publishedAt: new Date(Date.UTC(2025, 0, 1) + j * 60_000),
              category: categories[j % categories.length],
              shortDescription: `Benchmark module number ${j} for ${categories[j % categories.length]}`,
              ratingAverage: ((j % 50) / 10).toFixed(2),
              ratingCount: j % 7,
            },
          });
          for (const [k, v] of ['1.0.0', '1.1.0', '2.0.0'].entries()) {
            const version = await tx.moduleVersion.create({
              data: {
                moduleId: m.id,
                version: v,
                status: k === 2 && j % 4 === 0 ? 'pending' : 'stable',
                hash: `${j}`.padStart(64, '0'),
                releaseDate: new Date(),
              },
            });
            await tx.moduleCoreCompatibility.create({
              data: {
                versionId: version.id,
                softwareId: 1,
                minCoreVersion: k === 0 ? '1.0.0' : '1.9.0',
                maxCoreVersion: k === 2 ? null : '1.9.5',
              },
            });
          }
          await tx.pricingPlan.createMany({
            data: [
              {
                moduleId: m.id,
                planType: 'subscription',
                name: 'Monthly',
                priceAmount: (10 + (j % 90)).toFixed(2),
                billingCycle: 'monthly',
              },
              { moduleId: m.id, planType: 'perpetual', name: 'Lifetime', priceAmount: (200 + (j % 300)).toFixed(2), billingCycle: 'once' },
            ],
          });
        }
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
  }
  console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const config = { ...loadConfig(), webDistDir: null, maxQueryCost: 1_000_000 };
  const services = await createServices({ prisma, config, clock: systemClock });
  const { app, stop } = await createApp({ prisma, config, clock: systemClock, services });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

  const gql = async (query: string, variables: Record<string, unknown> = {}, cookie?: string) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  const CATALOG = `query($f: CatalogFilter, $s: CatalogSort!) { catalogModules(first: 20, filter: $f, sort: $s) { totalCount edges { node { slug name } } } }`;
  const cases: [string, Record<string, unknown>][] = [
    ['newest, no filter', { s: 'NEWEST' }],
    ['search "analytics"', { f: { search: 'analytics' }, s: 'RELEVANCE' }],
    ['core 1.9.5 + category crm', { f: { software: 'webkernel', coreVersion: '1.9.5', category: 'crm' }, s: 'NAME' }],
    ['by price', { s: 'PRICE' }],
    ['by rating, verified only', { f: { verifiedOnly: true }, s: 'RATING' }],
  ];
  const rows: string[][] = [];
  for (const [name, vars] of cases) {
    await gql(CATALOG, vars); // warm
    const times: number[] = [];
    const before = statements;
    let total = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const s = performance.now();
      const d = await gql(CATALOG, vars);
      times.push(performance.now() - s);
      total = d.catalogModules.totalCount;
    }
    rows.push([name, String(total), fmt(pct(times, 50)), fmt(pct(times, 95)), ((statements - before) / ROUNDS).toFixed(1)]);
  }
  console.log(`\nCatalog page (first 20 of ${MODULES + 3} modules), ${ROUNDS} requests each`);
  console.log(['case', 'matches', 'p50', 'p95', 'SQL/request'].join(' | '));
  for (const r of rows) console.log(r.join(' | '));

  // Instance API: a credential for Acme Production, validating Acme's license key.
  const token = newSessionToken();
  await prisma.session.create({ data: { tokenHash: hashToken(token), userId: 42, expiresAt: new Date(Date.now() + 3600_000) } });
  const cookie = `${SESSION_COOKIE}=${token}`;
  const cred = await gql(
    `mutation { instanceCredentialCreate(input: { instanceId: 1, name: "bench" }) { secret credential { keyId } errors { code message } } }`,
    {},
    cookie,
  );
  const auth = `Basic ${Buffer.from(`${cred.instanceCredentialCreate.credential.keyId}:${cred.instanceCredentialCreate.secret}`).toString('base64')}`;
  const validate = async () => {
    const s = performance.now();
    const res = await fetch(`${base}/api/instance/v1/licenses/MODLIC-CRM-101-ABC123/validate`, { headers: { authorization: auth } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`validate → ${res.status}`);
    return performance.now() - s;
  };

  for (let i = 0; i < 20; i++) await validate();
  const seq: number[] = [];
  const before = statements;
  const N = 500;
  for (let i = 0; i < N; i++) seq.push(await validate());
  const perReq = (statements - before) / N;
  const conc: number[] = [];
  const cs = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let i = 0; i < N / 10; i++) conc.push(await validate());
    }),
  );
  const elapsed = (performance.now() - cs) / 1000;
  console.log(`\nInstance API license validation (${N} requests)`);
  console.log(`sequential: p50 ${fmt(pct(seq, 50))}, p95 ${fmt(pct(seq, 95))}, ${perReq.toFixed(1)} SQL/request`);
  console.log(`10 concurrent: p50 ${fmt(pct(conc, 50))}, p95 ${fmt(pct(conc, 95))}, ${(N / elapsed).toFixed(0)} requests/s`);

  // The shared rate limiter's cost per request: one statement that counts a GraphQL request of a
  // signed-in user (per-user and per-IP counters), measured alone and as part of a request.
  const limiter = new PgRateLimiter(prisma);
  const rules = (i: number) => [
    { key: `bench:ip:10.0.${i % 250}.1`, limit: 1e9, windowMs: 60_000 },
    { key: `bench:user:${i % 1000}`, limit: 1e9, windowMs: 60_000 },
  ];
  for (let i = 0; i < 50; i++) await limiter.take(rules(i), new Date());
  const lim: number[] = [];
  const limBefore = statements;
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await limiter.take(rules(i), new Date());
    lim.push(performance.now() - s);
  }
  const limSql = (statements - limBefore) / N;
  const ME = async () => {
    const s = performance.now();
    await gql('{ me { id } }', {}, cookie);
    return performance.now() - s;
  };
  for (let i = 0; i < 20; i++) await ME();
  const me: number[] = [];
  for (let i = 0; i < N; i++) me.push(await ME());
  console.log(`\nRate limiter (PostgreSQL, ${N} requests, 2 counters each)`);
  console.log(`limiter alone: p50 ${fmt(pct(lim, 50))}, p95 ${fmt(pct(lim, 95))}, ${limSql.toFixed(1)} SQL/request`);
  console.log(`whole GraphQL request { me { id } } including it: p50 ${fmt(pct(me, 50))}, p95 ${fmt(pct(me, 95))}`);

  const mem = process.memoryUsage();
  console.log(`\nMemory after the run: RSS ${(mem.rss / 1048576).toFixed(0)} MiB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MiB`);

  await new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections?.();
  await stop();
  await (services.stop as (() => Promise<void>) | undefined)?.();
  await prisma.$disconnect();
  await stopPg?.();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
