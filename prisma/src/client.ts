import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client';
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

/** A Prisma client over the pg driver adapter (no native query engine). */
export function createPrismaClient(url: string, opts: CreateClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg(poolConfigFromUrl(url, { max: opts.max ?? 10 }));
  if (opts.logQueries) {
    return new PrismaClient({
      adapter,
      transactionOptions: TRANSACTION_OPTIONS,
      log: [{ emit: 'event', level: 'query' }],
    }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}
