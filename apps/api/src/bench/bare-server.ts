/**
 * The bare baseline (issue 16): node:http + pg, no framework, running the same SQL statements as the
 * product (the catalog's own statement builders, sent straight to a pg pool) and answering the same
 * JSON shape. Forked by run.ts; IPC as product-server.ts.
 *   POST /catalog  { filter, sort, first }  → { data: { catalogModules: { totalCount, edges: [{ node: { slug, name, priceSummary: { label } } }] } } }
 *   POST /module   { slug }                 → { data: { module: { slug, name, … , versions, plans } } }
 *   GET  /api/instance/v1/licenses/:key/validate (Basic credentials) → { license, checkedAt }: the instance
 *        API's statements (rate-limit take, credential lookup, rate-limit take with the refund, the
 *        validation) and its functions, on the pg pool, without express.
 */
import 'reflect-metadata'; // type-graphql's decorators run when the catalog module loads
import http from 'node:http';
import type net from 'node:net';
import { Pool } from 'pg';
import { Prisma } from '@wk/db';
import { catalogPage, moduleDetails } from '../modules/catalog';
import { pageQueryOf, type CatalogBody } from './page-query';
import { priceSummary } from '../modules/catalog';
import { authenticateInstanceCredential } from '../modules/instances';
import { PgRateLimiter } from '../core/rate-limit';
import { loadConfig } from '../core/config';
import { instanceApiConfig } from '../instance-api/instance-api.config';
import { validateLicense } from '../instance-api/instance-api.service';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
let statements = 0;

/** The catalog's Db interface over the pg pool (tagged template or a built Prisma.Sql). */
const db = {
  $queryRaw: async (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    const sql = first instanceof Prisma.Sql ? first : Prisma.sql(first, ...values);
    statements++;
    return (await pool.query(sql.text, sql.values as unknown[])).rows;
  },
  $executeRaw: async (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    const sql = first instanceof Prisma.Sql ? first : Prisma.sql(first, ...values);
    statements++;
    return (await pool.query(sql.text, sql.values as unknown[])).rowCount;
  },
  // The credential's last-used stamp (authenticateInstanceCredential, at most once a minute).
  instanceCredential: {
    updateMany: async (args: { where: { id: number }; data: { lastUsedAt: Date } }) => {
      statements++;
      await pool.query('UPDATE instance_credentials SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)', [
        args.data.lastUsedAt,
        args.where.id,
        new Date(args.data.lastUsedAt.getTime() - 60_000),
      ]);
    },
  },
} as unknown as Parameters<typeof catalogPage>[0];

const config = loadConfig();
const instanceLimits = instanceApiConfig(config);
const limiter = new PgRateLimiter(db as never);

async function validate(url: string, authorization: string | undefined, ip: string): Promise<[number, unknown]> {
  const now = new Date();
  const failRule = { key: `inst:authfail:${ip}`, limit: instanceLimits.authFailureLimit, windowMs: instanceLimits.rateWindowMs };
  const [fail] = await limiter.take([failRule], now);
  if (!fail.allowed) return [429, { error: { code: 'RATE_LIMITED' } }];
  const decoded = Buffer.from((authorization ?? '').replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const who =
    i > 0 ? await authenticateInstanceCredential({ prisma: db as never, config }, decoded.slice(0, i), decoded.slice(i + 1), now) : null;
  if (!who) return [401, { error: { code: 'UNAUTHORIZED' } }];
  const [d] = await limiter.take(
    [{ key: `inst:cred:${who.credentialId}`, limit: instanceLimits.rateLimit, windowMs: instanceLimits.rateWindowMs }],
    now,
    [failRule],
  );
  if (!d.allowed) return [429, { error: { code: 'RATE_LIMITED' } }];
  const key = decodeURIComponent(url.split('/')[5] ?? '');
  const r = await validateLicense(db as never, who, key, now);
  if (!r) return [404, { error: { code: 'LICENSE_NOT_FOUND' } }];
  return [200, { license: r, checkedAt: now.toISOString() }];
}

async function catalog(body: CatalogBody) {
  const first = body.first ?? 20;
  const q = pageQueryOf(body);
  const page = await catalogPage(db, q);
  const ids = page.filter((r) => r.id !== null).map((r) => r.id!);
  const details = ids.length ? await moduleDetails(db, { ids }, new Date()) : [];
  const byId = new Map(details.map((d) => [d.id, d]));
  const edges = ids.slice(0, first).map((id) => {
    const d = byId.get(id)!;
    return { node: { slug: d.slug, name: d.name, priceSummary: { label: priceSummary(d.plans).label } } };
  });
  return { data: { catalogModules: { totalCount: page[0]?.total ?? 0, edges } } };
}

async function modulePage(body: { slug: string }) {
  const [d] = await moduleDetails(db, { slug: body.slug }, new Date());
  if (!d) return { errors: [{ message: 'Module not found', extensions: { code: 'NOT_FOUND' } }] };
  const softwareIds = [...new Set(d.versions.flatMap((v) => v.compatibility.map((c) => c.softwareId)))];
  statements++;
  const cores = (
    await pool.query('SELECT software_id, version FROM software_cores WHERE software_id = ANY($1::int[]) ORDER BY id', [softwareIds])
  ).rows;
  return {
    data: {
      module: {
        slug: d.slug,
        name: d.name,
        description: d.description,
        activeInstalls: d.activeInstalls,
        vendor: { name: d.vendor.name },
        versions: d.versions.map((v) => ({ version: v.version, compatibility: v.compatibility.map((c) => ({ min: c.min, max: c.max })) })),
        plans: d.plans.map((p) => ({ name: p.name, priceAmount: p.priceAmount })),
        priceSummary: { label: priceSummary(d.plans).label },
        cores: cores.map((c) => c.version),
      },
    },
  };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      let status = 200;
      let out: unknown;
      if (req.method === 'GET' && req.url?.startsWith('/api/instance/v1/licenses/')) {
        [status, out] = await validate(req.url, req.headers.authorization, req.socket.remoteAddress ?? 'unknown');
      } else {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        out = req.url === '/module' ? await modulePage(body) : await catalog(body);
      }
      const json = JSON.stringify(out);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'cache-control': 'no-store' });
      res.end(json);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
});

let peakRss = 0;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100).unref(); // rss() alone: memoryUsage() walks the heap (5 % of the product's profile)
process.on('message', (m) => {
  if (m === 'stats') process.send!({ statements, peakRss, cpu: process.cpuUsage(), ...process.memoryUsage() });
  if (m === 'exit') process.exit(0);
});
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as net.AddressInfo).port }));
