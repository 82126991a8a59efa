import { defineUserErrorType } from '../../core/errors';
/** Payload error codes of payment methods (`errors[].code`). */
export const PaymentErrorCode = {
  INVALID_CARD_NUMBER: 'INVALID_CARD_NUMBER',
  INVALID_EXPIRY: 'INVALID_EXPIRY',
  CARD_EXPIRED: 'CARD_EXPIRED',
  INVALID_CVC: 'INVALID_CVC',
  /** The provider refused the card (e.g. 4000 0000 0000 0002 in the sandbox). */
  CARD_DECLINED: 'CARD_DECLINED',
  LIMIT_REACHED: 'LIMIT_REACHED',
} as const;
export type PaymentErrorCode = (typeof PaymentErrorCode)[keyof typeof PaymentErrorCode];

export const PaymentError = defineUserErrorType('Payment', PaymentErrorCode);
