import { defineUserErrorType } from '../../core/errors';
/**
 * Payload error codes of activation. The checks of `instanceActivateModule` run in the order of
 * ACTIVATION_CHECK_ORDER; the first failure is returned (and logged).
 */
export const ActivationErrorCode = {
  INSTANCE_INACTIVE: 'INSTANCE_INACTIVE',
  /** A core module of the instance's software is always active: it is never activated or deactivated by hand. */
  CORE_MODULE: 'CORE_MODULE',
  MODULE_ALREADY_ACTIVE: 'MODULE_ALREADY_ACTIVE',
  LICENSE_NOT_FOUND: 'LICENSE_NOT_FOUND',
  LICENSE_NOT_ACTIVE: 'LICENSE_NOT_ACTIVE',
  LICENSE_EXPIRED: 'LICENSE_EXPIRED',
  VERSION_NOT_APPROVED: 'VERSION_NOT_APPROVED',
  VERSION_INCOMPATIBLE: 'VERSION_INCOMPATIBLE',
  DEPENDENCY_MISSING: 'DEPENDENCY_MISSING',
  INSTANCE_LIMIT_REACHED: 'INSTANCE_LIMIT_REACHED',
  HASH_MISMATCH: 'HASH_MISMATCH',
  /** The version asks for permissions and the input does not consent to every one (org admins consent). */
  PERMISSION_CONSENT_REQUIRED: 'PERMISSION_CONSENT_REQUIRED',
  // deactivation
  MODULE_NOT_ACTIVE: 'MODULE_NOT_ACTIVE',
  UPDATE_IN_PROGRESS: 'UPDATE_IN_PROGRESS',
  DEPENDENTS_ACTIVE: 'DEPENDENTS_ACTIVE',
} as const;

export type ActivationErrorCode = (typeof ActivationErrorCode)[keyof typeof ActivationErrorCode];

export const ACTIVATION_CHECK_ORDER: ActivationErrorCode[] = [
  'INSTANCE_INACTIVE',
  'CORE_MODULE',
  'MODULE_ALREADY_ACTIVE',
  'LICENSE_NOT_FOUND',
  'LICENSE_NOT_ACTIVE',
  'LICENSE_EXPIRED',
  'VERSION_NOT_APPROVED',
  'VERSION_INCOMPATIBLE',
  'DEPENDENCY_MISSING',
  'INSTANCE_LIMIT_REACHED',
  'HASH_MISMATCH',
  'PERMISSION_CONSENT_REQUIRED',
];

/** Non-blocking remarks returned with an activation or a plan. */
export const ActivationHintCode = {
  OPTIONAL_DEPENDENCY_MISSING: 'OPTIONAL_DEPENDENCY_MISSING',
  VERSION_DEPRECATED: 'VERSION_DEPRECATED',
  BETA_VERSION: 'BETA_VERSION',
  CORE_NOT_VALIDATED: 'CORE_NOT_VALIDATED',
} as const;

/** `ActivationError { code: ActivationErrorCode! }`: errors of activation, deactivation and activation plans. */
export const ActivationError = defineUserErrorType('Activation', ActivationErrorCode);
