import { defineUserErrorType } from '../../core/errors';
export const PayoutErrorCode = {
  PAYOUT_ALREADY_PAID: 'PAYOUT_ALREADY_PAID',
  REFERENCE_REQUIRED: 'REFERENCE_REQUIRED',
  INVALID_PERIOD: 'INVALID_PERIOD',
  PERIOD_NOT_ENDED: 'PERIOD_NOT_ENDED',
} as const;
export type PayoutErrorCode = (typeof PayoutErrorCode)[keyof typeof PayoutErrorCode];

export const PayoutError = defineUserErrorType('Payout', PayoutErrorCode);
