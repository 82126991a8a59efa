/**
 * Starts (or connects to) a real PostgreSQL server once for the whole run and prepares a
 * template database: every migration applied and the demo data loaded. Each test file then
 * clones it (CREATE DATABASE … TEMPLATE …), so files are independent and start in milliseconds.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres, withDatabase } from '@wk/db';
import { loadConfig } from '../core/config';
import { systemClock } from '../core/clock';
import { createServices } from '../services';
import { ensureDemoArtifacts } from '../modules/version-checks/demo-artifacts';

export const TEMPLATE_DB = 'wk_test_template';

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

export default async function globalSetup() {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-api-test-'));
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), database: 'postgres' });
    (globalThis as { __WK_PG__?: unknown }).__WK_PG__ = { pg, dir };
    serverUrl = pg.url;
  }
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  // Leftovers of interrupted runs.
  const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'wk_t_%' OR datname = $1`, [TEMPLATE_DB]);
  for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await admin.end();

  const templateUrl = withDatabase(serverUrl, TEMPLATE_DB);
  await applyMigrations(templateUrl);
  const prisma = createPrismaClient(templateUrl, { max: 2 });
  await seedDemoData(prisma);
  // The demo releases' real artifacts (stored in the default artifact storage the test apps use).
  const config = loadConfig({});
  const services = await createServices({ prisma, config, clock: systemClock });
  await ensureDemoArtifacts({ prisma, config, clock: systemClock, services });
  await prisma.$disconnect();
  process.env.WK_TEST_SERVER_URL = serverUrl;
}
