/**
 * Test harness: a fresh database (cloned from the migrated + seeded template), the real app on a
 * real HTTP port, and helpers to call GraphQL as any user. No mocks of our own database.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Express } from 'express';
import { createPrismaClient, poolOf, withDatabase, type PrismaClient } from '@wk/db';
import { createApp } from '../app';
import { LOG_LEVELS, loadConfig, type AppConfig, type LogLevel } from '../core/config';
import { systemClock, type Clock } from '../core/clock';
import { systemContext, type AuthUser, type Context } from '../core/context';
import type { Services } from '../core/services';
import { createServices } from '../services';
import { createLogger, type Logger } from '../core/logger';
import { hashToken, newSessionToken, SESSION_COOKIE } from '../modules/auth/session';

const TEMPLATE_DB = 'wk_test_template';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

export interface GqlOptions {
  /** A user's e-mail or id to call as (a session is created for them); omit for anonymous. */
  as?: string | number | null;
  headers?: Record<string, string>;
  cookie?: string;
}

export interface TestApp {
  /** The Express app (e.g. to list its routes). */
  app: Express;
  prisma: PrismaClient;
  databaseUrl: string;
  baseUrl: string;
  config: AppConfig;
  clock: Clock;
  services: Services;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, opts?: GqlOptions): Promise<GqlResult<T>>;
  /** Same as gql but fails the test on protocol errors and returns data. */
  gqlOk<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, opts?: GqlOptions): Promise<T>;
  sessionCookie(user: string | number): Promise<string>;
  userId(email: string): Promise<number>;
  ctxAs(user: string | number | null): Promise<Context>;
  /**
   * Calls `listener` with the SQL text of every statement sent on the app's database pool (Prisma's
   * and the raw reads on the same pool alike: counted in the pg driver), until the returned function
   * is called.
   */
  onStatement(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  config?: Partial<AppConfig>;
  services?: Partial<Services>;
  logQueries?: boolean;
  poolSize?: number;
  /**
   * Serve an existing test database instead of a fresh clone (a second API process on the same
   * database, as replicas run); it is not dropped on close.
   */
  databaseUrl?: string;
  /** The app's logger (default: the silent root logger); logger.test.ts captures its lines. */
  logger?: Logger;
}

/** WK_TEST_LOG=error (or any level) prints the app's log lines while a test runs, to find the cause of a 500. */
function testLogger(): Logger | undefined {
  const level = process.env.WK_TEST_LOG as LogLevel | undefined;
  return level && LOG_LEVELS.includes(level) ? createLogger({ level, pretty: false }, process.stderr) : undefined;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: withDatabase(process.env.WK_TEST_SERVER_URL!, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(): Promise<string> {
  const name = `wk_t_${randomBytes(6).toString('hex')}`;
  // A clone needs the template to be idle; retry briefly if a sibling worker is cloning it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`));
      break;
    } catch (e) {
      if (attempt > 20 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return withDatabase(process.env.WK_TEST_SERVER_URL!, name);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const prisma = createPrismaClient(databaseUrl, { max: opts.poolSize ?? 10, logQueries: opts.logQueries });
  // Every statement on the pool, whoever sends it (Prisma or a raw read): each connection's query is
  // wrapped as the pool opens it, before its first statement.
  const statementListeners = new Set<(sql: string) => void>();
  poolOf(prisma)!.on('connect', (client) => {
    const query = client.query as (...args: unknown[]) => unknown;
    client.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text?: string } | undefined;
      const sql = typeof first === 'string' ? first : (first?.text ?? '');
      for (const l of statementListeners) l(sql);
      return query.apply(this, args);
    } as typeof client.query;
  });
  // Request rate limits are production-sized by default; tests that exercise them set their own. Rendered pages
  // are not reused (a test reads its own writes at once); the page cache's tests set their own lifetime.
  const config: AppConfig = {
    ...loadConfig({}),
    webDistDir: null,
    webPageCacheMs: 0,
    graphqlRateLimitPerUser: 1_000_000,
    graphqlRateLimitPerIp: 1_000_000,
    ...opts.config,
  };
  const clock = opts.clock ?? systemClock;
  const services: Services = { ...(await createServices({ prisma, config, clock })), ...opts.services };
  const { app, stop } = await createApp({ prisma, config, clock, services, logger: opts.logger ?? testLogger() });
  const expressApp = app;
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const cookies = new Map<string, string>();

  const userId = async (email: string) => (await prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } })).id;
  const sessionCookie = async (user: string | number) => {
    const id = typeof user === 'number' ? user : await userId(user);
    const key = String(id);
    if (!cookies.has(key)) {
      const token = newSessionToken();
      await prisma.session.create({ data: { tokenHash: hashToken(token), userId: id, expiresAt: new Date(Date.now() + 86400_000) } });
      cookies.set(key, `${SESSION_COOKIE}=${token}`);
    }
    return cookies.get(key)!;
  };

  const gql: TestApp['gql'] = async (query, variables, o = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
    const cookie = o.cookie ?? (o.as !== undefined && o.as !== null ? await sessionCookie(o.as) : undefined);
    if (cookie) headers.cookie = cookie;
    const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    return { status: res.status, data: body.data ?? null, errors: body.errors, headers: res.headers };
  };

  return {
    app: expressApp,
    prisma,
    databaseUrl,
    baseUrl,
    config,
    clock,
    services,
    gql,
    async gqlOk(query, variables, o) {
      const r = await gql(query, variables, o);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data as any;
    },
    sessionCookie,
    userId,
    async ctxAs(user) {
      let authUser: AuthUser | null = null;
      if (user !== null) {
        const u = await prisma.user.findUniqueOrThrow({ where: typeof user === 'number' ? { id: user } : { email: user } });
        authUser = { id: u.id, email: u.email, name: u.name, platformRole: u.platformRole };
      }
      return systemContext({ prisma, config, clock, services }, authUser);
    },
    onStatement(listener) {
      statementListeners.add(listener);
      return () => void statementListeners.delete(listener);
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await stop();
      await (services.stop as (() => Promise<void>) | undefined)?.();
      await prisma.$disconnect();
      if (!opts.databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}

/** Jest lifecycle: one app (and database) per test file. */
export function useTestApp(opts: TestAppOptions = {}): TestApp {
  const handle = {} as TestApp;
  beforeAll(async () => {
    Object.assign(handle, await createTestApp(opts));
  });
  afterAll(async () => {
    await handle.close?.();
  });
  return handle;
}
