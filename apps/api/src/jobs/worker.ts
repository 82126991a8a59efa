/**
 * The job worker on its own: `node dist/jobs/worker.js`. Uses DATABASE_URL (or the embedded
 * PostgreSQL of `npm start`, which must then be running or is started here), the same services
 * as the web process, and the system clock.
 */
import 'reflect-metadata';
import { createPrismaClient, openDatabase } from '@wk/db';
import { loadConfig } from '../core/config';
import { createLogger, rootLogger, setRootLogger } from '../core/logger';
import { systemClock } from '../core/clock';
import { createServices } from '../services';
import { JobRunner } from './runner';

process.on('unhandledRejection', (reason) => {
  rootLogger().error({ err: reason }, 'unhandled rejection (the worker keeps running)');
});

async function main() {
  const config = loadConfig(process.env, { isTty: process.stdout.isTTY });
  const logger = createLogger({ level: config.logLevel, pretty: config.logPretty }).child({ worker: `standalone-${process.pid}` });
  setRootLogger(logger);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.embeddedPgDir, port: config.embeddedPgPort });
  const prisma = createPrismaClient(db.url, { max: config.databasePoolSize });
  const services = await createServices({ prisma, config, clock: systemClock });
  const runner = new JobRunner(
    { prisma, config, clock: systemClock, services, logger },
    { databaseUrl: db.url, name: `standalone-${process.pid}` },
  );
  // The database may not be up yet (all processes starting together): retry, bounded and logged.
  for (let attempt = 1; ; attempt++) {
    try {
      await runner.start();
      break;
    } catch (e) {
      if (attempt >= 30) throw e;
      logger.warn(`Job worker: start failed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); retrying (${attempt}/30)`);
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * attempt)));
    }
  }
  logger.info(`Job worker running (pid ${process.pid}). Ctrl-C to stop.`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping the job worker…`);
    await runner.stop();
    await (services.mailer?.close() ?? Promise.resolve());
    await prisma.$disconnect();
    await db.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  rootLogger().fatal({ err: e }, 'the job worker could not start');
  process.stderr.write(`Job worker could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
