/**
 * Pricing for checkout: one module's quote (plan, contract, coupon or promotion, tax, commission,
 * trial terms) and a dependency cart's lines, read-only; the purchase itself is checkout.service.ts.
 */
import type { Coupon as DbCoupon, VendorPromotion, Module, Organization, Prisma, PricingPlan, Vendor } from '@wk/db';
import {
  buildReceiptLines,
  computeExpiry,
  computeQuote,
  isZero,
  trialEnd,
  normalizeCouponCode,
  sumAmounts,
  toAmount,
  type BillingCycle,
  type Coupon,
  type PlanType,
  type Quote as DomainQuote,
  type QuoteErrorCode,
} from '@wk/domain';
import type { Context } from '../../core/context';
import { requireOrgPermission, requireUser } from '../../core/access';
import { emailVerificationError } from '../auth';
import { notFound, UserError } from '../../core/errors';
import { checkoutPaymentMethods } from '../payments';
import { requireReceiptAccess } from '../receipts';
import { isRenewablePlan } from '../licenses';
import { CheckoutErrorCode } from './checkout.errors';
import { builtInEverywhere } from '../core-modules';
import { findPromotionByCode, promotionAsCoupon, promotionDiscountLabel } from '../promotions';
import { cartLineErrors, resolveDependencies, type CartLineRequest, type DependencyResolution } from './cart.service';

type Db = Prisma.TransactionClient | Context['prisma'];
type ModuleWithVendor = Module & { vendor: Vendor };

export interface QuoteRequest {
  orgId: number;
  moduleId: number;
  planId: number;
  days?: number | null;
  couponCode?: string | null;
  /** Start the plan's free trial instead of paying now. */
  startTrial?: boolean | null;
  /** Dependency cart: the instance the versions must fit (else every active instance of the org). */
  instanceId?: number | null;
  /**
   * Dependency cart: the other lines bought with the same payment (required dependencies the org
   * lacks, optional ones it picked). Null: a single purchase, no dependency check.
   */
  dependencyLines?: CartLineRequest[] | null;
}

/** A trial start: nothing is due now; `then` is what the first charge at `endsAt` will be. */
export interface TrialTerms {
  days: number;
  endsAt: Date;
  then: DomainQuote;
}

export interface PricedQuote {
  module: ModuleWithVendor;
  plan: PricingPlan;
  org: Organization;
  coupon: DbCoupon | null;
  /** A vendor coupon or referral code (vendor-funded); never together with `coupon`. */
  promotion: VendorPromotion | null;
  quote: DomainQuote;
  /** When a license bought at `at` expires (null: never); the trial's end for trials. */
  expiresAt: Date | null;
  at: Date;
  /** Set when this is a trial start (then `quote` is all zeros). */
  trial: TrialTerms | null;
}

export type PricingResult = { ok: true; priced: PricedQuote } | { ok: false; errors: UserError[] };

const toDomainCoupon = (c: DbCoupon): Coupon => ({
  id: c.id,
  code: c.code,
  discountType: c.discountType,
  discountValue: toAmount(c.discountValue),
  appliesToModuleId: c.appliesToModuleId,
  appliesToPlanId: c.appliesToPlanId,
  minPurchaseAmount: c.minPurchaseAmount === null ? null : toAmount(c.minPurchaseAmount),
  maxUses: c.maxUses,
  timesUsed: c.timesUsed,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  isActive: c.isActive,
});

async function installableVersionCount(db: Db, moduleId: number): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM module_versions
    WHERE module_id = ${moduleId} AND status IN ('beta','stable') AND artifact_key IS NOT NULL AND hash ~ '^[a-f0-9]{64}$'`;
  return rows[0]?.n ?? 0;
}

/** A module buyers can see: anything not published yet (draft, pending) does not exist for them. */
async function loadBuyableModule(db: Db, moduleId: number): Promise<ModuleWithVendor> {
  const module = await db.module.findUnique({ where: { id: moduleId }, include: { vendor: true } });
  if (!module || module.status === 'draft' || module.status === 'pending') throw notFound('Module');
  return module;
}

/**
 * Prices a purchase with @wk/domain computeQuote — the one function for quotes and purchases —
 * from the current data: plan, coupon (case-insensitive code), the org's billing country/region/
 * tax id, tax rules, and the vendor's commission history, at the instant `at`.
 */
export async function priceQuote(db: Db, ctx: Context, req: QuoteRequest, at: Date): Promise<PricingResult> {
  const module = await loadBuyableModule(db, req.moduleId);
  const errors: UserError[] = [];
  const unavailable = await availabilityError(db, module);
  if (unavailable) errors.push(unavailable);
  const plan = await db.pricingPlan.findUnique({ where: { id: req.planId } });
  if (!plan || plan.moduleId !== module.id) {
    return {
      ok: false,
      errors: [...errors, new UserError(CheckoutErrorCode.PLAN_NOT_FOUND, 'This plan does not belong to this module.', 'planId')],
    };
  }
  const org = await db.organization.findUniqueOrThrow({ where: { id: req.orgId } });
  const code = normalizeCouponCode(req.couponCode ?? '');
  const { coupon, promotion } = await findCode(db, code, module, errors);
  // Sequential, so `db` may also be a transaction (one connection).
  const taxRules = await db.taxRule.findMany({ where: { countryCode: org.billingCountry } });
  const history = await db.commissionHistory.findMany({ where: { vendorId: module.vendorId } });
  const result = computeQuote({
    plan: quotePlan(plan),
    days: req.days,
    coupon: coupon ? toDomainCoupon(coupon) : promotion ? promotionAsCoupon(promotion) : null,
    taxRules: taxRules.map((r) => ({ ...r, taxRate: r.taxRate.toFixed() })),
    org: { countryCode: org.billingCountry, region: org.billingRegion, taxId: org.taxId },
    platformCountry: ctx.config.platformCountry,
    commissionHistory: history.map((h) => ({
      effectiveFrom: h.effectiveFrom,
      effectiveTo: h.effectiveTo,
      commissionRate: h.commissionRate.toFixed(),
    })),
    vendorFallbackRate: module.vendor.commissionRate.toFixed(),
    at,
  });
  if (!result.ok) errors.push(...result.errors.map((e) => new UserError(e.code, e.message, e.field)));
  if (req.startTrial) errors.push(...(await trialErrors(db, req, plan, module, code)));
  if (errors.length > 0 || !result.ok) return { ok: false, errors };
  if (req.startTrial) return { ok: true, priced: trialPriced({ module, plan, org, at }, result.quote) };
  const expiresAt = computeExpiry(at, { planType: plan.planType as PlanType, billingCycle: plan.billingCycle as BillingCycle });
  return { ok: true, priced: { module, plan, org, coupon, promotion, quote: result.quote, expiresAt, at, trial: null } };
}

/** Why a listed module cannot be sold now: not published, nothing installable, or built into every software it runs on. */
async function availabilityError(db: Db, module: ModuleWithVendor): Promise<UserError | null> {
  if (module.status !== 'published')
    return new UserError(CheckoutErrorCode.MODULE_NOT_AVAILABLE, 'This module is not available for purchase right now.', 'moduleId');
  // Sold means installable: an approved (not withdrawn) version with a stored sha256 artifact.
  if (!(await installableVersionCount(db, module.id)))
    return new UserError(
      CheckoutErrorCode.MODULE_NOT_AVAILABLE,
      'This module has no installable version right now, so it cannot be bought.',
      'moduleId',
    );
  if ((await builtInEverywhere(db, [module.id])).has(module.id))
    return new UserError(
      CheckoutErrorCode.MODULE_BUILT_IN,
      'This module is built into every software it runs on: it is active on every instance without a license, so there is nothing to buy.',
      'moduleId',
    );
  return null;
}

/**
 * The code sent with the purchase: one code per purchase, a platform coupon, else a vendor coupon or
 * referral code (one namespace). An unknown code, or another vendor's, adds its error.
 */
async function findCode(
  db: Db,
  code: string,
  module: ModuleWithVendor,
  errors: UserError[],
): Promise<{ coupon: DbCoupon | null; promotion: VendorPromotion | null }> {
  if (!code) return { coupon: null, promotion: null };
  const coupon = await db.coupon.findUnique({ where: { code } });
  const promotion = coupon ? null : await findPromotionByCode(db, code);
  if (!coupon && !promotion) {
    errors.push(new UserError(CheckoutErrorCode.COUPON_NOT_FOUND, `No coupon "${code}" exists.`, 'couponCode'));
  } else if (promotion && promotion.vendorId !== module.vendorId) {
    errors.push(
      new UserError(
        'COUPON_NOT_APPLICABLE' satisfies QuoteErrorCode,
        `The code ${code} is another vendor's and does not apply to ${module.name}.`,
        'couponCode',
      ),
    );
    return { coupon, promotion: null };
  }
  return { coupon, promotion };
}

/** The plan as computeQuote takes it (amounts as exact strings). */
function quotePlan(plan: PricingPlan) {
  return {
    id: plan.id,
    moduleId: plan.moduleId,
    planType: plan.planType as PlanType,
    priceAmount: plan.priceAmount === null ? null : toAmount(plan.priceAmount),
    priceCurrency: plan.priceCurrency,
    billingCycle: plan.billingCycle as BillingCycle,
    customRatePerDay: plan.customRatePerDay === null ? null : toAmount(plan.customRatePerDay),
    isActive: plan.isActive,
  };
}

/** A free trial needs a renewable plan with trial days, one trial per organization and module, and no coupon. */
async function trialErrors(db: Db, req: QuoteRequest, plan: PricingPlan, module: ModuleWithVendor, code: string): Promise<UserError[]> {
  const errors: UserError[] = [];
  if (plan.trialDays < 1 || !isRenewablePlan(plan)) {
    errors.push(new UserError(CheckoutErrorCode.TRIAL_NOT_AVAILABLE, `The ${plan.name} plan has no free trial.`, 'startTrial'));
  } else if (await db.moduleTrial.findUnique({ where: { orgId_moduleId: { orgId: req.orgId, moduleId: module.id } } })) {
    errors.push(
      new UserError(
        CheckoutErrorCode.TRIAL_ALREADY_USED,
        `Your organization already had a free trial of ${module.name} (one per organization and module).`,
        'startTrial',
      ),
    );
  }
  if (code) {
    errors.push(
      new UserError(CheckoutErrorCode.COUPON_NOT_WITH_TRIAL, 'Coupons apply to paid purchases, not to a free trial.', 'couponCode'),
    );
  }
  return errors;
}

/** A trial costs nothing now; `then` keeps the quote of the first paid period, charged when the trial ends. */
function trialPriced(p: Pick<PricedQuote, 'module' | 'plan' | 'org' | 'at'>, then: PricedQuote['quote']): PricedQuote {
  const endsAt = trialEnd(p.at, p.plan.trialDays);
  const zero = '0.00';
  const free = {
    ...then,
    subtotal: zero,
    discount: zero,
    taxableAmount: zero,
    tax: zero,
    total: zero,
    commission: zero,
    vendorAmount: zero,
    couponId: null,
  };
  return { ...p, coupon: null, promotion: null, quote: free, expiresAt: endsAt, trial: { days: p.plan.trialDays, endsAt, then } };
}

/** The receipt lines of a priced quote (the same lines the invoice will carry). */
export function quoteLines(p: PricedQuote) {
  const planName = p.trial ? `${p.plan.name} (${p.trial.days}-day free trial)` : p.plan.name;
  return buildReceiptLines(p.quote, { moduleName: p.module.name, planName, ...discountLabels(p) });
}

/** How the discount is named on the quote and the receipt: the platform coupon's or the vendor promotion's code. */
export function discountLabels(p: Pick<PricedQuote, 'coupon' | 'promotion'>) {
  return {
    couponCode: p.coupon?.code ?? p.promotion?.code ?? null,
    discountLabel: p.promotion ? promotionDiscountLabel(p.promotion) : null,
  };
}

export const requiresPayment = (q: DomainQuote) => !isZero(q.total);

/** A priced line of a cart (the main module is line 0) and the input field prefix of its errors. */
export interface PricedLine {
  priced: PricedQuote;
  /** '' for the main module, `dependencyLines[i].` for the others. */
  fieldPrefix: string;
  acceptContractId: number | null;
}

export interface PricedCart {
  lines: PricedLine[];
  /** Null for a single purchase (no dependency lines). */
  resolution: DependencyResolution | null;
  currency: string;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
}

export type CartPricingResult = { ok: true; cart: PricedCart } | { ok: false; errors: UserError[] };

export const isCartRequest = (req: QuoteRequest) => req.dependencyLines != null || req.instanceId != null;

/**
 * Prices a purchase and, for a dependency cart, each of its lines with the same `priceQuote` (each
 * line its own coupon, tax rounded per line) and checks the lines against the dependency
 * resolution (cart.service cartLineErrors). Totals are exact sums of the lines.
 */
export async function priceCart(db: Db, ctx: Context, req: QuoteRequest, at: Date): Promise<CartPricingResult> {
  const main = await priceQuote(db, ctx, req, at);
  const errors: UserError[] = main.ok ? [] : [...main.errors];
  const lines: PricedLine[] = main.ok
    ? [{ priced: main.priced, fieldPrefix: '', acceptContractId: (req as { acceptContractId?: number | null }).acceptContractId ?? null }]
    : [];
  let resolution: DependencyResolution | null = null;
  if (isCartRequest(req)) {
    const deps = req.dependencyLines ?? [];
    resolution = await resolveDependencies(
      db,
      { orgId: req.orgId, moduleId: req.moduleId, instanceId: req.instanceId ?? null, optionalModuleIds: deps.map((l) => l.moduleId) },
      at,
    );
    if (req.startTrial && deps.length) {
      errors.push(
        new UserError(
          CheckoutErrorCode.TRIAL_NOT_IN_CART,
          'A free trial is started on its own: remove the other lines, or pay for the plan.',
          'startTrial',
        ),
      );
    }
    const lineErrors = cartLineErrors(resolution, deps, req.instanceId != null);
    errors.push(...lineErrors);
    const currency = main.ok ? main.priced.quote.currency : null;
    for (const [i, line] of deps.entries()) {
      const prefix = `dependencyLines[${i}].`;
      if (lineErrors.some((e) => e.field?.startsWith(prefix))) continue;
      const priced = await priceQuote(
        db,
        ctx,
        { orgId: req.orgId, moduleId: line.moduleId, planId: line.planId, days: line.days, couponCode: line.couponCode },
        at,
      );
      if (!priced.ok) {
        errors.push(...priced.errors.map((e) => new UserError(e.code, e.message, `${prefix}${e.field ?? 'moduleId'}`)));
        continue;
      }
      if (currency && priced.priced.quote.currency !== currency) {
        errors.push(
          new UserError(
            CheckoutErrorCode.CURRENCY_MISMATCH,
            `This plan is priced in ${priced.priced.quote.currency} and the cart in ${currency}: one payment needs one currency.`,
            `${prefix}planId`,
          ),
        );
        continue;
      }
      lines.push({ priced: priced.priced, fieldPrefix: prefix, acceptContractId: line.acceptContractId ?? null });
    }
  }
  if (errors.length || !main.ok) return { ok: false, errors };
  const quotes = lines.map((l) => l.priced.quote);
  return {
    ok: true,
    cart: {
      lines,
      resolution,
      currency: quotes[0]!.currency,
      subtotal: sumAmounts(quotes.map((q) => q.subtotal)),
      discount: sumAmounts(quotes.map((q) => q.discount)),
      tax: sumAmounts(quotes.map((q) => q.tax)),
      total: sumAmounts(quotes.map((q) => q.total)),
    },
  };
}

/** The module's contract in force at `at`: the latest active one whose effective date has come. */
export function activeContract(db: Db, moduleId: number, at: Date) {
  return db.moduleContract.findFirst({
    where: { moduleId, isActive: true, effectiveFrom: { lte: at } },
    orderBy: [{ effectiveFrom: 'desc' }, { id: 'desc' }],
  });
}

// ───────────────────────────────────────────────────────────── queries

/** purchaseQuote: the breakdown (every line of a cart), or payload errors (purchase_modules in the org). */
export async function quote(ctx: Context, req: QuoteRequest): Promise<CartPricingResult> {
  await requireOrgPermission(ctx, req.orgId, 'purchase_modules');
  const unverified = await emailVerificationError(ctx);
  if (unverified) return { ok: false, errors: [unverified] };
  return priceCart(ctx.prisma, ctx, req, ctx.clock.now());
}

/** What the checkout page needs: module, active plans, contract in force, payment methods. */
export async function checkoutOptions(ctx: Context, orgId: number, moduleSlug: string) {
  await requireOrgPermission(ctx, orgId, 'purchase_modules');
  const module = await ctx.prisma.module.findUnique({ where: { slug: moduleSlug.trim().toLowerCase() }, include: { vendor: true } });
  if (!module || module.status !== 'published') throw notFound('Module');
  const at = ctx.clock.now();
  const [plans, contract, paymentMethods, org] = await Promise.all([
    ctx.prisma.pricingPlan.findMany({ where: { moduleId: module.id, isActive: true }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }),
    activeContract(ctx.prisma, module.id, at),
    checkoutPaymentMethods(ctx, orgId),
    ctx.prisma.organization.findUniqueOrThrow({ where: { id: orgId } }),
  ]);
  return { module, plans, contract, paymentMethods, org };
}

/** A purchase, for members who may see the org's billing (same gate as receipts). */
export async function getPurchase(ctx: Context, id: number) {
  requireUser(ctx);
  const purchase = await ctx.prisma.purchase.findUnique({ where: { id } });
  if (!purchase) throw notFound('Purchase');
  await requireReceiptAccess(ctx, purchase.orgId);
  return purchase;
}
