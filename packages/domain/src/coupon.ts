import type { UserError } from './errors';
import { compareAmounts, isValidAmount, minAmount, percentOf, toAmount } from './money';
import { isValidCouponCode } from './coupon-code';

export { isValidCouponCode, normalizeCouponCode, REFERRAL_COOKIE, referralCodeOf } from './coupon-code';

/** How a coupon's `discountValue` is read: a percentage of the subtotal, or a fixed amount. */
export type DiscountType = 'percentage' | 'fixed';

/** A discount coupon, as in the seed's `discount_coupons` table. */
export interface Coupon {
  id: number;
  code: string;
  discountType: DiscountType;
  /** Percent (`"20.00"` = 20 %) or amount in the plan's currency (`"100.00"`). */
  discountValue: string;
  /** Restricts the coupon to one module, or null for any module. */
  appliesToModuleId: number | null;
  /** Restricts the coupon to one pricing plan, or null for any plan. */
  appliesToPlanId: number | null;
  /** Minimum subtotal for the coupon to apply, or null. */
  minPurchaseAmount: string | null;
  /** Maximum number of uses, or null for unlimited. */
  maxUses: number | null;
  timesUsed: number;
  /** First instant the coupon can be used (inclusive), or null. */
  validFrom: Date | null;
  /** Last instant the coupon can be used (inclusive), or null. */
  validUntil: Date | null;
  isActive: boolean;
  /**
   * Who pays for the discount. `platform` (default: the platform's coupons): the vendor is paid on
   * the subtotal. `vendor` (vendor coupons and referral codes): commission and the vendor's amount
   * are computed on the discounted subtotal.
   */
  fundedBy?: 'platform' | 'vendor';
}

/** Why a coupon does not apply, in the order the checks run. */
export type CouponErrorCode =
  'COUPON_INACTIVE' | 'COUPON_NOT_STARTED' | 'COUPON_EXPIRED' | 'COUPON_EXHAUSTED' | 'COUPON_NOT_APPLICABLE' | 'MIN_PURCHASE_NOT_MET';

/** Human-readable messages for {@link CouponErrorCode}s. */
export const COUPON_ERROR_MESSAGES: Readonly<Record<CouponErrorCode, string>> = {
  COUPON_INACTIVE: 'This coupon is not active.',
  COUPON_NOT_STARTED: 'This coupon is not valid yet.',
  COUPON_EXPIRED: 'This coupon has expired.',
  COUPON_EXHAUSTED: 'This coupon has reached its maximum number of uses.',
  COUPON_NOT_APPLICABLE: 'This coupon does not apply to this module or plan.',
  MIN_PURCHASE_NOT_MET: 'The purchase amount is below the minimum required by this coupon.',
};

/** What a coupon is evaluated against. */
export interface CouponContext {
  moduleId: number;
  planId: number;
  /** Subtotal before discount, a 2-decimal amount. */
  subtotal: string;
  at: Date;
}

/** The outcome of {@link evaluateCoupon}. */
export type CouponEvaluation = { ok: true; discount: string } | { ok: false; code: CouponErrorCode; message: string };

function refuse(code: CouponErrorCode): CouponEvaluation {
  return { ok: false, code, message: COUPON_ERROR_MESSAGES[code] };
}

/**
 * Checks whether a coupon applies and computes its discount.
 *
 * Checks, in order: active (`COUPON_INACTIVE`); `at >= validFrom` (`COUPON_NOT_STARTED`);
 * `at <= validUntil`, inclusive (`COUPON_EXPIRED`); `timesUsed < maxUses`
 * (`COUPON_EXHAUSTED`); module and plan scope (`COUPON_NOT_APPLICABLE`);
 * `subtotal >= minPurchaseAmount` (`MIN_PURCHASE_NOT_MET`).
 *
 * The discount is `subtotal × discountValue / 100` rounded half-up to the cent for a percentage,
 * `discountValue` for a fixed coupon, and never more than the subtotal.
 * `timesUsed` is only read here: counting a use atomically is the caller's job.
 */
export function evaluateCoupon(coupon: Coupon, context: CouponContext): CouponEvaluation {
  const time = context.at.getTime();
  if (!coupon.isActive) return refuse('COUPON_INACTIVE');
  if (coupon.validFrom !== null && time < coupon.validFrom.getTime()) return refuse('COUPON_NOT_STARTED');
  if (coupon.validUntil !== null && time > coupon.validUntil.getTime()) return refuse('COUPON_EXPIRED');
  if (coupon.maxUses !== null && coupon.timesUsed >= coupon.maxUses) return refuse('COUPON_EXHAUSTED');
  if (
    (coupon.appliesToModuleId !== null && coupon.appliesToModuleId !== context.moduleId) ||
    (coupon.appliesToPlanId !== null && coupon.appliesToPlanId !== context.planId)
  ) {
    return refuse('COUPON_NOT_APPLICABLE');
  }
  if (coupon.minPurchaseAmount !== null && compareAmounts(context.subtotal, coupon.minPurchaseAmount) < 0) {
    return refuse('MIN_PURCHASE_NOT_MET');
  }
  const raw = coupon.discountType === 'percentage' ? percentOf(context.subtotal, coupon.discountValue) : toAmount(coupon.discountValue);
  return { ok: true, discount: minAmount(raw, context.subtotal) };
}

/** Error codes of {@link validateCouponDefinition}. */
export type CouponDefinitionErrorCode =
  'INVALID_COUPON_CODE' | 'INVALID_DISCOUNT_VALUE' | 'INVALID_AMOUNT' | 'INVALID_MAX_USES' | 'INVALID_VALIDITY_WINDOW';

/**
 * Validates a coupon as an admin defines it, returning one error per invalid field (empty when
 * valid): code format; discount value a positive amount with at most 2 decimals, at most 100
 * for a percentage; minimum purchase a non-negative amount; max uses a positive integer;
 * `validUntil` not before `validFrom`.
 */
export function validateCouponDefinition(
  input: Pick<Coupon, 'code' | 'discountType' | 'discountValue' | 'minPurchaseAmount' | 'maxUses' | 'validFrom' | 'validUntil'>,
): UserError<CouponDefinitionErrorCode>[] {
  const errors: UserError<CouponDefinitionErrorCode>[] = [];
  if (!isValidCouponCode(input.code)) {
    errors.push({
      code: 'INVALID_COUPON_CODE',
      field: 'code',
      message: 'Use 3 to 32 letters, digits, "-" or "_", starting with a letter or digit.',
    });
  }
  if (
    !isValidAmount(input.discountValue) ||
    compareAmounts(input.discountValue, '0') <= 0 ||
    (input.discountType === 'percentage' && compareAmounts(input.discountValue, '100') > 0)
  ) {
    errors.push({
      code: 'INVALID_DISCOUNT_VALUE',
      field: 'discountValue',
      message:
        input.discountType === 'percentage'
          ? 'A percentage must be greater than 0 and at most 100, with at most 2 decimals.'
          : 'A fixed discount must be a positive amount with at most 2 decimals.',
    });
  }
  if (input.minPurchaseAmount !== null && !isValidAmount(input.minPurchaseAmount)) {
    errors.push({
      code: 'INVALID_AMOUNT',
      field: 'minPurchaseAmount',
      message: 'The minimum purchase must be a non-negative amount with at most 2 decimals.',
    });
  }
  if (input.maxUses !== null && (!Number.isSafeInteger(input.maxUses) || input.maxUses < 1)) {
    errors.push({ code: 'INVALID_MAX_USES', field: 'maxUses', message: 'Max uses must be a positive whole number.' });
  }
  if (input.validFrom !== null && input.validUntil !== null && input.validUntil.getTime() < input.validFrom.getTime()) {
    errors.push({
      code: 'INVALID_VALIDITY_WINDOW',
      field: 'validUntil',
      message: 'The end of validity must not be before its start.',
    });
  }
  return errors;
}
