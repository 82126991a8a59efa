import { defineUserErrorType } from '../../core/errors';
/** Expected failures of plan changes (payload `errors[].code`, with the input `field`). */
export const PlanChangeErrorCode = {
  /** The license is not active and unexpired (expired, suspended, revoked, pending). */
  LICENSE_NOT_ACTIVE: 'LICENSE_NOT_ACTIVE',
  /** Renewal was cancelled: there is no next period to change. */
  LICENSE_NOT_RENEWING: 'LICENSE_NOT_RENEWING',
  /** The plan is not one of this module's plans. */
  PLAN_NOT_FOUND: 'PLAN_NOT_FOUND',
  PLAN_INACTIVE: 'PLAN_INACTIVE',
  /** Only subscription plans (monthly/yearly) can be changed between. */
  PLAN_NOT_SUBSCRIPTION: 'PLAN_NOT_SUBSCRIPTION',
  SAME_PLAN: 'SAME_PLAN',
  PAYMENT_METHOD_REQUIRED: 'PAYMENT_METHOD_REQUIRED',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  /** The license changed while the upgrade was being charged (nothing was charged). */
  LICENSE_CHANGED: 'LICENSE_CHANGED',
  /** No scheduled change to cancel. */
  NO_SCHEDULED_CHANGE: 'NO_SCHEDULED_CHANGE',
} as const;
export type PlanChangeErrorCode = (typeof PlanChangeErrorCode)[keyof typeof PlanChangeErrorCode];

export const PlanChangeError = defineUserErrorType('PlanChange', PlanChangeErrorCode);
