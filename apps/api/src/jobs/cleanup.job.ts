import { purgeExpiredIdempotencyKeys } from '../modules/checkout';
import type { JobDeps, JobReport } from './job-context';

/** Forgets idempotency keys past their retention (≥ 24 h). */
export async function runCleanup(deps: JobDeps): Promise<JobReport> {
  return { idempotencyKeysDeleted: await purgeExpiredIdempotencyKeys(deps.prisma, deps.clock.now()) };
}
