import { evaluateAlerts } from '../modules/alerts';
import { jobContext, type JobDeps, type JobReport } from './job-context';

/**
 * Evaluates every enabled alert rule (README "Monitoring"). Reports evaluate their own module's
 * rules as they arrive; this job catches the rest — a day that ends, a report whose evaluation
 * failed — and is safe with several workers (each incident opens and notifies once).
 */
export async function runModuleAlerts(deps: JobDeps): Promise<JobReport> {
  const r = await evaluateAlerts(jobContext(deps));
  return { opened: r.opened, cleared: r.cleared, unchanged: r.unchanged };
}
