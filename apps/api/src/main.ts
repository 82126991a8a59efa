import { startServer } from './server';

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
