import type { JobDeps, JobReport } from './job-context';
import { jobContext } from './job-context';
import { freeStaleSeats, staleSeatSql } from '../modules/instances';

/**
 * Frees floating seats whose instance missed its heartbeats (every minute), so the org console and
 * the seat counts show them free even when no activation comes along to free them. Per license, in
 * one transaction holding the license row lock (the lock activations take; a license locked by a
 * running activation is skipped: that activation frees its stale seats itself). Each freed seat gets
 * an activation-log row and an audit row. Idempotent and safe with two workers.
 */
export async function runSeatRelease(deps: JobDeps): Promise<JobReport> {
  const ctx = jobContext(deps);
  const now = ctx.clock.now();
  const licenses = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT im.module_license_id AS id
    FROM instance_modules im
    JOIN module_licenses l ON l.id = im.module_license_id
    JOIN module_pricing_plans p ON p.id = l.pricing_plan_id
    WHERE im.is_active AND ${staleSeatSql(now)}
    ORDER BY 1`;
  let seatsFreed = 0;
  for (const { id } of licenses) {
    seatsFreed += await deps.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM module_licenses WHERE id = ${id} FOR UPDATE SKIP LOCKED`;
      if (!locked.length) return 0;
      return (await freeStaleSeats(tx, ctx, { licenseId: id }, 'job')).length;
    });
  }
  return { licensesChecked: licenses.length, seatsFreed };
}
