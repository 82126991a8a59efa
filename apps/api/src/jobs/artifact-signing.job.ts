import type { JobDeps, JobReport } from './job-context';
import { jobContext } from './job-context';
import { backfillArtifactSignatures, signingKeysOf } from '../modules/license-files';

/**
 * The signing migration job: versions approved before artifact signing existed (the demo's, an
 * upgraded install's) get their detached signature stored, with an audit row each. Runs at start and
 * hourly; idempotent (a version already signed is skipped) and safe with two workers.
 */
export async function runArtifactSigningBackfill(deps: JobDeps): Promise<JobReport> {
  return backfillArtifactSignatures(jobContext(deps), signingKeysOf(deps.services));
}
