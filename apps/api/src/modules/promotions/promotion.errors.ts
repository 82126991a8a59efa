import type { CouponDefinitionErrorCode } from '@wk/domain';
import { defineUserErrorType } from '../../core/errors';

/** Expected failures of vendor promotions (vendor coupons and referral codes), with the input `field`. */
export const PromotionErrorCode = {
  /** The code is already used by another vendor promotion or by a platform coupon (codes are case-insensitive). */
  PROMOTION_CODE_TAKEN: 'PROMOTION_CODE_TAKEN',
  /** A promotion that was used keeps its code (receipts and referred sales name it). */
  PROMOTION_CODE_LOCKED: 'PROMOTION_CODE_LOCKED',
  /** `moduleId` is not one of this vendor's modules. */
  PROMOTION_MODULE_NOT_FOUND: 'PROMOTION_MODULE_NOT_FOUND',
  /** A limited promotion cannot go below the number of times it was already used. */
  PROMOTION_MAX_USES_BELOW_USED: 'PROMOTION_MAX_USES_BELOW_USED',
  NAME_TOO_LONG: 'NAME_TOO_LONG',
} as const;
export type PromotionErrorCode = (typeof PromotionErrorCode)[keyof typeof PromotionErrorCode];

/** @wk/domain validateCouponDefinition codes (`satisfies` keeps the list complete). */
const DefinitionCode = {
  INVALID_COUPON_CODE: 'INVALID_COUPON_CODE',
  INVALID_DISCOUNT_VALUE: 'INVALID_DISCOUNT_VALUE',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_MAX_USES: 'INVALID_MAX_USES',
  INVALID_VALIDITY_WINDOW: 'INVALID_VALIDITY_WINDOW',
} as const satisfies { [K in CouponDefinitionErrorCode]: K };

export const PromotionError = defineUserErrorType('Promotion', { ...PromotionErrorCode, ...DefinitionCode });
