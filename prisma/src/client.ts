import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, types, type CustomTypesConfig, type PoolClient } from 'pg';
import { Prisma, PrismaClient } from '../generated/client';
import { poolConfigFromUrl } from './pg-config';

export * from '../generated/client';

export interface CreateClientOptions {
  /** Connection pool size (default 10). */
  max?: number;
  /** Emit query events (`$on('query')`), e.g. to count statements in tests. */
  logQueries?: boolean;
}

/**
 * How long an interactive transaction may wait for a pooled connection, and run. Prisma's defaults
 * (2 s and 5 s) turned a busy moment (a saturated pool, a loaded 2-core machine) into a 500 for a
 * request that would have finished: a heartbeat or a sign-in failed with INTERNAL under load.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/** The pg pool under each client made by createPrismaClient (Prisma and `rawDb` share it). */
const pools = new WeakMap<object, Pool>();
const raws = new WeakMap<Pool, RawDb>();

/**
 * A Prisma client over the pg driver adapter (no native query engine), on a pg pool of its own that
 * `rawDb(client)` also uses: one set of connections for Prisma and for the hot raw reads. The pool
 * is closed with the client (`$disconnect`).
 */
export function createPrismaClient(url: string, opts: CreateClientOptions = {}): PrismaClient {
  const pool = new Pool(poolConfigFromUrl(url, { max: opts.max ?? 10 }));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = opts.logQueries
    ? (new PrismaClient({
        adapter,
        transactionOptions: TRANSACTION_OPTIONS,
        log: [{ emit: 'event', level: 'query' }],
      }) as unknown as PrismaClient)
    : new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  // An idle connection that breaks (a database restart) is dropped by the pool; the next statement
  // reports the outage. Without a listener the pool's 'error' event would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', oneStatementAtATime);
  // The pool closes with the client, also when Prisma itself never opened it (only raw reads ran).
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await disconnect();
    if (!pool.ended) await pool.end();
  };
  pools.set(client, pool);
  return client;
}

const settle = () => undefined;

/**
 * Sends a connection's statements one after the other: each waits until the one before it has answered.
 * Prisma's query interpreter reads the relations of an `include` in parallel (Promise.all); inside an
 * interactive transaction they all go to the transaction's one connection, where pg queued them itself
 * (a deprecated path: pg 8.19+ warns "Calling client.query() when the client is already executing a
 * query", and pg 9 refuses it). The order and the results are those of pg's own queue, which also sent
 * one statement at a time. Only the promise form (`query(config)`, what the driver adapter calls) is
 * queued here; pool.query's callback form runs on a connection the pool has handed to it alone.
 */
function oneStatementAtATime(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let tail: Promise<unknown> | null = null;
  client.query = ((...args: unknown[]) => {
    const config = args[0] as { submit?: unknown } | null | undefined;
    if (args.length !== 1 || typeof config !== 'object' || config === null || typeof config.submit === 'function') return query(...args);
    const run = () => query(config) as Promise<unknown>;
    const result = tail ? tail.then(run, run) : run();
    const settled = result.then(settle, settle);
    tail = settled;
    void settled.then(() => {
      if (tail === settled) tail = null;
    });
    return result;
  }) as typeof client.query;
}

/** The pg pool under a client made by createPrismaClient; null for any other client (e.g. a transaction's). */
export function poolOf(client: object): Pool | null {
  return pools.get(client) ?? null;
}

// ───────────────────────────────────────────────────────── raw statements on the pool

/** What `rawDb` offers: Prisma's raw statement API (tagged template or a built `Prisma.Sql`). */
export interface RawDb {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

const T = types.builtins;
const textArray = (types.getTypeParser as (oid: number) => (s: string) => (string | null)[])(1009); // text[]
const arrayOf =
  (element: (s: string) => unknown) =>
  (s: string): unknown =>
    textArray(s).map((x) => (x === null ? null : element(x)));

// The values Prisma's `$queryRaw` answers through @prisma/adapter-pg, column type by column type:
// numeric → Decimal, int8/oid → bigint, timestamp → UTC Date, timestamptz → Date with the offset
// read as UTC (as the adapter does), date → UTC midnight. Everything else (int, float, bool, text,
// text[], int[], json/jsonb parsed, enums and other custom types as their text) is pg's own parsing,
// as in Prisma. `raw-db.test.ts` (apps/api) compares both on every type.
const decimal = (s: string) => new Prisma.Decimal(s);
const bigint = (s: string) => BigInt(s);
const timestamp = (s: string) => new Date(`${s.replace(' ', 'T')}+00:00`);
const timestamptz = (s: string) => new Date(s.replace(' ', 'T').replace(/[+-]\d{2}(:\d{2})?$/, '+00:00'));
const date = (s: string) => new Date(s);
const PARSERS: Record<number, (s: string) => unknown> = {
  [T.NUMERIC]: decimal,
  1231: arrayOf(decimal), // numeric[]
  [T.INT8]: bigint,
  [T.OID]: bigint,
  1016: arrayOf(bigint), // int8[]
  1028: arrayOf(bigint), // oid[]
  [T.TIMESTAMP]: timestamp,
  1115: arrayOf(timestamp), // timestamp[]
  [T.TIMESTAMPTZ]: timestamptz,
  1185: arrayOf(timestamptz), // timestamptz[]
  [T.DATE]: date,
  1182: arrayOf(date), // date[]
};
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && PARSERS[oid] ? PARSERS[oid] : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
} as CustomTypesConfig;

const pad = (n: number, z = 2) => String(n).padStart(z, '0');
/** A Date parameter as Prisma sends it: UTC wall time without a zone. */
function formatDateTime(d: Date): string {
  const ms = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`
  );
}

function param(v: unknown): unknown {
  if (v instanceof Date) return formatDateTime(v);
  if (Prisma.Decimal.isDecimal(v)) return (v as Prisma.Decimal).toString();
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(param);
  return v;
}

function toSql(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  return query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
}

/**
 * Prisma's `$queryRaw` / `$executeRaw` answered straight from the client's pg pool: the same SQL and
 * the same values back (see PARSERS), without Prisma's per-statement request pipeline, which cost more
 * CPU than the statement itself on the hot reads (catalog page, module page, license validation,
 * session lookup, rate limits; issue 16). A client without a pool of its own (a transaction's client,
 * so that its statements stay in the transaction) answers with its own methods.
 */
export function rawDb(client: Pick<PrismaClient, '$queryRaw' | '$executeRaw'>): RawDb {
  const pool = pools.get(client);
  if (!pool) return client as unknown as RawDb;
  let raw = raws.get(pool);
  if (raw) return raw;
  raw = {
    async $queryRaw<R>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<R> {
      const sql = toSql(query, values);
      const r = await pool.query({ text: sql.text, values: sql.values.map(param), types: TYPES });
      return r.rows as R;
    },
    async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number> {
      const sql = toSql(query, values);
      const r = await pool.query({ text: sql.text, values: sql.values.map(param), types: TYPES });
      return r.rowCount ?? 0;
    },
  };
  raws.set(pool, raw);
  return raw;
}
