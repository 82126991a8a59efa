import { defineUserErrorType } from '../../core/errors';

/** Resolving an error group has no failure of its own (not found and refusals are protocol errors). */
export const UsageErrorCode = {} as const;

export const UsageError = defineUserErrorType('Usage', UsageErrorCode);
