import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client';
import { poolConfigFromUrl } from './pg-config';

export type { Prisma } from '../generated/client';
export { PrismaClient };

export interface CreateClientOptions {
  /** Connection pool size (default 10). */
  max?: number;
  log?: ('query' | 'info' | 'warn' | 'error')[];
}

/** A Prisma client over the pg driver adapter (no native query engine). */
export function createPrismaClient(url: string, opts: CreateClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg(poolConfigFromUrl(url, { max: opts.max ?? 10 }));
  if (opts.log?.includes('query')) {
    return new PrismaClient({
      adapter,
      log: [{ emit: 'event', level: 'query' }, ...opts.log.filter((l) => l !== 'query').map((level) => ({ emit: 'stdout' as const, level }))],
    }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter, log: opts.log });
}
