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
   * A dependency cart's receipt (several modules, one payment) is refunded per line: `lines` is
   * required, and `amount` (a single amount for the whole receipt) is refused.
   */
  REFUND_LINES_REQUIRED: 'REFUND_LINES_REQUIRED',
  /** A line that is not a line of this cart's receipt, a line given twice, or `lines` on a receipt of one line. */
  REFUND_LINE_INVALID: 'REFUND_LINE_INVALID',
} as const;
export type RefundErrorCode = (typeof RefundErrorCode)[keyof typeof RefundErrorCode];

export const RefundError = defineUserErrorType('Refund', RefundErrorCode);
