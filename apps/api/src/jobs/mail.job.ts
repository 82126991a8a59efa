import { drainMailOutbox } from '../modules/notifications';
import type { JobDeps, JobReport } from './job-context';

/** Sends pending e-mails of the outbox through the configured transport. */
export async function runMailOutbox(deps: JobDeps): Promise<JobReport> {
  if (!deps.services.mailer) return { sent: 0, failed: 0, retried: 0 };
  const r = await drainMailOutbox({ prisma: deps.prisma, clock: deps.clock, mailer: deps.services.mailer });
  return { ...r };
}
