import { previousMonth } from '@wk/domain';
import { generatePayouts } from '../modules/payouts';
import { jobContext, type JobDeps, type JobReport } from './job-context';

/**
 * Builds last month's vendor payouts (runs on the 1st; any later run in the month only refreshes
 * pending rows). Idempotent and safe with two workers (see generatePayouts).
 */
export async function runMonthlyPayouts(deps: JobDeps): Promise<JobReport> {
  const period = previousMonth(deps.clock.now());
  const r = await generatePayouts(jobContext(deps), period.year, period.month);
  return { created: r.created.length, updated: r.updated.length, paidUnchanged: r.unchangedPaid.length };
}
