import { randomUUID } from 'node:crypto';
import type { Invoice, License, LicensePlanChange, Module, Organization, PricingPlan, Prisma, Vendor } from '@wk/db';
import {
  buildReceiptLines,
  computeExpiry,
  computeQuote,
  formatMoney,
  isLicenseUsableAt,
  isZero,
  planChangeKind,
  prorateUpgrade,
  subAmounts,
  toAmount,
  type BillingCycle,
  type PlanType,
  type Quote,
} from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { requireOrgPermission, requireUser } from '../../core/access';
import { notFound, UserError } from '../../core/errors';
import { notify } from '../notifications';
import { paymentsOf } from '../payments';
import { createInvoice } from '../receipts';
import { isInTrial, isRenewablePlan, licenseRecipients, noteLicenseEvent } from '../licenses';
import { PlanChangeErrorCode as E } from './plan-change.errors';

type Db = Prisma.TransactionClient | Context['prisma'];
type FullLicense = License & { pricingPlan: PricingPlan | null; module: Module & { vendor: Vendor }; org: Organization };

export interface PlanChangePreview {
  kind: 'upgrade' | 'downgrade';
  /** True when the change is made now (upgrades, and any change during a free trial). */
  appliesNow: boolean;
  effectiveAt: Date;
  fromPlan: PricingPlan;
  toPlan: PricingPlan;
  currency: string;
  /** The new plan's price for one period (before tax). */
  newPrice: string;
  /** Credit for the unused part of the current period (upgrades; 0 otherwise). */
  credit: string;
  /** What is charged now: the quote of `newPrice − credit` (all zeros when nothing is charged now). */
  quote: Quote;
  /** When the license's period ends after the change. */
  periodEnd: Date | null;
  inTrial: boolean;
  license: FullLicense;
}

export type PreviewResult = { ok: true; preview: PlanChangePreview } | { ok: false; errors: UserError[] };

const fail = (code: string, message: string, field: string): PreviewResult => ({
  ok: false,
  errors: [new UserError(code, message, field)],
});
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'never');
const billingOf = (p: PricingPlan) => ({ planType: p.planType as PlanType, billingCycle: p.billingCycle as BillingCycle });

/** The quote of a plan at a given price (tax and commission in effect at `at`, no coupon). */
async function priceAt(db: Db, ctx: Context, license: FullLicense, plan: PricingPlan, price: string, at: Date): Promise<Quote> {
  const taxRules = await db.taxRule.findMany({ where: { countryCode: license.org.billingCountry } });
  const history = await db.commissionHistory.findMany({ where: { vendorId: license.module.vendorId } });
  const r = computeQuote({
    plan: {
      id: plan.id,
      moduleId: plan.moduleId,
      planType: plan.planType as PlanType,
      priceAmount: price,
      priceCurrency: plan.priceCurrency,
      billingCycle: plan.billingCycle as BillingCycle,
      customRatePerDay: null,
      isActive: true,
    },
    taxRules: taxRules.map((t) => ({ ...t, taxRate: t.taxRate.toFixed() })),
    org: { countryCode: license.org.billingCountry, region: license.org.billingRegion, taxId: license.org.taxId },
    platformCountry: ctx.config.platformCountry,
    commissionHistory: history.map((h) => ({
      effectiveFrom: h.effectiveFrom,
      effectiveTo: h.effectiveTo,
      commissionRate: h.commissionRate.toFixed(),
    })),
    vendorFallbackRate: license.module.vendor.commissionRate.toFixed(),
    at,
  });
  if (!r.ok) throw new Error(`Cannot price plan ${plan.id}: ${r.errors.map((e) => e.code).join(', ')}`);
  return r.quote;
}

/** What was paid (before tax) for the period ending at the license's expiry, and when it started. */
async function currentPaidPeriod(db: Db, license: FullLicense): Promise<{ paid: string; start: Date } | null> {
  if (!license.expiresAt) return null;
  const period = await db.licensePeriod.findFirst({
    where: { licenseId: license.id, expiresAt: license.expiresAt },
    orderBy: { id: 'desc' },
  });
  if (!period) return null;
  if (period.purchaseId) {
    const p = await db.purchase.findUnique({ where: { id: period.purchaseId } });
    if (p) return { paid: subAmounts(toAmount(p.subtotalAmount), toAmount(p.discountAmount)), start: period.startsAt };
  }
  if (period.renewalId) {
    const r = await db.subscriptionRenewal.findUnique({ where: { id: period.renewalId } });
    if (r) return { paid: toAmount(r.amount), start: period.startsAt };
  }
  return null;
}

async function loadLicense(db: Db, licenseId: number): Promise<FullLicense | null> {
  return db.license.findUnique({
    where: { id: licenseId },
    include: { pricingPlan: true, module: { include: { vendor: true } }, org: true },
  });
}

/** The rules of a plan change, evaluated at `at` (no permission check: callers do it). */
export async function evaluatePlanChange(db: Db, ctx: Context, license: FullLicense, planId: number, at: Date): Promise<PreviewResult> {
  const from = license.pricingPlan;
  if (!isLicenseUsableAt(license, at)) {
    return fail(
      E.LICENSE_NOT_ACTIVE,
      `This license is ${license.status === 'active' ? 'past its end' : license.status}; its plan cannot be changed.`,
      'licenseId',
    );
  }
  if (license.cancelledAt || !license.autoRenew) {
    return fail(
      E.LICENSE_NOT_RENEWING,
      `Renewal is off (the license ends ${day(license.expiresAt)}): turn auto-renew on to change the plan.`,
      'licenseId',
    );
  }
  const to = await db.pricingPlan.findUnique({ where: { id: planId } });
  if (!to || to.moduleId !== license.moduleId) return fail(E.PLAN_NOT_FOUND, `This plan is not a ${license.module.name} plan.`, 'planId');
  if (!from || !isRenewablePlan(from) || !isRenewablePlan(to) || from.priceAmount === null || to.priceAmount === null) {
    return fail(E.PLAN_NOT_SUBSCRIPTION, 'Plans can be changed between monthly and yearly subscriptions only.', 'planId');
  }
  if (to.id === from.id) return fail(E.SAME_PLAN, `The license is already on the ${to.name} plan.`, 'planId');
  if (!to.isActive) return fail(E.PLAN_INACTIVE, `The ${to.name} plan is no longer sold.`, 'planId');
  if (to.priceCurrency !== from.priceCurrency)
    return fail(E.PLAN_NOT_SUBSCRIPTION, 'Both plans must be priced in the same currency.', 'planId');

  const newPrice = toAmount(to.priceAmount);
  const kind = planChangeKind(toAmount(from.priceAmount), newPrice);
  const trial = isInTrial(license);
  const base = { kind, fromPlan: from, toPlan: to, currency: to.priceCurrency, newPrice, inTrial: trial, license };
  const zeroQuote = async () => {
    const q = await priceAt(db, ctx, license, to, '0.00', at);
    return q;
  };
  if (trial) {
    // During the free trial nothing was paid: the plan switches now, and the trial's end charges the new plan.
    return {
      ok: true,
      preview: { ...base, appliesNow: true, effectiveAt: at, credit: '0.00', quote: await zeroQuote(), periodEnd: license.expiresAt },
    };
  }
  if (kind === 'downgrade') {
    return {
      ok: true,
      preview: {
        ...base,
        appliesNow: false,
        effectiveAt: license.expiresAt!,
        credit: '0.00',
        quote: await zeroQuote(),
        periodEnd: license.expiresAt,
      },
    };
  }
  const paid = (await currentPaidPeriod(db, license)) ?? {
    paid: toAmount(from.priceAmount),
    start: computeStart(license.expiresAt!, from),
  };
  const proration = prorateUpgrade({ paid: paid.paid, periodStart: paid.start, periodEnd: license.expiresAt!, at, newPrice });
  return {
    ok: true,
    preview: {
      ...base,
      appliesNow: true,
      effectiveAt: at,
      credit: proration.credit,
      quote: await priceAt(db, ctx, license, to, proration.net, at),
      periodEnd: computeExpiry(at, billingOf(to)),
    },
  };
}

/** The start of a period of `plan` that ends at `end` (for licenses without a recorded period). */
function computeStart(end: Date, plan: PricingPlan): Date {
  const months = plan.billingCycle === 'yearly' ? 12 : 1;
  const d = new Date(end.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** The receipt lines of an upgrade: the new plan, the credit, the tax. */
export function upgradeReceipt(p: PlanChangePreview) {
  const receiptQuote = { ...p.quote, subtotal: p.newPrice, discount: p.credit };
  return {
    receiptQuote,
    labels: {
      moduleName: p.license.module.name,
      planName: `${p.toPlan.name} (upgrade from ${p.fromPlan.name}, until ${day(p.periodEnd)})`,
      discountLabel: `Credit for the unused part of ${p.fromPlan.name} (until ${day(p.license.expiresAt)})`,
    },
  };
}

export function previewLines(p: PlanChangePreview) {
  const { receiptQuote, labels } = upgradeReceipt(p);
  return buildReceiptLines(receiptQuote, labels).lines;
}

/** licensePlanChangePreview: manage_licenses in the license's org (another org: NOT_FOUND). */
export async function previewPlanChange(ctx: Context, licenseId: number, planId: number): Promise<PreviewResult> {
  requireUser(ctx);
  const license = await loadLicense(ctx.prisma, licenseId);
  if (!license) throw notFound('License');
  await requireOrgPermission(ctx, license.orgId, 'manage_licenses', 'License');
  return evaluatePlanChange(ctx.prisma, ctx, license, planId, ctx.clock.now());
}

export type ChangeResult =
  | { ok: true; license: License; change: LicensePlanChange; invoice: Invoice | null; preview: PlanChangePreview }
  | { ok: false; errors: UserError[] };

class LicenseChanged extends Error {}

/**
 * licenseChangePlan (manage_licenses): an upgrade applies now — the license's payment method is
 * charged the new price minus the prorated credit (plus tax), the license keeps its key, gets the
 * new plan and a new period from now, a history row and a receipt. A downgrade is scheduled for
 * the period's end (the renewal job applies it). During a free trial the plan switches at once
 * and nothing is charged. Money is authorized first, captured after the commit, voided otherwise.
 */
export async function changePlan(ctx: Context, input: { licenseId: number; planId: number }): Promise<ChangeResult> {
  const user = requireUser(ctx);
  const found = await loadLicense(ctx.prisma, input.licenseId);
  if (!found) throw notFound('License');
  await requireOrgPermission(ctx, found.orgId, 'manage_licenses', 'License');
  const at = ctx.clock.now();
  const evaluated = await evaluatePlanChange(ctx.prisma, ctx, found, input.planId, at);
  if (!evaluated.ok) return evaluated;
  const p = evaluated.preview;
  const change: PlanChangeAttempt = {
    found,
    p,
    charge: p.appliesNow && !p.inTrial && !isZero(p.quote.total),
    paymentKey: `plan-change-${found.id}-${randomUUID()}`,
    userId: user.id,
    at,
  };
  const provider = paymentsOf(ctx.services);
  let authorizationId: string | null = null;
  if (change.charge) {
    const auth = await authorizeUpgrade(ctx, change);
    if (typeof auth !== 'string') return auth;
    authorizationId = auth;
  }

  let result: WrittenChange;
  try {
    result = await ctx.prisma.$transaction((tx) => writePlanChange(tx, ctx, change), { maxWait: 30_000, timeout: 60_000 });
  } catch (e) {
    if (authorizationId) await provider.void(authorizationId);
    if (e instanceof LicenseChanged) {
      return {
        ok: false,
        errors: [
          new UserError(E.LICENSE_CHANGED, 'The license changed meanwhile; nothing was charged. Reload and try again.', 'licenseId'),
        ],
      };
    }
    throw e;
  }
  if (authorizationId) {
    const { chargeId } = await provider.capture(authorizationId);
    await ctx.prisma.payment.update({ where: { id: result.paymentId! }, data: { providerChargeId: chargeId } });
  }
  // The license as committed (its plan, period and payment method after the change).
  const license = await ctx.prisma.license.findUniqueOrThrow({ where: { id: result.license.id } });
  return { ok: true, license, change: result.change, invoice: result.invoice, preview: p };
}

/** One plan change request once evaluated: the license as read, the preview, whether money is charged now. */
interface PlanChangeAttempt {
  found: FullLicense;
  p: PlanChangePreview;
  charge: boolean;
  /** The provider idempotency key of the charge. */
  paymentKey: string;
  userId: number;
  at: Date;
}

interface WrittenChange {
  license: License;
  change: LicensePlanChange;
  invoice: Invoice | null;
  paymentId: number | null;
}

/**
 * Authorizes the upgrade's charge on the license's payment method: the authorization id, or
 * PAYMENT_METHOD_REQUIRED, or PAYMENT_DECLINED once the declined attempt (payment row, audit row)
 * is recorded.
 */
async function authorizeUpgrade(ctx: Context, { found, p, paymentKey, at }: PlanChangeAttempt): Promise<string | ChangeResult> {
  if (!found.paymentMethodId) {
    return { ok: false, errors: [new UserError(E.PAYMENT_METHOD_REQUIRED, 'Add a payment method to the license first.', 'licenseId')] };
  }
  const provider = paymentsOf(ctx.services);
  const auth = await provider.authorize({
    idempotencyKey: paymentKey,
    amount: p.quote.total,
    currency: p.quote.currency,
    paymentMethodId: found.paymentMethodId,
    offSession: false,
    description: `${found.module.name} — upgrade to ${p.toPlan.name}`,
  });
  if (auth.status !== 'declined') return auth.authorizationId;
  await ctx.prisma.$transaction(async (tx) => {
    const payment = await tx.payment.create({
      data: {
        orgId: found.orgId,
        provider: provider.name,
        idempotencyKey: paymentKey,
        amount: p.quote.total,
        currency: p.quote.currency,
        status: 'declined',
        failureCode: auth.code,
        paymentMethodId: found.paymentMethodId,
        createdAt: at,
      },
    });
    await audit(tx, ctx, {
      action: 'payment_declined',
      entityType: 'payment',
      entityId: payment.id,
      orgId: found.orgId,
      newValue: { licenseId: found.id, toPlanId: p.toPlan.id, amount: p.quote.total, code: auth.code },
    });
  });
  return {
    ok: false,
    errors: [new UserError(E.PAYMENT_DECLINED, `Your payment was declined (${auth.message}). The plan was not changed.`, 'licenseId')],
  };
}

/**
 * The change's transaction: the license locked and checked unchanged since it was read, any
 * scheduled change cancelled, then a downgrade scheduled, or the upgrade (or trial switch)
 * applied: the charge's purchase, payment and receipt, the license's plan and period, the change
 * row, the history event, the audit row and the notification.
 */
async function writePlanChange(tx: Prisma.TransactionClient, ctx: Context, attempt: PlanChangeAttempt): Promise<WrittenChange> {
  const { found, p, charge, userId, at } = attempt;
  await tx.$queryRaw`SELECT id FROM module_licenses WHERE id = ${found.id} FOR UPDATE`;
  const now = await loadLicense(tx, found.id);
  if (
    !now ||
    now.pricingPlanId !== found.pricingPlanId ||
    now.expiresAt?.getTime() !== found.expiresAt?.getTime() ||
    now.status !== found.status ||
    now.cancelledAt?.getTime() !== found.cancelledAt?.getTime()
  ) {
    throw new LicenseChanged();
  }
  // A newer request replaces any change still waiting for the period's end.
  await tx.licensePlanChange.updateMany({ where: { licenseId: found.id, status: 'scheduled' }, data: { status: 'cancelled' } });
  const changeBase = {
    licenseId: found.id,
    fromPlanId: p.fromPlan.id,
    toPlanId: p.toPlan.id,
    kind: p.kind,
    currency: p.currency,
    requestedById: userId,
    requestedAt: at,
  } as const;
  if (!p.appliesNow) {
    const change = await tx.licensePlanChange.create({ data: { ...changeBase, status: 'scheduled', effectiveAt: p.effectiveAt } });
    await noteLicenseEvent(
      tx,
      ctx,
      found,
      `Plan change scheduled: ${p.fromPlan.name} → ${p.toPlan.name} on ${day(p.effectiveAt)} (downgrade at the period's end)`,
    );
    await audit(tx, ctx, {
      action: 'plan_change_scheduled',
      entityType: 'license',
      entityId: found.id,
      orgId: found.orgId,
      oldValue: { planId: p.fromPlan.id },
      newValue: { planId: p.toPlan.id, effectiveAt: p.effectiveAt, changeId: change.id },
    });
    return { license: found, change, invoice: null, paymentId: null };
  }
  const paid = charge ? await writeUpgradeCharge(tx, ctx, attempt) : { purchaseId: null, invoice: null, paymentId: null };
  const data: Prisma.LicenseUpdateInput = p.inTrial
    ? { pricingPlan: { connect: { id: p.toPlan.id } } }
    : { pricingPlan: { connect: { id: p.toPlan.id } }, expiresAt: p.periodEnd, expiryNoticeSentFor: null };
  const license = await tx.license.update({ where: { id: found.id }, data });
  if (!p.inTrial) {
    await tx.licensePeriod.create({
      data: { licenseId: found.id, startsAt: at, expiresAt: p.periodEnd, purchaseId: paid.purchaseId, createdAt: at },
    });
  }
  const change = await tx.licensePlanChange.create({
    data: {
      ...changeBase,
      status: 'applied',
      effectiveAt: at,
      appliedAt: at,
      creditAmount: p.credit,
      chargedAmount: charge ? p.quote.total : '0.00',
      purchaseId: paid.purchaseId,
    },
  });
  await recordAppliedChange(tx, ctx, attempt, { license, change, invoice: paid.invoice });
  return { license, change, invoice: paid.invoice, paymentId: paid.paymentId };
}

/** The upgrade's charge inside the change's transaction: its purchase (kind upgrade), its payment and its receipt. */
async function writeUpgradeCharge(
  tx: Prisma.TransactionClient,
  ctx: Context,
  { found, p, paymentKey, userId, at }: PlanChangeAttempt,
): Promise<{ purchaseId: number; invoice: Invoice; paymentId: number }> {
  const q = p.quote;
  const purchase = await tx.purchase.create({
    data: {
      moduleId: found.moduleId,
      vendorId: found.module.vendorId,
      pricingPlanId: p.toPlan.id,
      orgId: found.orgId,
      purchasedById: userId,
      currency: q.currency,
      subtotalAmount: q.subtotal,
      discountAmount: '0.00',
      taxAmount: q.tax,
      totalAmount: q.total,
      commissionRate: q.commissionRate,
      commissionAmount: q.commission,
      vendorAmount: q.vendorAmount,
      taxRate: q.taxRate,
      taxName: q.taxName,
      reverseCharge: q.reverseCharge,
      status: 'completed',
      kind: 'upgrade',
      paymentMethodId: found.paymentMethodId,
      purchasedAt: at,
    },
  });
  const payment = await tx.payment.create({
    data: {
      orgId: found.orgId,
      provider: paymentsOf(ctx.services).name,
      idempotencyKey: paymentKey,
      amount: q.total,
      currency: q.currency,
      status: 'succeeded',
      paymentMethodId: found.paymentMethodId,
      purchaseId: purchase.id,
      createdAt: at,
    },
  });
  const { receiptQuote, labels } = upgradeReceipt(p);
  const invoice = await createInvoice(tx, { orgId: found.orgId, purchaseId: purchase.id, issuedAt: at, quote: receiptQuote, labels });
  return { purchaseId: purchase.id, invoice, paymentId: payment.id };
}

/** An applied change's history event, audit row and notification to the org's license managers. */
async function recordAppliedChange(
  tx: Prisma.TransactionClient,
  ctx: Context,
  { found, p, charge, at }: PlanChangeAttempt,
  { license, change, invoice }: Omit<WrittenChange, 'paymentId'>,
): Promise<void> {
  const money = (a: string) => formatMoney({ amount: a, currency: p.currency });
  await noteLicenseEvent(
    tx,
    ctx,
    found,
    p.inTrial
      ? `Plan changed during the trial: ${p.fromPlan.name} → ${p.toPlan.name} (nothing charged; the trial still ends ${day(found.expiresAt)})`
      : `Plan upgraded: ${p.fromPlan.name} → ${p.toPlan.name}; credit ${money(p.credit)} for the unused period, charged ${money(p.quote.total)}${invoice ? ` (receipt ${invoice.number})` : ''}; renews ${day(p.periodEnd)}`,
  );
  await audit(tx, ctx, {
    action: 'plan_change',
    entityType: 'license',
    entityId: found.id,
    orgId: found.orgId,
    oldValue: { planId: p.fromPlan.id, expiresAt: found.expiresAt },
    newValue: {
      planId: p.toPlan.id,
      expiresAt: license.expiresAt,
      credit: p.credit,
      charged: charge ? p.quote.total : '0.00',
      currency: p.currency,
      invoice: invoice?.number ?? null,
      changeId: change.id,
    },
  });
  await notify(tx, await licenseRecipients(tx, found.orgId), {
    type: 'purchase_completed',
    title: `${found.module.name}: plan changed to ${p.toPlan.name}`,
    message: p.inTrial
      ? `Your ${found.module.name} trial continues on the ${p.toPlan.name} plan; nothing was charged.`
      : `Your ${found.module.name} license is now on ${p.toPlan.name} until ${day(p.periodEnd)}: ${money(p.quote.total)} charged after a ${money(p.credit)} credit${invoice ? `, receipt ${invoice.number}` : ''}.`,
    relatedEntityType: 'license',
    relatedEntityId: found.id,
    at,
  });
}

/** A license's plan changes, newest first, with the plans they name (one statement each). */
export async function planChangesOfLicense(
  ctx: Context,
  licenseId: number,
): Promise<{ changes: LicensePlanChange[]; plans: Map<number, PricingPlan> }> {
  const changes = await ctx.prisma.licensePlanChange.findMany({ where: { licenseId }, orderBy: { id: 'desc' } });
  const ids = [...new Set(changes.flatMap((r) => [r.fromPlanId, r.toPlanId]))];
  const plans = new Map((await ctx.prisma.pricingPlan.findMany({ where: { id: { in: ids } } })).map((p) => [p.id, p]));
  return { changes, plans };
}

/** Cancels a downgrade that waits for the period's end (manage_licenses). */
export async function cancelScheduledChange(ctx: Context, licenseId: number): Promise<{ license: License | null; errors: UserError[] }> {
  requireUser(ctx);
  const license = await ctx.prisma.license.findUnique({ where: { id: licenseId } });
  if (!license) throw notFound('License');
  await requireOrgPermission(ctx, license.orgId, 'manage_licenses', 'License');
  const done = await ctx.prisma.$transaction(async (tx) => {
    const scheduled = await tx.licensePlanChange.findFirst({ where: { licenseId, status: 'scheduled' } });
    if (!scheduled) return false;
    const r = await tx.licensePlanChange.updateMany({ where: { id: scheduled.id, status: 'scheduled' }, data: { status: 'cancelled' } });
    if (r.count !== 1) return false;
    await noteLicenseEvent(tx, ctx, license, 'Scheduled plan change cancelled');
    await audit(tx, ctx, {
      action: 'plan_change_cancelled',
      entityType: 'license',
      entityId: licenseId,
      orgId: license.orgId,
      oldValue: { changeId: scheduled.id, toPlanId: scheduled.toPlanId },
    });
    return true;
  });
  if (!done)
    return { license: null, errors: [new UserError(E.NO_SCHEDULED_CHANGE, 'No plan change is scheduled for this license.', 'licenseId')] };
  return { license, errors: [] };
}

/**
 * For the renewal job, inside its transaction: applies a downgrade scheduled for now or earlier
 * (the license moves to the new plan before the next period is priced). Returns the new plan.
 */
export async function applyDueScheduledChange(
  tx: Prisma.TransactionClient,
  ctx: Context,
  license: License,
  now: Date,
): Promise<PricingPlan | null> {
  const change = await tx.licensePlanChange.findFirst({
    where: { licenseId: license.id, status: 'scheduled', effectiveAt: { lte: now } },
    orderBy: { id: 'desc' },
  });
  if (!change) return null;
  const [from, to] = await Promise.all([
    tx.pricingPlan.findUnique({ where: { id: change.fromPlanId } }),
    tx.pricingPlan.findUniqueOrThrow({ where: { id: change.toPlanId } }),
  ]);
  await tx.licensePlanChange.update({ where: { id: change.id }, data: { status: 'applied', appliedAt: now } });
  await tx.license.update({ where: { id: license.id }, data: { pricingPlanId: to.id } });
  await noteLicenseEvent(
    tx,
    ctx,
    license,
    `Plan changed: ${from?.name ?? 'previous plan'} → ${to.name} (scheduled downgrade, from ${day(change.effectiveAt)})`,
  );
  await audit(tx, ctx, {
    action: 'plan_change',
    entityType: 'license',
    entityId: license.id,
    orgId: license.orgId,
    oldValue: { planId: change.fromPlanId },
    newValue: { planId: to.id, changeId: change.id, scheduled: true },
  });
  return to;
}
