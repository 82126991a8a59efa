import { defineUserErrorType } from '../../core/errors';

export const ReviewErrorCode = {
  VERSION_NOT_DRAFT: 'VERSION_NOT_DRAFT',
  CHECKS_PENDING: 'CHECKS_PENDING',
  BLOCKING_FINDINGS: 'BLOCKING_FINDINGS',
  JUSTIFICATION_REQUIRED: 'JUSTIFICATION_REQUIRED',
  NOT_BLOCKING: 'NOT_BLOCKING',
  CHECK_NOT_FAILED: 'CHECK_NOT_FAILED',
  REASON_REQUIRED: 'REASON_REQUIRED',
  VALIDATION_NOT_PENDING: 'VALIDATION_NOT_PENDING',
  VERSION_NOT_APPROVED: 'VERSION_NOT_APPROVED',
  VERSION_NOT_WITHDRAWN: 'VERSION_NOT_WITHDRAWN',
  ARTIFACT_MISSING: 'ARTIFACT_MISSING',
  /** An approval blocker: a check neither passed nor overridden. */
  CHECKS_NOT_PASSED: 'CHECKS_NOT_PASSED',
  INVALID_API_SURFACE: 'INVALID_API_SURFACE',
} as const;

/** Automated checks of versions, findings, withdrawals and rescans (the GraphQL name avoids the reviews domain's `ReviewError`). */
export const VersionCheckError = defineUserErrorType('VersionCheck', ReviewErrorCode);
