import { runVersionChecks, sweepChecks } from '../modules/version-checks';
import type { JobDeps, JobReport } from './job-context';

/** Runs the queued checks of one version (data: { versionId }). */
export async function runVersionChecksJob(deps: JobDeps, data?: unknown): Promise<JobReport> {
  const versionId = Number((data as { versionId?: unknown } | undefined)?.versionId);
  if (!Number.isSafeInteger(versionId) || versionId <= 0) return { ignored: 1 };
  const r = await runVersionChecks(deps, versionId);
  return { checksRun: r.ran };
}

/** Every minute: errors checks whose worker died, runs checks whose job was never sent. */
export async function runVersionChecksSweep(deps: JobDeps): Promise<JobReport> {
  const r = await sweepChecks(deps);
  return { checksTimedOut: r.timedOut, checksRun: r.ran };
}
