import 'reflect-metadata';
import { loadConfig, type AppConfig } from './core/config';
import { createLogger, rootLogger, setRootLogger } from './core/logger';
import { startServer } from './server';

/**
 * Last line of defence: a stray rejection (a library's unawaited promise, e.g. during a database
 * restart) is logged and the process keeps serving. Web traffic must not die with a background task.
 */
process.on('unhandledRejection', (reason) => {
  rootLogger().error({ err: reason }, 'unhandled rejection (the server keeps running)');
});

async function main() {
  const config: AppConfig = loadConfig(process.env, { isTty: process.stdout.isTTY });
  setRootLogger(createLogger({ level: config.logLevel, pretty: config.logPretty }));
  const log = rootLogger();
  // The handlers come first: a Ctrl-C while the server is still starting (it answers requests before its job
  // worker is up) stops it cleanly once started, instead of killing it half-way.
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down…`);
    if (server) await close(server);
  };
  const close = async (s: NonNullable<typeof server>) => {
    try {
      await s.stop();
      process.exit(0);
    } catch (e) {
      log.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  server = await startServer({ config, logger: log });
  log.info({ url: server.url }, `Webkernel Marketplace is running at ${server.url}  (GraphQL: ${server.url}/graphql)`);
  if (stopping) await close(server);
}

main().catch((e) => {
  // Logged (with its stack) when the logger is up; the reason is also written plainly for whoever started the process.
  rootLogger().fatal({ err: e }, 'could not start');
  process.stderr.write(`Could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
