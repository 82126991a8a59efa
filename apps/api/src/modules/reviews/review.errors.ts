import { defineUserErrorType } from '../../core/errors';
/** Expected failures of the review operations (payload `errors[].code`). */
export const ReviewErrorCode = {
  /** The organization never held a license for the module. */
  REVIEW_NOT_A_CUSTOMER: 'REVIEW_NOT_A_CUSTOMER',
  /** The rating is not an integer from 1 to 5. */
  RATING_INVALID: 'RATING_INVALID',
  /** The title (120) or body (4000) is too long. */
  REVIEW_TOO_LONG: 'REVIEW_TOO_LONG',
  /** A vendor reply without text. */
  REPLY_EMPTY: 'REPLY_EMPTY',
  /** A vendor reply over 2000 characters. */
  REPLY_TOO_LONG: 'REPLY_TOO_LONG',
} as const;
export type ReviewErrorCode = (typeof ReviewErrorCode)[keyof typeof ReviewErrorCode];

export const REVIEW_TITLE_MAX = 120;
export const REVIEW_BODY_MAX = 4000;
export const REPLY_BODY_MAX = 2000;

export const ReviewError = defineUserErrorType('Review', ReviewErrorCode);
