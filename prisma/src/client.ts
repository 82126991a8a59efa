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

/** A Prisma client over the pg driver adapter (no native query engine). */
export function createPrismaClient(url: string, opts: CreateClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg(poolConfigFromUrl(url, { max: opts.max ?? 10 }));
  if (opts.logQueries) {
    return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter });
}
