import { defineUserErrorType } from '../../core/errors';
/** Payload error codes of the instances domain (instances and their API credentials). */
export const InstanceErrorCode = {
  INVALID_NAME: 'INVALID_NAME',
  INSTANCE_NAME_TAKEN: 'INSTANCE_NAME_TAKEN',
  INVALID_DOMAIN: 'INVALID_DOMAIN',
  CORE_NOT_FOUND: 'CORE_NOT_FOUND',
  CORE_REJECTED: 'CORE_REJECTED',
  CORE_SOFTWARE_MISMATCH: 'CORE_SOFTWARE_MISMATCH',
  CORE_INCOMPATIBLE_MODULES: 'CORE_INCOMPATIBLE_MODULES',
  INSTANCE_INACTIVE: 'INSTANCE_INACTIVE',
  UPDATE_IN_PROGRESS: 'UPDATE_IN_PROGRESS',
  NOTHING_TO_UPDATE: 'NOTHING_TO_UPDATE',
  CREDENTIAL_LIMIT_REACHED: 'CREDENTIAL_LIMIT_REACHED',
  CREDENTIAL_ALREADY_REVOKED: 'CREDENTIAL_ALREADY_REVOKED',
} as const;

/** Active (unrevoked) credentials one instance may hold. */
export const MAX_ACTIVE_CREDENTIALS_PER_INSTANCE = 10;

export const InstanceError = defineUserErrorType('Instance', InstanceErrorCode);
