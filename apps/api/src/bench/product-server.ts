/**
 * The product under benchmark, in its own process (forked by run.ts): the real app on loopback,
 * counting SQL statements (in the pg driver under Prisma) and sampling its memory.
 * IPC: sends { port } when listening; answers 'stats' with { statements, peakRss, cpu, …process.memoryUsage() }.
 */
import 'reflect-metadata';
import http from 'node:http';
import type net from 'node:net';
import pg from 'pg';
import { createPrismaClient } from '@wk/db';
import { createApp } from '../app';
import { loadConfig } from '../core/config';
import { systemClock } from '../core/clock';
import { createServices } from '../services';

async function main() {
  const url = process.env.DATABASE_URL!;
  // Statements are counted in the pg driver under Prisma (Prisma's query events would cost the product
  // a formatted event per statement that a deployment does not pay).
  let statements = 0;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const prisma = createPrismaClient(url, { max: 10 });
  // BENCH_WEB_DIST: also serve the built web app (the Lighthouse step).
  // The rate limiter still counts every request (its statement is part of what is measured) but never refuses
  // one: the load generator is a single client that sends thousands of requests a minute.
  const config = {
    ...loadConfig(),
    webDistDir: process.env.BENCH_WEB_DIST ?? null,
    maxQueryCost: 1_000_000,
    graphqlRateLimitPerIp: 1_000_000_000,
    graphqlRateLimitPerUser: 1_000_000_000,
    instanceApiRateLimit: 1_000_000_000,
  };
  const services = await createServices({ prisma, config, clock: systemClock });
  const { app } = await createApp({ prisma, config, clock: systemClock, services });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let peakRss = 0;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100).unref(); // rss() alone: memoryUsage() walks the heap (5 % of the product's profile)
  process.on('message', (m) => {
    if (m === 'stats') process.send!({ statements, peakRss, cpu: process.cpuUsage(), ...process.memoryUsage() });
    if (m === 'exit') process.exit(0);
  });
  process.send!({ port: (server.address() as net.AddressInfo).port });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
