/**
 * The bare baseline (issue 16): node:http + pg, no framework, running the same SQL statements as the
 * product (the catalog's own statement builders, sent straight to a pg pool) and answering the same
 * JSON shape. Forked by run.ts; IPC as product-server.ts.
 *   POST /catalog  { filter, sort, first }  → { data: { catalogModules: { totalCount, edges: [{ node: { slug, name, priceSummary: { label } } }] } } }
 *   POST /module   { slug }                 → { data: { module: { slug, name, … , versions, plans } } }
 */
import http from 'node:http';
import type net from 'node:net';
import { Pool } from 'pg';
import { Prisma } from '@wk/db';
import { catalogPage, moduleDetails } from '../modules/catalog';
import { pageQueryOf, type CatalogBody } from './page-query';
import { priceSummary } from '../modules/catalog';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
let statements = 0;

/** The catalog's Db interface over the pg pool (tagged template or a built Prisma.Sql). */
const db = {
  $queryRaw: async (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    const sql = first instanceof Prisma.Sql ? first : Prisma.sql(first, ...values);
    statements++;
    return (await pool.query(sql.text, sql.values as unknown[])).rows;
  },
} as unknown as Parameters<typeof catalogPage>[0];

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
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const out = req.url === '/module' ? await modulePage(body) : await catalog(body);
      const json = JSON.stringify(out);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
});

let peakRss = 0;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
process.on('message', (m) => {
  if (m === 'stats') process.send!({ statements, rss: process.memoryUsage().rss, peakRss });
  if (m === 'exit') process.exit(0);
});
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as net.AddressInfo).port }));
