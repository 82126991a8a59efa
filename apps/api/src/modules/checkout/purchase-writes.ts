/**
 * The purchase's writes: one transaction (commitPurchase → writePurchase) holds every line's
 * purchase, license, period and history, the payment, the receipt, the audit rows, the
 * notifications, the coupon and promotion uses and the idempotency key's result; and the
 * compensation when the capture fails after the commit. checkout.service.ts drives them.
 */
import type { Invoice, License, Prisma, Purchase } from '@wk/db';
import { formatMoney, generateLicenseKey } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notify } from '../notifications';
import { paymentsOf } from '../payments';
import { createInvoice } from '../receipts';
import { heldLicenses } from '../licenses';
import { countPromotionUse, releasePromotionUse } from '../promotions';
import { CheckoutErrorCode } from './checkout.errors';
import { completeIdempotencyKey, IdempotencyLeaseLostError, replaceIdempotencyResult, type OwnedKey } from './idempotency';
import { discountLabels, type PricedCart, type PricedQuote } from './quote.service';
import type { CartLineOutcome, PurchaseCreateRequest, StoredResponse } from './checkout.service';

/** Interactive transactions of checkout may queue behind a hot coupon row: wait, do not fail. */
export const TX_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

export const asJson = (s: StoredResponse) => s as unknown as Prisma.InputJsonValue;

/** A line refused inside the commit (coupon just exhausted, dependency just licensed): everything rolls back. */
export class LineRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
    readonly failureCode: string,
  ) {
    super(message);
  }
}
export class TrialAlreadyUsedError extends Error {}

export interface CommitInput {
  req: PurchaseCreateRequest;
  cart: PricedCart;
  /** The contract in force accepted for each line (null: the module has none). */
  contractIds: (number | null)[];
  paymentMethodId: string | null;
  /** The method renewals (and a trial's first charge) use. */
  licensePaymentMethodId: string | null;
  paymentKey: string;
  authorizationId: string | null;
  /** Per line. */
  autoRenew: boolean[];
  userId: number;
  owned: OwnedKey;
}

export interface Committed {
  purchase: Purchase;
  license: License;
  invoice: Invoice;
  paymentId: number | null;
  /** Every line, the head (the main module) first. */
  lines: CartLineOutcome[];
  /** Coupon uses counted, per coupon id. */
  couponUses: Map<number, number>;
  /** Vendor promotion uses counted (one id per use). */
  promotionUses: number[];
}

function isUniqueViolation(e: unknown, field: string): boolean {
  const err = e as {
    code?: string;
    meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } };
    message?: string;
  };
  if (err?.code !== 'P2002') return false;
  const text = JSON.stringify(err.meta ?? {}) + String(err.message ?? '');
  return text.includes(field);
}

export async function commitPurchase(ctx: Context, input: CommitInput): Promise<Committed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.prisma.$transaction((tx) => writePurchase(tx, ctx, input), TX_OPTIONS);
    } catch (e) {
      // A license key collision (60 random bits: practically never) → new key, new transaction.
      if (attempt < 3 && isUniqueViolation(e, 'license_key')) continue;
      // Another owner of this idempotency key committed its purchase first.
      if (isUniqueViolation(e, 'idempotency_key_id')) throw new IdempotencyLeaseLostError(input.owned.id);
      throw e;
    }
  }
}

/** One line: its purchase (the head carries the idempotency key), license, period, history, acceptance. */
async function writeLine(
  tx: Prisma.TransactionClient,
  ctx: Context,
  input: CommitInput,
  index: number,
  headId: number | null,
): Promise<CartLineOutcome> {
  const { req, paymentMethodId, userId } = input;
  const { module, plan, coupon, promotion, quote, at, expiresAt, trial } = input.cart.lines[index]!.priced;
  const purchase = await tx.purchase.create({
    data: {
      moduleId: module.id,
      vendorId: module.vendorId,
      pricingPlanId: plan.id,
      orgId: req.orgId,
      purchasedById: userId,
      currency: quote.currency,
      subtotalAmount: quote.subtotal,
      discountAmount: quote.discount,
      taxAmount: quote.tax,
      totalAmount: quote.total,
      commissionRate: quote.commissionRate,
      commissionAmount: quote.commission,
      vendorAmount: quote.vendorAmount,
      taxRate: quote.taxRate,
      taxName: quote.taxName,
      reverseCharge: quote.reverseCharge,
      customDays: quote.days,
      couponId: coupon ? quote.couponId : null,
      vendorPromotionId: promotion ? quote.couponId : null,
      idempotencyKeyId: headId === null ? input.owned.id : null,
      cartPurchaseId: headId,
      status: 'completed',
      kind: trial ? 'trial' : 'new',
      paymentMethodId,
      purchasedAt: at,
    },
  });
  const license = await tx.license.create({
    data: {
      purchaseId: purchase.id,
      moduleId: module.id,
      pricingPlanId: plan.id,
      orgId: req.orgId,
      licenseKey: generateLicenseKey({ moduleSlug: module.slug, orgId: req.orgId }),
      startsAt: at,
      expiresAt,
      status: 'active',
      autoRenew: input.autoRenew[index] ?? false,
      paymentMethodId: input.licensePaymentMethodId,
      trialEndsAt: trial?.endsAt ?? null,
      createdAt: at,
    },
  });
  await startLicenseTerm(tx, input, index, purchase.id, license.id);
  const contractId = input.contractIds[index] ?? null;
  if (contractId) {
    await tx.licenseContractAcceptance.create({
      data: {
        licenseId: license.id,
        contractId,
        acceptedById: userId,
        acceptedAt: at,
        ipAddress: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
      },
    });
  }
  return { purchase, license };
}

/**
 * The license's first term: a trial is recorded once per org and module (TrialAlreadyUsedError
 * otherwise), a paid or free license gets its first period; then its status history row.
 */
async function startLicenseTerm(
  tx: Prisma.TransactionClient,
  input: CommitInput,
  index: number,
  purchaseId: number,
  licenseId: number,
): Promise<void> {
  const { req, paymentMethodId, userId } = input;
  const { module, at, expiresAt, trial } = input.cart.lines[index]!.priced;
  if (trial) {
    // One trial per org and module, ever: the unique key decides between concurrent starts.
    const inserted = await tx.$executeRaw`
      INSERT INTO module_trials (org_id, module_id, license_id, started_at, ends_at)
      VALUES (${req.orgId}, ${module.id}, ${licenseId}, ${at}, ${trial.endsAt})
      ON CONFLICT (org_id, module_id) DO NOTHING`;
    if (inserted !== 1) throw new TrialAlreadyUsedError();
  } else {
    // Paid periods only: a trial is not a period (the first charge starts the first one).
    await tx.licensePeriod.create({ data: { licenseId: licenseId, startsAt: at, expiresAt, purchaseId: purchaseId } });
  }
  await tx.licenseStatusHistory.create({
    data: {
      licenseId: licenseId,
      oldStatus: 'pending',
      newStatus: 'active',
      changedById: userId,
      reason: trial
        ? `Free trial started (${trial.days} days; first charge on ${trial.endsAt.toISOString().slice(0, 10)} unless cancelled)`
        : paymentMethodId
          ? 'Payment confirmed'
          : 'Free plan activated',
      changedAt: at,
    },
  });
}

const lineLabels = (p: PricedQuote) => ({
  moduleName: p.module.name,
  planName: p.trial ? `${p.plan.name} (${p.trial.days}-day free trial)` : p.plan.name,
  ...discountLabels(p),
});

/**
 * The purchase's transaction: the dependency lines checked under their locks, every line's rows,
 * the one payment, the receipt, the audit rows and notifications, the coupon and promotion uses
 * (last: their rows are hot) and the key's result. The statements run in this order.
 */
async function writePurchase(tx: Prisma.TransactionClient, ctx: Context, input: CommitInput): Promise<Committed> {
  const { cart } = input;
  const at = cart.lines[0]!.priced.at;
  await lockDependencyLines(tx, input.req.orgId, cart, at);

  const lines: CartLineOutcome[] = [];
  const head = await writeLine(tx, ctx, input, 0, null);
  lines.push(head);
  for (let i = 1; i < cart.lines.length; i++) lines.push(await writeLine(tx, ctx, input, i, head.purchase.id));

  const paymentId = await writeCartPayment(tx, ctx, input, head.purchase.id, at);
  const main = cart.lines[0]!.priced;
  const invoice = await createInvoice(tx, {
    orgId: input.req.orgId,
    purchaseId: head.purchase.id,
    issuedAt: at,
    quote: main.quote,
    labels: lineLabels(main),
    parts: cart.lines.map((l) => ({ quote: l.priced.quote, labels: lineLabels(l.priced) })),
  });
  for (const [i, line] of lines.entries()) {
    await auditLine(tx, ctx, input, i, line, { headId: head.purchase.id, cartSize: lines.length, invoiceNumber: invoice.number });
    await notifyLine(tx, input, i, line, invoice.number);
  }
  const couponUses = await countCouponUses(tx, cart);
  const promotionUses = await countPromotionUses(tx, cart, at);
  // The key's result commits with the purchase (fenced: fails if another call took the key over).
  const stored: StoredResponse = {
    kind: 'success',
    purchaseId: head.purchase.id,
    licenseId: head.license.id,
    invoiceId: invoice.id,
    ...(lines.length > 1 ? { lines: lines.slice(1).map((l) => ({ purchaseId: l.purchase.id, licenseId: l.license.id })) } : {}),
  };
  await completeIdempotencyKey(tx, input.owned, asJson(stored));
  return {
    purchase: head.purchase,
    license: head.license,
    invoice,
    paymentId,
    lines,
    couponUses: new Map([...couponUses.entries()].map(([id, u]) => [id, u.n])),
    promotionUses,
  };
}

/**
 * A dependency line must still be unlicensed at the commit: concurrent carts of the org that buy
 * the same dependency are serialized here (locks in module order: no deadlock), and the later one
 * is refused instead of buying a second license.
 */
async function lockDependencyLines(tx: Prisma.TransactionClient, orgId: number, cart: PricedCart, at: Date): Promise<void> {
  const depLines = cart.lines
    .map((l, i) => ({ l, i }))
    .slice(1)
    .sort((a, b) => a.l.priced.module.id - b.l.priced.module.id);
  for (const { l } of depLines) {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`wk:cart-license:${orgId}:${l.priced.module.id}`}))) AS l`;
    if ((await heldLicenses(tx, orgId, l.priced.module.id, at)).length > 0) {
      throw new LineRefusedError(
        CheckoutErrorCode.DEPENDENCY_ALREADY_LICENSED,
        `Your organization has just got a ${l.priced.module.name} license: remove this line. Nothing was charged.`,
        `${l.fieldPrefix}moduleId`,
        'dependency_already_licensed',
      );
    }
  }
}

/** One payment for the whole cart, attached to the head purchase (none for a free cart or a trial). */
async function writeCartPayment(
  tx: Prisma.TransactionClient,
  ctx: Context,
  input: CommitInput,
  headPurchaseId: number,
  at: Date,
): Promise<number | null> {
  const { req, cart, paymentMethodId } = input;
  if (!paymentMethodId) return null;
  const payment = await tx.payment.create({
    data: {
      orgId: req.orgId,
      provider: paymentsOf(ctx.services).name,
      providerChargeId: null,
      providerAuthorizationId: input.authorizationId,
      idempotencyKey: input.paymentKey,
      amount: cart.total,
      currency: cart.currency,
      status: 'succeeded',
      paymentMethodId,
      purchaseId: headPurchaseId,
      createdAt: at,
    },
  });
  return payment.id;
}

/** The purchase's audit row: every amount, the license, the receipt and, in a cart, the head and the cart total. */
async function auditLine(
  tx: Prisma.TransactionClient,
  ctx: Context,
  input: CommitInput,
  index: number,
  { purchase, license }: CartLineOutcome,
  cartOf: { headId: number; cartSize: number; invoiceNumber: string },
): Promise<void> {
  const { req, cart } = input;
  const { module, plan, quote, trial, coupon, promotion } = cart.lines[index]!.priced;
  await audit(tx, ctx, {
    action: 'create',
    entityType: 'purchase',
    entityId: purchase.id,
    orgId: req.orgId,
    newValue: {
      moduleId: module.id,
      planId: plan.id,
      currency: quote.currency,
      subtotal: quote.subtotal,
      discount: quote.discount,
      tax: quote.tax,
      total: quote.total,
      commission: quote.commission,
      vendorAmount: quote.vendorAmount,
      couponId: coupon ? quote.couponId : null,
      vendorPromotionId: promotion ? quote.couponId : null,
      discountFundedBy: quote.discountFundedBy ?? null,
      licenseId: license.id,
      invoice: cartOf.invoiceNumber,
      contractId: input.contractIds[index] ?? null,
      trialEndsAt: trial?.endsAt ?? null,
      ...(cartOf.cartSize > 1 ? { cartPurchaseId: cartOf.headId, cartTotal: cart.total } : {}),
    },
  });
}

/** The buyer's notification of one line: the trial's terms, or the amount paid and the receipt. */
async function notifyLine(
  tx: Prisma.TransactionClient,
  input: CommitInput,
  index: number,
  { license }: CartLineOutcome,
  invoiceNumber: string,
): Promise<void> {
  const { module, plan, quote, trial } = input.cart.lines[index]!.priced;
  await notify(tx, [{ userId: input.userId }], {
    type: 'purchase_completed',
    title: trial ? `Free trial started: ${module.name}` : `Purchase completed: ${module.name}`,
    message: trial
      ? `${module.name} — ${plan.name}: ${trial.days}-day free trial, nothing charged today. Then ${formatMoney({ amount: trial.then.total, currency: trial.then.currency })} on ${trial.endsAt.toISOString().slice(0, 10)} unless you cancel before. License ${license.licenseKey}.`
      : `${module.name} — ${plan.name}: ${formatMoney({ amount: quote.total, currency: quote.currency })}${quote.reverseCharge ? ' (VAT reverse charge)' : ''}. License ${license.licenseKey}, receipt ${invoiceNumber}.`,
    relatedEntityType: 'license',
    relatedEntityId: license.id,
    at: input.cart.lines[0]!.priced.at,
  });
}

const couponExhausted = (field: string) =>
  new LineRefusedError(
    CheckoutErrorCode.COUPON_EXHAUSTED,
    'This coupon has just reached its maximum number of uses. Nothing was charged.',
    field,
    'coupon_exhausted',
  );

/**
 * Last, so the hot coupon rows stay locked for as short a time as possible; the UPDATE is the
 * authority on max_uses (the quote's check may be stale under concurrent checkouts). A coupon on
 * several lines counts one use per line; coupons are locked in id order (no deadlock).
 */
async function countCouponUses(tx: Prisma.TransactionClient, cart: PricedCart): Promise<Map<number, { n: number; field: string }>> {
  const couponUses = new Map<number, { n: number; field: string }>();
  for (const l of cart.lines) {
    const c = l.priced.coupon;
    if (!c || l.priced.quote.couponId === null) continue;
    const u = couponUses.get(c.id) ?? { n: 0, field: `${l.fieldPrefix}couponCode` };
    u.n++;
    couponUses.set(c.id, u);
  }
  for (const [couponId, u] of [...couponUses.entries()].sort((a, b) => a[0] - b[0])) {
    const used = await tx.$executeRaw`
      UPDATE discount_coupons SET times_used = times_used + ${u.n}
      WHERE id = ${couponId} AND is_active AND (max_uses IS NULL OR times_used + ${u.n} <= max_uses)`;
    if (used !== 1) throw couponExhausted(u.field);
  }
  return couponUses;
}

/** Vendor promotions (vendor-funded codes): one use per line, counted under their own rules. */
async function countPromotionUses(tx: Prisma.TransactionClient, cart: PricedCart, at: Date): Promise<number[]> {
  const promotionUses: number[] = [];
  for (const l of cart.lines) {
    const promo = l.priced.promotion;
    if (!promo || l.priced.quote.couponId === null) continue;
    if (!(await countPromotionUse(tx, promo.id, at))) throw couponExhausted(`${l.fieldPrefix}couponCode`);
    promotionUses.push(promo.id);
  }
  return promotionUses;
}

/** Compensation when the capture fails after the commit (never with the sandbox): every line is undone. */
export async function undoUncapturedPurchase(ctx: Context, c: Committed, key: { keyId: number; response: Prisma.InputJsonValue }) {
  await ctx.prisma.$transaction(async (tx) => {
    await replaceIdempotencyResult(tx, key.keyId, key.response);
    for (const { purchase, license } of c.lines) {
      await tx.purchase.update({ where: { id: purchase.id }, data: { status: 'failed' } });
      await tx.license.update({ where: { id: license.id }, data: { status: 'revoked', autoRenew: false } });
      await tx.licenseStatusHistory.create({
        data: {
          licenseId: license.id,
          oldStatus: 'active',
          newStatus: 'revoked',
          reason: 'Payment capture failed',
          changedAt: ctx.clock.now(),
        },
      });
    }
    if (c.paymentId) await tx.payment.update({ where: { id: c.paymentId }, data: { status: 'failed', failureCode: 'capture_failed' } });
    for (const [couponId, n] of c.couponUses) {
      await tx.$executeRaw`UPDATE discount_coupons SET times_used = GREATEST(times_used - ${n}, 0) WHERE id = ${couponId}`;
    }
    for (const promotionId of c.promotionUses) await releasePromotionUse(tx, promotionId);
    await audit(tx, ctx, {
      action: 'payment_failed',
      entityType: 'purchase',
      entityId: c.purchase.id,
      orgId: c.purchase.orgId,
      newValue: { status: 'failed', licenseId: c.license.id, licenseIds: c.lines.map((l) => l.license.id) },
    });
  }, TX_OPTIONS);
}
