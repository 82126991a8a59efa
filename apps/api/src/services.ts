import type { PrismaClient } from '@wk/db';
import type { AppConfig } from './core/config';
import type { Clock } from './core/clock';
import type { Services } from './core/services';

/** Creates the infrastructure services from configuration (payments, storage, mail, jobs). */
export async function createServices(_deps: { prisma: PrismaClient; config: AppConfig; clock: Clock }): Promise<Services> {
  return {};
}
