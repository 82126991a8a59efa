import 'reflect-metadata';
import http from 'node:http';
import path from 'node:path';
import {
  applyMigrations,
  createPrismaClient,
  openDatabase,
  seedDemoData,
  withStartupLock,
  type DatabaseHandle,
  type PrismaClient,
} from '@wk/db';
import { loadConfig, type AppConfig } from './core/config';
import { rootLogger, type Logger } from './core/logger';
import { systemClock, type Clock } from './core/clock';
import { createApp } from './app';
import { createServices } from './services';
import { startJobWorker, type JobRunner } from './jobs/runner';
import { ensureDemoArtifacts } from './modules/version-checks';
import type { Services } from './core/services';

export interface RunningServer {
  url: string;
  port: number;
  prisma: PrismaClient;
  config: AppConfig;
  services: Services;
  stop(): Promise<void>;
}

export interface StartOptions {
  config?: AppConfig;
  clock?: Clock;
  databaseUrl?: string;
  /** Load demo data when the database is empty (default: only for the embedded database). */
  seedDemo?: boolean;
  /** Default: the root logger (core/logger.ts). */
  logger?: Logger;
}

/** Boots the whole product: database, migrations, demo data, API, web app, job worker. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? rootLogger();
  const log = (m: string) => logger.info(m);
  if (!config.webDistDir) config.webDistDir = path.resolve(__dirname, '../../web/dist');
  const clock = opts.clock ?? systemClock;

  let db: DatabaseHandle | undefined;
  let prisma: PrismaClient | undefined;
  try {
    db = await openDatabase({
      url: opts.databaseUrl ?? config.databaseUrl,
      dataDir: config.embeddedPgDir,
      port: config.embeddedPgPort,
    });
    log(
      db.embedded ? `Embedded PostgreSQL ready (${db.url.replace(/:[^:@/]+@/, ':***@')})` : 'Using the PostgreSQL server from DATABASE_URL',
    );
    prisma = createPrismaClient(db.url, { max: config.databasePoolSize });
    const client = prisma;
    const wantSeed = opts.seedDemo ?? config.seedDemo ?? db.embedded;
    if (config.migrateOnStart || wantSeed) {
      // One process migrates and loads the demo data; others starting at once wait (bounded, logged).
      const url = db.url;
      await withStartupLock(
        url,
        async () => {
          if (config.migrateOnStart) {
            const applied = await applyMigrations(url);
            log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
          }
          if (wantSeed && (await client.user.count()) === 0) {
            await seedDemoData(client);
            log('Loaded demo data (accounts in the README, password "demo-password").');
          }
        },
        { timeoutMs: config.migrationLockTimeoutSeconds * 1000, timeoutSetting: 'MIGRATION_LOCK_TIMEOUT_SECONDS', log },
      );
    }
    const services = await createServices({ prisma, config, clock });
    // Real artifacts for the demo releases (idempotent; nothing to do once they are stored).
    const demo = await ensureDemoArtifacts({ prisma, config, clock, services }, { checks: 'queue' });
    if (demo.built) log(`Built ${demo.built} demo module artifact(s); the job worker checks them.`);
    const { app, stop: stopApp } = await createApp({ prisma, config, clock, services, logger });
    const server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(e.code === 'EADDRINUSE' ? new Error(`Port ${config.port} is already in use. Set PORT to another port.`) : e),
      );
      server.listen(config.port, resolve);
    });
    const port = (server.address() as { port: number }).port;
    // The background job worker (renewals, expiry, notices, payouts, e-mail) unless JOBS_ENABLED=0.
    let worker: JobRunner | null;
    try {
      worker = await startJobWorker({ prisma, config, clock, services, logger }, { databaseUrl: db.url, log, name: 'web' });
      if (worker) services.jobs = worker;
    } catch (e) {
      await new Promise<void>((r) => server.close(() => r()));
      await stopApp();
      throw e;
    }
    const p = prisma;
    const d = db;
    let stopped = false;
    return {
      url: `http://localhost:${port}`,
      port,
      prisma: p,
      config,
      services,
      async stop() {
        if (stopped) return;
        stopped = true;
        await new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections?.();
        await worker?.stop();
        await (services.stop as (() => Promise<void>) | undefined)?.();
        await stopApp();
        await p.$disconnect();
        await d.stop();
      },
    };
  } catch (e) {
    await prisma?.$disconnect().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    throw e;
  }
}
