// The version-checks module's public surface: other modules, jobs and the app import only this file.
export { DEFAULT_REVIEW_LIMITS } from './review-limits';
export type { ReviewLimits } from './review-limits';
export {
  approvalBlockers,
  asSentence,
  dispatchChecks,
  queueChecks,
  runVersionChecks,
  submissionBlockers,
  sweepChecks,
  syncDerivedColumns,
} from './version-checks.service';
export { ensureDemoArtifacts } from './demo-artifacts';
