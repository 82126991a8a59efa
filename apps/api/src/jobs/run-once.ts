/**
 * Runs one lifecycle job once and prints its report: `node dist/jobs/run-once.js <job> [--at <ISO date>]`
 * (job names as in README "Jobs", e.g. `license-renewals`). Uses DATABASE_URL and the same services
 * as the web process. `--at` runs it as if it were that instant (a fixed clock): for support
 * ("what would tonight's run do?") and for the browser tests, which move time forward this way.
 */
import 'reflect-metadata';
import { createPrismaClient, openDatabase } from '@wk/db';
import { loadConfig } from '../core/config';
import { FixedClock, systemClock, type Clock } from '../core/clock';
import { createServices } from '../services';
import { JOBS } from './runner';

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const job = JOBS.find((j) => j.name === name);
  if (!job) throw new Error(`Unknown job "${name ?? ''}". Jobs: ${JOBS.map((j) => j.name).join(', ')}`);
  const atIndex = rest.indexOf('--at');
  let clock: Clock = systemClock;
  if (atIndex >= 0) {
    const at = new Date(rest[atIndex + 1] ?? '');
    if (Number.isNaN(at.getTime())) throw new Error('--at needs an ISO date-time, e.g. 2026-12-20T10:00:00Z');
    clock = new FixedClock(at);
  }
  const config = loadConfig();
  const db = await openDatabase({ url: process.env.DATABASE_URL });
  const prisma = createPrismaClient(db.url, { max: 2 });
  try {
    const services = await createServices({ prisma, config, clock });
    const report = await job.run({ prisma, config, clock, services });
    console.log(JSON.stringify({ job: job.name, at: clock.now().toISOString(), report }));
    await (services.mailer?.close() ?? Promise.resolve());
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`Job failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
