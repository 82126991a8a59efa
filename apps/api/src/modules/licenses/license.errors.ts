import { defineUserErrorType } from '../../core/errors';
import { PlanChangeErrorCode } from '../plan-changes';
/** Expected failures of the license operations (payload `errors[].code`). */
export const LicenseErrorCode = {
  /** The status machine forbids the change (@wk/domain assertTransition). */
  INVALID_LICENSE_TRANSITION: 'INVALID_LICENSE_TRANSITION',
  /** The license does not renew (perpetual, custom, free plans) or is not in a renewable state. */
  LICENSE_NOT_RENEWABLE: 'LICENSE_NOT_RENEWABLE',
  /** Cancelling twice. */
  LICENSE_ALREADY_CANCELLED: 'LICENSE_ALREADY_CANCELLED',
  /** The license is expired or revoked. */
  LICENSE_NOT_ACTIVE: 'LICENSE_NOT_ACTIVE',
  /** Auto-renew needs a payment method on the license. */
  PAYMENT_METHOD_REQUIRED: 'PAYMENT_METHOD_REQUIRED',
  /** The payment method is not the org's (nor a provider test method). */
  PAYMENT_METHOD_INVALID: 'PAYMENT_METHOD_INVALID',
  /** A reason is required for admin actions. */
  REASON_REQUIRED: 'REASON_REQUIRED',
} as const;
export type LicenseErrorCode = (typeof LicenseErrorCode)[keyof typeof LicenseErrorCode];

/** License operations, including the cancellation of a scheduled plan change (`licensePlanChangeCancel` returns a LicensePayload). */
export const LicenseError = defineUserErrorType('License', {
  ...LicenseErrorCode,
  NO_SCHEDULED_CHANGE: PlanChangeErrorCode.NO_SCHEDULED_CHANGE,
});
