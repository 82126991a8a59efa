import { defineUserErrorType } from '../../core/errors';
import { DeclarationErrorCode } from '../publishing';

export const ValidationErrorCode = {
  VALIDATION_NOT_PENDING: 'VALIDATION_NOT_PENDING',
  CHECKS_INCOMPLETE: 'CHECKS_INCOMPLETE',
  CHECKS_NOT_PASSED: 'CHECKS_NOT_PASSED',
  ARTIFACT_MISSING: 'ARTIFACT_MISSING',
  CHECK_DERIVED: 'CHECK_DERIVED',
  NOTES_REQUIRED: 'NOTES_REQUIRED',
  NOTES_TOO_LONG: 'NOTES_TOO_LONG',
} as const;

/** Reviews of submissions; approval re-checks the version's declarations (publishing's {@link DeclarationErrorCode}). */
export const ValidationError = defineUserErrorType('Validation', { ...ValidationErrorCode, ...DeclarationErrorCode });
