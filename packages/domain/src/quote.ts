import { commissionRateAt, type CommissionPeriod } from './commission';
import { evaluateCoupon, type Coupon, type CouponErrorCode } from './coupon';
import { DomainError, type UserError } from './errors';
import { addAmounts, formatRate, isCurrencyCode, mulRate, parseAmount, parseRate, subAmounts } from './money';
import { isReverseCharge, selectTaxRule, type TaxRule } from './tax';

/** Kinds of pricing plan (seed `module_pricing_plans.plan_type`). */
export type PlanType = 'free' | 'freemium' | 'subscription' | 'perpetual' | 'custom';
/** Billing cycles (seed `module_pricing_plans.billing_cycle`). */
export type BillingCycle = 'monthly' | 'yearly' | 'once' | 'custom';

/** The pricing plan being quoted. */
export interface QuotePlan {
  id: number;
  moduleId: number;
  planType: PlanType;
  /** Price for one billing period; null for custom plans (priced per day). */
  priceAmount: string | null;
  priceCurrency: string;
  billingCycle: BillingCycle;
  /** Daily rate of a `custom` plan. */
  customRatePerDay: string | null;
  isActive: boolean;
}

/** The buying organization's billing details. */
export interface QuoteOrg {
  countryCode: string;
  region: string | null;
  taxId: string | null;
}

/** Everything {@link computeQuote} needs; the caller loads it, the function does no I/O. */
export interface QuoteInput {
  plan: QuotePlan;
  /** Number of days bought, required for `custom` plans (integer 1–{@link MAX_CUSTOM_DAYS}). */
  days?: number | null | undefined;
  coupon?: Coupon | null | undefined;
  taxRules: readonly TaxRule[];
  org: QuoteOrg;
  /** ISO country code of the platform (the seller of record). */
  platformCountry: string;
  /** The module vendor's commission history. */
  commissionHistory: readonly CommissionPeriod[];
  /** The vendor's commission rate when no history row is in effect. */
  vendorFallbackRate: string;
  /** The instant of the quote or purchase (tax rule, commission rate and coupon validity). */
  at: Date;
}

/** A priced quote. All amounts are 2-decimal strings in `currency`; rates are fractions. */
export interface Quote {
  currency: string;
  subtotal: string;
  discount: string;
  /** `subtotal − discount`. */
  taxableAmount: string;
  /** Rate actually applied: the tax rule's rate, or `"0.00"` without a rule or on reverse charge. */
  taxRate: string;
  /** Name of the tax rule that applies (also on reverse charge), or null. */
  taxName: string | null;
  taxRuleId: number | null;
  /** True when the buyer accounts for the tax (tax 0, noted on the invoice). */
  reverseCharge: boolean;
  tax: string;
  /** Amount charged: `subtotal − discount + tax`. */
  total: string;
  commissionRate: string;
  /** Platform commission: `commissionRate × subtotal` (× `taxableAmount` for a vendor-funded discount). */
  commission: string;
  /**
   * Paid to the vendor: `subtotal − commission` (platform coupons are platform-funded), or
   * `subtotal − discount − commission` when the discount is vendor-funded.
   */
  vendorAmount: string;
  /** The applied coupon's id (a platform coupon or a vendor promotion, see `discountFundedBy`). */
  couponId: number | null;
  /** Who pays for the discount: null without a discount. */
  discountFundedBy?: 'platform' | 'vendor' | null;
  /** Days bought for a custom plan, null otherwise. */
  days: number | null;
}

/** Expected failures of {@link computeQuote}. */
export type QuoteErrorCode = 'PLAN_INACTIVE' | 'PRICE_MISSING' | 'DAYS_REQUIRED' | 'DAYS_INVALID' | CouponErrorCode;

/** The outcome of {@link computeQuote}. */
export type QuoteResult = { ok: true; quote: Quote } | { ok: false; errors: UserError<QuoteErrorCode>[] };

/** Longest period a custom plan can be bought for, in days (10 years). */
export const MAX_CUSTOM_DAYS = 3650;

/** Plans that cost nothing when they carry no price. */
const FREE_PLAN_TYPES: ReadonlySet<PlanType> = new Set(['free', 'freemium']);

/**
 * Prices a purchase. The one function used for both the quote shown to the buyer and the
 * purchase itself, so they can never disagree (PRODUCT.md, "Money rules"):
 *
 * 1. `subtotal` = plan price; for `custom` plans `customRatePerDay × days`.
 * 2. `discount` = the coupon's ({@link evaluateCoupon}), never more than the subtotal.
 * 3. `tax` = `(subtotal − discount) × rate` of the rule for the org's country/region in effect
 *    at `at` ({@link selectTaxRule}), rounded half-up to the cent; 0 on reverse charge
 *    ({@link isReverseCharge}, only when a tax rule applies) or without a rule.
 * 4. `total` = `subtotal − discount + tax`.
 * 5. `commission` = rate in effect at `at` ({@link commissionRateAt}) × `subtotal`, rounded;
 *    `vendorAmount` = `subtotal − commission`. A vendor-funded coupon (`fundedBy: 'vendor'`: vendor
 *    coupons and referral codes) comes out of the vendor's amount: commission = rate ×
 *    `(subtotal − discount)`, `vendorAmount` = `subtotal − discount − commission`.
 *
 * Expected failures are returned (`PLAN_INACTIVE` on `planId`; `PRICE_MISSING` on `planId`;
 * `DAYS_REQUIRED`/`DAYS_INVALID` on `days`; coupon codes on `couponCode`), all of them at once
 * where possible (the coupon is only checked once the subtotal is known).
 *
 * @throws DomainError `INVALID_AMOUNT`, `INVALID_RATE` or `INVALID_CURRENCY` when the stored
 *   plan, tax rule or commission data is malformed (a data bug, not a buyer error).
 */
export function computeQuote(input: QuoteInput): QuoteResult {
  const { plan, org, at } = input;
  const errors: UserError<QuoteErrorCode>[] = [];

  if (!isCurrencyCode(plan.priceCurrency)) {
    throw new DomainError('INVALID_CURRENCY', `Invalid plan currency: ${JSON.stringify(plan.priceCurrency)}`, 'priceCurrency');
  }
  if (!plan.isActive) {
    errors.push({ code: 'PLAN_INACTIVE', field: 'planId', message: 'This pricing plan is no longer available.' });
  }

  const priced = computeSubtotal(plan, input.days);
  errors.push(...priced.errors);
  const { subtotal, days } = priced;

  let discount = '0.00';
  let couponId: number | null = null;
  let discountFundedBy: 'platform' | 'vendor' | null = null;
  if (subtotal !== null && input.coupon) {
    const evaluation = evaluateCoupon(input.coupon, { moduleId: plan.moduleId, planId: plan.id, subtotal, at });
    if (evaluation.ok) {
      discount = evaluation.discount;
      couponId = input.coupon.id;
      discountFundedBy = input.coupon.fundedBy ?? 'platform';
    } else {
      errors.push({ code: evaluation.code, field: 'couponCode', message: evaluation.message });
    }
  }

  if (errors.length > 0 || subtotal === null) return { ok: false, errors };

  const taxableAmount = subAmounts(subtotal, discount);
  const rule = selectTaxRule(input.taxRules, org, at);
  const ruleRate = rule === null ? null : parseRate(rule.taxRate, { field: 'taxRate' });
  const reverseCharge =
    rule !== null && isReverseCharge({ orgCountry: org.countryCode, orgTaxId: org.taxId, platformCountry: input.platformCountry });
  const taxRate = ruleRate === null || reverseCharge ? '0.00' : ruleRate;
  const tax = mulRate(taxableAmount, taxRate);

  const commissionRate = parseRate(commissionRateAt(input.commissionHistory, at, input.vendorFallbackRate), {
    field: 'commissionRate',
  });
  // Platform coupons are platform-funded (the vendor is paid on the subtotal); vendor coupons and
  // referral codes come out of the vendor's amount (PRODUCT.md "Coupons").
  const commissionBase = discountFundedBy === 'vendor' ? taxableAmount : subtotal;
  const commission = mulRate(commissionBase, commissionRate);

  return {
    ok: true,
    quote: {
      currency: plan.priceCurrency,
      subtotal,
      discount,
      taxableAmount,
      taxRate: formatRate(taxRate),
      taxName: rule?.taxName ?? null,
      taxRuleId: rule?.id ?? null,
      reverseCharge,
      tax,
      total: addAmounts(taxableAmount, tax),
      commissionRate,
      commission,
      vendorAmount: subAmounts(commissionBase, commission),
      couponId,
      discountFundedBy,
      days,
    },
  };
}

function computeSubtotal(
  plan: QuotePlan,
  days: number | null | undefined,
): { subtotal: string | null; days: number | null; errors: UserError<QuoteErrorCode>[] } {
  if (plan.planType !== 'custom') {
    if (plan.priceAmount === null) {
      if (FREE_PLAN_TYPES.has(plan.planType)) return { subtotal: '0.00', days: null, errors: [] };
      return { subtotal: null, days: null, errors: [priceMissing()] };
    }
    return { subtotal: parseAmount(plan.priceAmount, { field: 'priceAmount' }), days: null, errors: [] };
  }

  const errors: UserError<QuoteErrorCode>[] = [];
  if (plan.customRatePerDay === null) errors.push(priceMissing());
  if (days === undefined || days === null) {
    errors.push({ code: 'DAYS_REQUIRED', field: 'days', message: 'Enter the number of days for this custom plan.' });
  } else if (!Number.isInteger(days) || days < 1 || days > MAX_CUSTOM_DAYS) {
    errors.push({ code: 'DAYS_INVALID', field: 'days', message: `Days must be a whole number from 1 to ${MAX_CUSTOM_DAYS}.` });
  }
  if (errors.length > 0 || plan.customRatePerDay === null || typeof days !== 'number') {
    return { subtotal: null, days: null, errors };
  }
  const rate = parseAmount(plan.customRatePerDay, { field: 'customRatePerDay' });
  return { subtotal: mulRate(rate, String(days)), days, errors };
}

function priceMissing(): UserError<QuoteErrorCode> {
  return { code: 'PRICE_MISSING', field: 'planId', message: 'This pricing plan has no price.' };
}
