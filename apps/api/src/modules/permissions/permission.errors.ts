import { defineUserErrorType } from '../../core/errors';

/** Payload error codes of the permission vocabulary (platform admins) and of permission consent (org admins). */
export const PermissionErrorCode = {
  /** Not a dotted lowercase code such as "contacts.read". */
  PERMISSION_CODE_INVALID: 'PERMISSION_CODE_INVALID',
  PERMISSION_CODE_TAKEN: 'PERMISSION_CODE_TAKEN',
  PERMISSION_DESCRIPTION_INVALID: 'PERMISSION_DESCRIPTION_INVALID',
  /** A version (pending or approved) declares it: it cannot be removed from the vocabulary. */
  PERMISSION_IN_USE: 'PERMISSION_IN_USE',
  /** The consent does not cover every permission the version declares. */
  PERMISSION_CONSENT_INCOMPLETE: 'PERMISSION_CONSENT_INCOMPLETE',
  MODULE_NOT_ACTIVE: 'MODULE_NOT_ACTIVE',
  /** Not an approved version of the module active on the instance. */
  VERSION_NOT_FOUND: 'VERSION_NOT_FOUND',
} as const;

export const PermissionError = defineUserErrorType('Permission', PermissionErrorCode);
