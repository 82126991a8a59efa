import { defineUserErrorType } from '../../core/errors';

/** Payload error codes of license files. */
export const LicenseFileErrorCode = {
  /** Only active licenses get a license file. */
  LICENSE_NOT_ACTIVE: 'LICENSE_NOT_ACTIVE',
} as const;

export const LicenseFileError = defineUserErrorType('LicenseFile', LicenseFileErrorCode);
