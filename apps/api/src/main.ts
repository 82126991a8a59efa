import { startServer } from './server';

/**
 * Last line of defence: a stray rejection (a library's unawaited promise, e.g. during a database
 * restart) is logged and the process keeps serving. Web traffic must not die with a background task.
 */
process.on('unhandledRejection', (reason) => {
  console.error('[process] unhandled rejection (the server keeps running):', reason);
});

async function main() {
  const server = await startServer();
  console.log(`Webkernel Marketplace is running at ${server.url}  (GraphQL: ${server.url}/graphql)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    try {
      await server.stop();
      process.exit(0);
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(`Could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
