import { defineUserErrorType } from '../../core/errors';
import type { QuoteErrorCode } from '@wk/domain';
import { AuthErrorCode } from '../auth';
/**
 * Expected failures of quotes and purchases (payload `errors[].code`, with the input `field`).
 * Quote codes come from @wk/domain computeQuote: PLAN_INACTIVE, PRICE_MISSING, DAYS_REQUIRED,
 * DAYS_INVALID, COUPON_INACTIVE, COUPON_NOT_STARTED, COUPON_EXPIRED, COUPON_EXHAUSTED,
 * COUPON_NOT_APPLICABLE, MIN_PURCHASE_NOT_MET.
 */
export const CheckoutErrorCode = {
  PLAN_NOT_FOUND: 'PLAN_NOT_FOUND',
  PLAN_INACTIVE: 'PLAN_INACTIVE',
  MODULE_NOT_AVAILABLE: 'MODULE_NOT_AVAILABLE',
  /** A core module of every software it supports: built into every instance, nothing to license. */
  MODULE_BUILT_IN: 'MODULE_BUILT_IN',
  COUPON_NOT_FOUND: 'COUPON_NOT_FOUND',
  COUPON_EXHAUSTED: 'COUPON_EXHAUSTED',
  CONTRACT_NOT_ACCEPTED: 'CONTRACT_NOT_ACCEPTED',
  PAYMENT_METHOD_REQUIRED: 'PAYMENT_METHOD_REQUIRED',
  PAYMENT_METHOD_INVALID: 'PAYMENT_METHOD_INVALID',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  PAYMENT_FAILED: 'PAYMENT_FAILED',
  IDEMPOTENCY_KEY_INVALID: 'IDEMPOTENCY_KEY_INVALID',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  PURCHASE_IN_PROGRESS: 'PURCHASE_IN_PROGRESS',
  /** The org already holds an active license of the module and did not confirm another one. */
  ALREADY_LICENSED: 'ALREADY_LICENSED',
  /** The plan has no trial days (or does not renew). */
  TRIAL_NOT_AVAILABLE: 'TRIAL_NOT_AVAILABLE',
  /** One trial per organization and module, ever. */
  TRIAL_ALREADY_USED: 'TRIAL_ALREADY_USED',
  COUPON_NOT_WITH_TRIAL: 'COUPON_NOT_WITH_TRIAL',
  // Dependency cart (purchaseCreate with dependencyLines; field `dependencyLines[i].<input>`).
  /** A required dependency the org does not license has no line in the cart. */
  DEPENDENCY_MISSING: 'DEPENDENCY_MISSING',
  /** A dependency line for a module the org already licenses. */
  DEPENDENCY_ALREADY_LICENSED: 'DEPENDENCY_ALREADY_LICENSED',
  /** A line for a module that is not a (required or optional) dependency of the cart. */
  NOT_A_DEPENDENCY: 'NOT_A_DEPENDENCY',
  /** The same module twice in the cart (or the main module again). */
  DUPLICATE_LINE: 'DUPLICATE_LINE',
  /** No approved version of the line's module supports the picked instance. */
  LINE_INCOMPATIBLE: 'LINE_INCOMPATIBLE',
  /** The lines are priced in different currencies: one payment needs one currency. */
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  /** A free trial is started on its own checkout, not in a cart with other lines. */
  TRIAL_NOT_IN_CART: 'TRIAL_NOT_IN_CART',
} as const;
export type CheckoutErrorCode = (typeof CheckoutErrorCode)[keyof typeof CheckoutErrorCode];

/** @wk/domain computeQuote codes (`satisfies` keeps the list complete). */
const QuoteCode = {
  PLAN_INACTIVE: 'PLAN_INACTIVE',
  PRICE_MISSING: 'PRICE_MISSING',
  DAYS_REQUIRED: 'DAYS_REQUIRED',
  DAYS_INVALID: 'DAYS_INVALID',
  COUPON_INACTIVE: 'COUPON_INACTIVE',
  COUPON_NOT_STARTED: 'COUPON_NOT_STARTED',
  COUPON_EXPIRED: 'COUPON_EXPIRED',
  COUPON_EXHAUSTED: 'COUPON_EXHAUSTED',
  COUPON_NOT_APPLICABLE: 'COUPON_NOT_APPLICABLE',
  MIN_PURCHASE_NOT_MET: 'MIN_PURCHASE_NOT_MET',
} as const satisfies { [K in QuoteErrorCode]: K };

/** Quotes and purchases: checkout codes, the quote codes, and the e-mail verification that buying needs. */
export const CheckoutError = defineUserErrorType('Checkout', {
  ...CheckoutErrorCode,
  ...QuoteCode,
  EMAIL_NOT_VERIFIED: AuthErrorCode.EMAIL_NOT_VERIFIED,
});
