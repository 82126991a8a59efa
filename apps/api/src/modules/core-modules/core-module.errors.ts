import { defineUserErrorType } from '../../core/errors';
/** Payload error codes of core modules (platform admins mark official modules as core for a software). */
export const CoreModuleErrorCode = {
  /** Only modules of an official vendor can be core. */
  CORE_MODULE_NOT_OFFICIAL: 'CORE_MODULE_NOT_OFFICIAL',
  /** The module has no approved version declared compatible with the software. */
  CORE_MODULE_NO_VERSION: 'CORE_MODULE_NO_VERSION',
  CORE_MODULE_ALREADY_MARKED: 'CORE_MODULE_ALREADY_MARKED',
  CORE_MODULE_NOT_MARKED: 'CORE_MODULE_NOT_MARKED',
  /** Active modules on some instance rely on it only because it is built in. */
  CORE_MODULE_DEPENDED_ON: 'CORE_MODULE_DEPENDED_ON',
} as const;

export const CoreModuleError = defineUserErrorType('CoreModule', CoreModuleErrorCode);
