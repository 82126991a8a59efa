/**
 * The product under benchmark, in its own process (forked by run.ts): the real app on loopback,
 * counting SQL statements (Prisma query events and the pg pool) and sampling its memory.
 * IPC: sends { port } when listening; answers 'stats' with { statements, rss, peakRss }.
 */
import 'reflect-metadata';
import http from 'node:http';
import type net from 'node:net';
import { createPrismaClient } from '@wk/db';
import { createApp } from '../app';
import { loadConfig } from '../core/config';
import { systemClock } from '../core/clock';
import { createServices } from '../services';

async function main() {
  const url = process.env.DATABASE_URL!;
  const prisma = createPrismaClient(url, { max: 10, logQueries: true });
  let statements = 0;
  (prisma as unknown as { $on(e: 'query', cb: () => void): void }).$on('query', () => statements++);
  // BENCH_WEB_DIST: also serve the built web app (the Lighthouse step).
  const config = { ...loadConfig(), webDistDir: process.env.BENCH_WEB_DIST ?? null, maxQueryCost: 1_000_000 };
  const services = await createServices({ prisma, config, clock: systemClock });
  const { app } = await createApp({ prisma, config, clock: systemClock, services });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let peakRss = 0;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
  process.on('message', (m) => {
    if (m === 'stats') process.send!({ statements, rss: process.memoryUsage().rss, peakRss });
    if (m === 'exit') process.exit(0);
  });
  process.send!({ port: (server.address() as net.AddressInfo).port });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
