import { defineUserErrorType } from '../../core/errors';
/** Expected failures of admin refunds (payload `errors[].code`). */
export const RefundErrorCode = {
  REASON_REQUIRED: 'REASON_REQUIRED',
  /** Not a positive amount with at most two decimals, or more than what is left to refund. */
  REFUND_AMOUNT_INVALID: 'REFUND_AMOUNT_INVALID',
  /** The receipt was already refunded in full. */
  ALREADY_REFUNDED: 'ALREADY_REFUNDED',
  /** The receipt has no captured charge at the provider (free plan, trial, or historical demo data). */
  NOT_REFUNDABLE: 'NOT_REFUNDABLE',
  /**
   * The receipt covers a dependency cart (several modules, often of several vendors, one payment).
   * Refunds split money with one vendor and revoke one license, so a cart receipt is refused rather
   * than refunded wrongly; per-line cart refunds are not built yet.
   */
  CART_REFUND_UNSUPPORTED: 'CART_REFUND_UNSUPPORTED',
} as const;
export type RefundErrorCode = (typeof RefundErrorCode)[keyof typeof RefundErrorCode];

export const RefundError = defineUserErrorType('Refund', RefundErrorCode);
