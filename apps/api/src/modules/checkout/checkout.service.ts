/**
 * The purchase: idempotency key, payment authorization, the purchase, license(s) and receipt
 * written in one transaction, capture after the commit, replay and recovery. Prices come from
 * quote.service.ts.
 */
import type { Invoice, License, Prisma, Purchase } from '@wk/db';
import { formatMoney, generateLicenseKey, isZero, normalizeCouponCode, REVERSE_CHARGE_NOTE } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { requireOrgPermission, requireUser } from '../../core/access';
import { emailVerificationError } from '../auth';
import { UserError } from '../../core/errors';
import { notify } from '../notifications';
import { isUsablePaymentMethod, paymentsOf } from '../payments';
import { createInvoice } from '../receipts';
import { heldLicenses, isRenewablePlan } from '../licenses';
import { CheckoutErrorCode } from './checkout.errors';
import { countPromotionUse, releasePromotionUse } from '../promotions';
import { isDatabaseUnavailable } from '../../core/database-errors';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyLeaseLostError,
  releaseAfterFailure,
  releaseIdempotencyKey,
  replaceIdempotencyResult,
  requestHash,
  type OwnedKey,
} from './idempotency';
import { rootLogger } from '../../core/logger';
import { activeContract, discountLabels, priceCart, type PricedCart, type PricedQuote, type QuoteRequest } from './quote.service';

type Db = Prisma.TransactionClient | Context['prisma'];

/** Interactive transactions of checkout may queue behind a hot coupon row: wait, do not fail. */
const TX_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

// ───────────────────────────────────────────────────────────── purchase

export interface PurchaseCreateRequest extends QuoteRequest {
  paymentMethodId?: string | null;
  acceptContractId?: number | null;
  autoRenew?: boolean | null;
  /** Required (true) to buy while the org already holds an active license of the module. */
  confirmAdditionalLicense?: boolean | null;
  idempotencyKey: string;
}

export interface CartLineOutcome {
  purchase: Purchase;
  license: License;
}

export type PurchaseOutcome =
  | { kind: 'success'; purchase: Purchase; license: License; invoice: Invoice; replayed: boolean; lines: CartLineOutcome[] }
  | { kind: 'errors'; errors: UserError[]; replayed: boolean };

type StoredResponse =
  | {
      kind: 'success';
      purchaseId: number;
      licenseId: number;
      invoiceId: number;
      /** The other lines of a dependency cart (the head is purchaseId/licenseId). */
      lines?: { purchaseId: number; licenseId: number }[];
    }
  | { kind: 'errors'; errors: { code: string; field: string | null; message: string }[] };

export const PURCHASE_OPERATION = 'purchaseCreate';

/** A line refused inside the commit (coupon just exhausted, dependency just licensed): everything rolls back. */
class LineRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
    readonly failureCode: string,
  ) {
    super(message);
  }
}
class TrialAlreadyUsedError extends Error {}

const failure = (code: string, message: string, field?: string): PurchaseOutcome => ({
  kind: 'errors',
  replayed: false,
  errors: [new UserError(code, message, field)],
});

/**
 * purchaseCreate (PRODUCT.md "Purchases and licenses"):
 * 1. purchase_modules in the org; the idempotency key is claimed (same key + same input → the
 *    first result, concurrent duplicates wait for it; different input → IDEMPOTENCY_KEY_REUSED).
 *    The key carries a short lease: after a crash, a retry finds the committed purchase or takes
 *    the key over and runs again (idempotency.ts).
 * 2. The quote is computed by computeQuote; the active contract must be the one accepted.
 * 3. The payment is authorized (not captured) under a provider idempotency key derived from the
 *    key's row, so a takeover gets the same authorization and never charges twice. Declined →
 *    PAYMENT_DECLINED: no purchase, no license, no coupon use (the attempt is logged in `payments`).
 * 4. One transaction: the coupon use is counted atomically (`times_used < max_uses` in the
 *    UPDATE; no row → COUPON_EXHAUSTED and the authorization is voided), purchase with every
 *    amount and its key id (unique), license (key, period, status history), contract acceptance
 *    (user, time, IP, user agent), receipt, payment row, audit rows, notification — and the key's
 *    result, fenced by the owner's token. A crash can no longer leave a purchase behind an
 *    `in_progress` key.
 * 5. After the commit the authorization is captured. A crash before the capture is settled by the
 *    next replay of the key or by the reconciliation job. Free plans skip 3 and 5.
 */
export async function purchaseCreate(ctx: Context, req: PurchaseCreateRequest): Promise<PurchaseOutcome> {
  const user = requireUser(ctx);
  await requireOrgPermission(ctx, req.orgId, 'purchase_modules');
  const unverified = await emailVerificationError(ctx);
  if (unverified) return { kind: 'errors', replayed: false, errors: [unverified] };
  const key = req.idempotencyKey.trim();
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    return failure(
      CheckoutErrorCode.IDEMPOTENCY_KEY_INVALID,
      'The idempotency key must be 8–200 letters, digits or - _ : . characters.',
      'idempotencyKey',
    );
  }
  const hash = requestHash({
    orgId: req.orgId,
    moduleId: req.moduleId,
    planId: req.planId,
    days: req.days ?? null,
    couponCode: normalizeCouponCode(req.couponCode ?? '') || null,
    paymentMethodId: req.paymentMethodId?.trim() || null,
    acceptContractId: req.acceptContractId ?? null,
    autoRenew: req.autoRenew ?? null,
    startTrial: req.startTrial ?? false,
    confirmAdditionalLicense: req.confirmAdditionalLicense ?? false,
    instanceId: req.instanceId ?? null,
    dependencyLines:
      req.dependencyLines?.map((l) => ({
        moduleId: l.moduleId,
        planId: l.planId,
        days: l.days ?? null,
        couponCode: normalizeCouponCode(l.couponCode ?? '') || null,
        acceptContractId: l.acceptContractId ?? null,
      })) ?? null,
  });
  for (let attempt = 1; ; attempt++) {
    const claim = await claimIdempotencyKey(
      ctx.prisma,
      ctx.clock,
      { userId: user.id, orgId: req.orgId, operation: PURCHASE_OPERATION, key, hash },
      { leaseMs: ctx.config.idempotencyLeaseMs, findCommitted: (keyId) => committedPurchaseResponse(ctx.prisma, keyId) },
    );
    if (claim.kind === 'reused') {
      return failure(
        CheckoutErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This idempotency key was already used for a different purchase. Start a new checkout.',
        'idempotencyKey',
      );
    }
    if (claim.kind === 'timeout') {
      return failure(
        CheckoutErrorCode.PURCHASE_IN_PROGRESS,
        'The same purchase is still being processed. Try again in a moment.',
        'idempotencyKey',
      );
    }
    if (claim.kind === 'completed') return replay(ctx, claim.response as StoredResponse);
    try {
      return await executePurchase(ctx, req, claim);
    } catch (e) {
      // Another call took the key over while this one ran: its result is the answer.
      if (e instanceof IdempotencyLeaseLostError && attempt < 3) continue;
      throw e;
    }
  }
}

/** The provider idempotency key of a purchase key: stable across takeovers of the same key row. */
export const purchasePaymentKey = (owned: { id: number; createdAt: Date }) => `purchase-${owned.id}-${owned.createdAt.getTime()}`;

/** The stored response of the purchase committed under an idempotency key, if there is one. */
export async function committedPurchaseResponse(db: Db, keyId: number): Promise<Prisma.InputJsonValue | null> {
  const purchase = await db.purchase.findUnique({
    where: { idempotencyKeyId: keyId },
    include: {
      licenses: { select: { id: true }, orderBy: { id: 'asc' }, take: 1 },
      invoice: { select: { id: true } },
      cartLines: { orderBy: { id: 'asc' }, include: { licenses: { select: { id: true }, orderBy: { id: 'asc' }, take: 1 } } },
    },
  });
  if (!purchase || !purchase.licenses[0] || !purchase.invoice) return null;
  const stored: StoredResponse = {
    kind: 'success',
    purchaseId: purchase.id,
    licenseId: purchase.licenses[0].id,
    invoiceId: purchase.invoice.id,
    ...(purchase.cartLines.length ? { lines: purchase.cartLines.map((l) => ({ purchaseId: l.id, licenseId: l.licenses[0]!.id })) } : {}),
  };
  return stored as unknown as Prisma.InputJsonValue;
}

async function replay(ctx: Context, stored: StoredResponse): Promise<PurchaseOutcome> {
  if (stored.kind === 'errors')
    return { kind: 'errors', replayed: true, errors: stored.errors.map((e) => new UserError(e.code, e.message, e.field)) };
  // A process that died between the commit and the capture left the hold uncaptured: settle it now.
  await settleUncapturedPayments(ctx, { purchaseId: stored.purchaseId });
  const [purchase, license, invoice] = await Promise.all([
    ctx.prisma.purchase.findUniqueOrThrow({ where: { id: stored.purchaseId } }),
    ctx.prisma.license.findUniqueOrThrow({ where: { id: stored.licenseId } }),
    ctx.prisma.invoice.findUniqueOrThrow({ where: { id: stored.invoiceId } }),
  ]);
  const lines: CartLineOutcome[] = [];
  for (const l of stored.lines ?? []) {
    lines.push({
      purchase: await ctx.prisma.purchase.findUniqueOrThrow({ where: { id: l.purchaseId } }),
      license: await ctx.prisma.license.findUniqueOrThrow({ where: { id: l.licenseId } }),
    });
  }
  return { kind: 'success', purchase, license, invoice, replayed: true, lines };
}

/**
 * Captures committed checkout payments whose capture never happened (the process died after the
 * commit, or the provider/database failed at that moment). Capture is idempotent per
 * authorization, so this is safe to run from a replay and from the reconciliation job at once.
 * Returns how many were captured.
 */
export async function settleUncapturedPayments(ctx: Context, where: { purchaseId?: number; olderThan?: Date }): Promise<number> {
  const pending = await ctx.prisma.payment.findMany({
    where: {
      status: 'succeeded',
      providerChargeId: null,
      providerAuthorizationId: { not: null },
      purchaseId: where.purchaseId ?? { not: null },
      ...(where.olderThan ? { createdAt: { lt: where.olderThan } } : {}),
    },
    take: 100,
  });
  const provider = paymentsOf(ctx.services);
  let captured = 0;
  for (const p of pending) {
    const { chargeId } = await provider.capture(p.providerAuthorizationId!);
    const n = await ctx.prisma.payment.updateMany({ where: { id: p.id, providerChargeId: null }, data: { providerChargeId: chargeId } });
    captured += n.count;
  }
  return captured;
}

const storedErrors = (r: PurchaseOutcome): StoredResponse =>
  r.kind === 'errors'
    ? { kind: 'errors', errors: r.errors.map((e) => ({ code: e.code, field: e.field ?? null, message: e.message })) }
    : {
        kind: 'success',
        purchaseId: r.purchase.id,
        licenseId: r.license.id,
        invoiceId: r.invoice.id,
        ...(r.lines.length ? { lines: r.lines.map((l) => ({ purchaseId: l.purchase.id, licenseId: l.license.id })) } : {}),
      };

const asJson = (s: StoredResponse) => s as unknown as Prisma.InputJsonValue;

async function executePurchase(ctx: Context, req: PurchaseCreateRequest, owned: OwnedKey): Promise<PurchaseOutcome> {
  let authorizing = false;
  let authorizationId: string | null = null;
  try {
    return await runPurchase(ctx, req, owned, {
      beforeAuthorize: () => {
        authorizing = true;
      },
      authorized: (id) => {
        authorizationId = id;
      },
    });
  } catch (e) {
    if (e instanceof IdempotencyLeaseLostError) throw e; // the new owner uses the same hold: leave it alone
    if (!authorizing) {
      // Nothing reached the provider: the key may be used again at once.
      await releaseAfterFailure(ctx.prisma, owned, e);
      throw e;
    }
    if (isDatabaseUnavailable(e)) {
      // The commit's outcome is unknown. Keep the key and the hold: once the lease expires, a retry
      // returns the purchase if it committed or takes over with the same hold; the reconciliation
      // job voids holds that nobody comes back for.
      console.error(
        `[checkout] database unreachable during purchase key ${owned.id}; the lease and the reconciliation job settle it: ${String(e)}`,
      );
      throw e;
    }
    // The transaction failed and rolled back (a bug, a constraint): nothing was bought.
    if (authorizationId) await paymentsOf(ctx.services).void(authorizationId);
    await releaseAfterFailure(ctx.prisma, owned, e);
    throw e;
  }
}

interface PurchaseHooks {
  beforeAuthorize(): void;
  authorized(authorizationId: string): void;
}

async function runPurchase(ctx: Context, req: PurchaseCreateRequest, owned: OwnedKey, hooks: PurchaseHooks): Promise<PurchaseOutcome> {
  const user = requireUser(ctx);
  const at = ctx.clock.now();
  const paymentKey = purchasePaymentKey(owned);
  const refuse = async (result: PurchaseOutcome) => {
    // Refused before any payment: nothing happened, the same key may be used again.
    await releaseIdempotencyKey(ctx.prisma, owned);
    return result;
  };
  const priced = await priceCart(ctx.prisma, ctx, req, at);
  if (!priced.ok) return refuse({ kind: 'errors', replayed: false, errors: priced.errors });
  const cart = priced.cart;
  const main = cart.lines[0]!.priced;
  const { module, plan } = main;
  const isCart = cart.lines.length > 1;

  const errors: UserError[] = [];
  const contracts: (number | null)[] = [];
  for (const line of cart.lines) {
    const contract = await activeContract(ctx.prisma, line.priced.module.id, at);
    contracts.push(contract?.id ?? null);
    if (contract && line.acceptContractId !== contract.id) {
      const what = contract.contractType === 'eula' ? 'license agreement' : 'contract';
      errors.push(
        new UserError(
          CheckoutErrorCode.CONTRACT_NOT_ACCEPTED,
          line.fieldPrefix
            ? `Accept the ${line.priced.module.name} ${what} (version ${contract.version}) to buy it with this cart.`
            : `Accept the ${what} (version ${contract.version}) to buy this module.`,
          `${line.fieldPrefix}acceptContractId`,
        ),
      );
    }
  }
  if (!req.confirmAdditionalLicense) {
    const held = await heldLicenses(ctx.prisma, req.orgId, module.id, at);
    if (held.length > 0) {
      const l = held[0]!;
      const until = l.expiresAt
        ? `${l.autoRenew && !l.cancelledAt ? 'renews' : 'ends'} ${l.expiresAt.toISOString().slice(0, 10)}`
        : 'no end date';
      errors.push(
        new UserError(
          CheckoutErrorCode.ALREADY_LICENSED,
          `Your organization already has an active ${module.name} license (${l.pricingPlan?.name ?? 'plan'}, ${until}). Manage it, or confirm that you want another license.`,
          'confirmAdditionalLicense',
        ),
      );
    }
  }
  const paid = !isZero(cart.total);
  const paymentMethodId = req.paymentMethodId?.trim() || null;
  if (main.trial) {
    // Nothing is charged now, but the first charge at the trial's end needs a method.
    if (!paymentMethodId) {
      errors.push(
        new UserError(
          CheckoutErrorCode.PAYMENT_METHOD_REQUIRED,
          'Choose the payment method to charge when the trial ends.',
          'paymentMethodId',
        ),
      );
    } else if (!(await isUsablePaymentMethod(ctx.prisma, ctx.services, req.orgId, paymentMethodId))) {
      errors.push(
        new UserError(
          CheckoutErrorCode.PAYMENT_METHOD_INVALID,
          'This payment method cannot be used by this organization.',
          'paymentMethodId',
        ),
      );
    }
  }
  if (paid) {
    if (!paymentMethodId) {
      errors.push(new UserError(CheckoutErrorCode.PAYMENT_METHOD_REQUIRED, 'Choose a payment method.', 'paymentMethodId'));
    } else if (!(await isUsablePaymentMethod(ctx.prisma, ctx.services, req.orgId, paymentMethodId))) {
      errors.push(
        new UserError(
          CheckoutErrorCode.PAYMENT_METHOD_INVALID,
          'This payment method cannot be used by this organization.',
          'paymentMethodId',
        ),
      );
    }
  }
  if (errors.length) return refuse({ kind: 'errors', replayed: false, errors });

  const provider = paymentsOf(ctx.services);
  let authorizationId: string | null = null;
  const description = isCart
    ? `${module.name} — ${plan.name} + ${cart.lines
        .slice(1)
        .map((l) => l.priced.module.name)
        .join(', ')}`
    : `${module.name} — ${plan.name}`;
  if (paid) {
    hooks.beforeAuthorize();
    // One authorization for the whole cart: every line is paid, or none is.
    const auth = await provider.authorize({
      idempotencyKey: paymentKey,
      amount: cart.total,
      currency: cart.currency,
      paymentMethodId: paymentMethodId!,
      offSession: false,
      description,
    });
    if (auth.status === 'declined') {
      const result = failure(
        CheckoutErrorCode.PAYMENT_DECLINED,
        `Your payment was declined: ${auth.message.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase())}. Nothing was charged; try another payment method.`,
        'paymentMethodId',
      );
      await ctx.prisma.$transaction(async (tx) => {
        await completeIdempotencyKey(tx, owned, asJson(storedErrors(result)));
        const payment = await tx.payment.create({
          data: {
            orgId: req.orgId,
            provider: provider.name,
            idempotencyKey: paymentKey,
            amount: cart.total,
            currency: cart.currency,
            status: 'declined',
            failureCode: auth.code,
            paymentMethodId,
            createdAt: at,
          },
        });
        await audit(tx, ctx, {
          action: 'payment_declined',
          entityType: 'payment',
          entityId: payment.id,
          orgId: req.orgId,
          newValue: {
            amount: cart.total,
            currency: cart.currency,
            code: auth.code,
            moduleId: module.id,
            planId: plan.id,
            ...(isCart ? { lines: cart.lines.map((l) => ({ moduleId: l.priced.module.id, planId: l.priced.plan.id })) } : {}),
          },
        });
      }, TX_OPTIONS);
      return result;
    }
    authorizationId = auth.authorizationId;
    hooks.authorized(authorizationId);
  }

  const trial = main.trial;
  const autoRenewFor = (p: PricedQuote) =>
    (paid || trial) && paymentMethodId !== null && isRenewablePlan(p.plan) ? (req.autoRenew ?? true) : false;
  let committed: Committed;
  try {
    committed = await commitPurchase(ctx, {
      req,
      cart,
      contractIds: contracts,
      paymentMethodId: paid ? paymentMethodId : null,
      licensePaymentMethodId: paid || trial ? paymentMethodId : null,
      paymentKey,
      authorizationId,
      autoRenew: cart.lines.map((l) => autoRenewFor(l.priced)),
      userId: user.id,
      owned,
    });
  } catch (e) {
    if (e instanceof TrialAlreadyUsedError) {
      // A trial charges nothing now (no authorization): the refusal is the key's result.
      if (authorizationId) await provider.void(authorizationId);
      const result = failure(
        CheckoutErrorCode.TRIAL_ALREADY_USED,
        `Your organization already had a free trial of ${module.name} (one per organization and module).`,
        'startTrial',
      );
      await ctx.prisma.$transaction((tx) => completeIdempotencyKey(tx, owned, asJson(storedErrors(result))), TX_OPTIONS);
      return result;
    }
    if (!(e instanceof LineRefusedError)) throw e;
    // A line was refused at the commit (the whole cart rolled back): release the hold, charge nothing.
    if (authorizationId) await provider.void(authorizationId);
    const result = failure(e.code, e.message, e.field);
    await ctx.prisma.$transaction(async (tx) => {
      await completeIdempotencyKey(tx, owned, asJson(storedErrors(result)));
      if (!paid) return;
      const payment = await tx.payment.create({
        data: {
          orgId: req.orgId,
          provider: provider.name,
          idempotencyKey: paymentKey,
          amount: cart.total,
          currency: cart.currency,
          status: 'failed',
          failureCode: `authorization_voided:${e.failureCode}`,
          paymentMethodId,
          createdAt: at,
        },
      });
      await audit(tx, ctx, {
        action: 'payment_voided',
        entityType: 'payment',
        entityId: payment.id,
        orgId: req.orgId,
        newValue: { reason: e.code, field: e.field },
      });
    }, TX_OPTIONS);
    return result;
  }

  if (authorizationId) {
    let chargeId: string;
    try {
      ({ chargeId } = await provider.capture(authorizationId));
    } catch (e) {
      // The purchase is committed; an unreachable database (or provider store) is settled later by
      // a replay or the reconciliation job. A refused capture undoes the purchase.
      if (isDatabaseUnavailable(e)) throw e;
      (ctx.logger ?? rootLogger()).error({ err: e, purchaseId: committed.purchase.id }, 'payment capture failed; undoing the purchase');
      const result = failure(
        CheckoutErrorCode.PAYMENT_FAILED,
        'The payment could not be completed. Nothing was charged.',
        'paymentMethodId',
      );
      await undoUncapturedPurchase(ctx, committed, { keyId: owned.id, response: asJson(storedErrors(result)) });
      await provider.void(authorizationId);
      return result;
    }
    await ctx.prisma.payment.update({ where: { id: committed.paymentId! }, data: { providerChargeId: chargeId } });
  }
  return {
    kind: 'success',
    replayed: false,
    purchase: committed.purchase,
    license: committed.license,
    invoice: committed.invoice,
    lines: committed.lines.slice(1),
  };
}

interface CommitInput {
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

interface Committed {
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

async function commitPurchase(ctx: Context, input: CommitInput): Promise<Committed> {
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
  if (trial) {
    // One trial per org and module, ever: the unique key decides between concurrent starts.
    const inserted = await tx.$executeRaw`
      INSERT INTO module_trials (org_id, module_id, license_id, started_at, ends_at)
      VALUES (${req.orgId}, ${module.id}, ${license.id}, ${at}, ${trial.endsAt})
      ON CONFLICT (org_id, module_id) DO NOTHING`;
    if (inserted !== 1) throw new TrialAlreadyUsedError();
  } else {
    // Paid periods only: a trial is not a period (the first charge starts the first one).
    await tx.licensePeriod.create({ data: { licenseId: license.id, startsAt: at, expiresAt, purchaseId: purchase.id } });
  }
  await tx.licenseStatusHistory.create({
    data: {
      licenseId: license.id,
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

const lineLabels = (p: PricedQuote) => ({
  moduleName: p.module.name,
  planName: p.trial ? `${p.plan.name} (${p.trial.days}-day free trial)` : p.plan.name,
  ...discountLabels(p),
});

async function writePurchase(tx: Prisma.TransactionClient, ctx: Context, input: CommitInput): Promise<Committed> {
  const { req, cart, paymentMethodId, userId } = input;
  const provider = paymentsOf(ctx.services);
  const at = cart.lines[0]!.priced.at;

  // A dependency line must still be unlicensed at the commit: concurrent carts of the org that buy
  // the same dependency are serialized here (locks in module order: no deadlock), and the later one
  // is refused instead of buying a second license.
  const depLines = cart.lines
    .map((l, i) => ({ l, i }))
    .slice(1)
    .sort((a, b) => a.l.priced.module.id - b.l.priced.module.id);
  for (const { l } of depLines) {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`wk:cart-license:${req.orgId}:${l.priced.module.id}`}))) AS l`;
    if ((await heldLicenses(tx, req.orgId, l.priced.module.id, at)).length > 0) {
      throw new LineRefusedError(
        CheckoutErrorCode.DEPENDENCY_ALREADY_LICENSED,
        `Your organization has just got a ${l.priced.module.name} license: remove this line. Nothing was charged.`,
        `${l.fieldPrefix}moduleId`,
        'dependency_already_licensed',
      );
    }
  }

  const lines: CartLineOutcome[] = [];
  const head = await writeLine(tx, ctx, input, 0, null);
  lines.push(head);
  for (let i = 1; i < cart.lines.length; i++) lines.push(await writeLine(tx, ctx, input, i, head.purchase.id));

  let paymentId: number | null = null;
  if (paymentMethodId) {
    // One payment for the whole cart, attached to the head purchase.
    const payment = await tx.payment.create({
      data: {
        orgId: req.orgId,
        provider: provider.name,
        providerChargeId: null,
        providerAuthorizationId: input.authorizationId,
        idempotencyKey: input.paymentKey,
        amount: cart.total,
        currency: cart.currency,
        status: 'succeeded',
        paymentMethodId,
        purchaseId: head.purchase.id,
        createdAt: at,
      },
    });
    paymentId = payment.id;
  }
  const main = cart.lines[0]!.priced;
  const invoice = await createInvoice(tx, {
    orgId: req.orgId,
    purchaseId: head.purchase.id,
    issuedAt: at,
    quote: main.quote,
    labels: lineLabels(main),
    parts: cart.lines.map((l) => ({ quote: l.priced.quote, labels: lineLabels(l.priced) })),
  });
  for (const [i, { purchase, license }] of lines.entries()) {
    const { module, plan, quote, trial } = cart.lines[i]!.priced;
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
        couponId: cart.lines[i]!.priced.coupon ? quote.couponId : null,
        vendorPromotionId: cart.lines[i]!.priced.promotion ? quote.couponId : null,
        discountFundedBy: quote.discountFundedBy ?? null,
        licenseId: license.id,
        invoice: invoice.number,
        contractId: input.contractIds[i] ?? null,
        trialEndsAt: trial?.endsAt ?? null,
        ...(lines.length > 1 ? { cartPurchaseId: head.purchase.id, cartTotal: cart.total } : {}),
      },
    });
    await notify(tx, [{ userId }], {
      type: 'purchase_completed',
      title: trial ? `Free trial started: ${module.name}` : `Purchase completed: ${module.name}`,
      message: trial
        ? `${module.name} — ${plan.name}: ${trial.days}-day free trial, nothing charged today. Then ${formatMoney({ amount: trial.then.total, currency: trial.then.currency })} on ${trial.endsAt.toISOString().slice(0, 10)} unless you cancel before. License ${license.licenseKey}.`
        : `${module.name} — ${plan.name}: ${formatMoney({ amount: quote.total, currency: quote.currency })}${quote.reverseCharge ? ' (VAT reverse charge)' : ''}. License ${license.licenseKey}, receipt ${invoice.number}.`,
      relatedEntityType: 'license',
      relatedEntityId: license.id,
      at,
    });
  }
  // Last, so the hot coupon rows stay locked for as short a time as possible; the UPDATE is the
  // authority on max_uses (the quote's check may be stale under concurrent checkouts). A coupon on
  // several lines counts one use per line; coupons are locked in id order (no deadlock).
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
    if (used !== 1) {
      throw new LineRefusedError(
        CheckoutErrorCode.COUPON_EXHAUSTED,
        'This coupon has just reached its maximum number of uses. Nothing was charged.',
        u.field,
        'coupon_exhausted',
      );
    }
  }
  // Vendor promotions (vendor-funded codes): one use per line, counted under their own rules.
  const promotionUses: number[] = [];
  for (const l of cart.lines) {
    const promo = l.priced.promotion;
    if (!promo || l.priced.quote.couponId === null) continue;
    if (!(await countPromotionUse(tx, promo.id, at))) {
      throw new LineRefusedError(
        CheckoutErrorCode.COUPON_EXHAUSTED,
        'This coupon has just reached its maximum number of uses. Nothing was charged.',
        `${l.fieldPrefix}couponCode`,
        'coupon_exhausted',
      );
    }
    promotionUses.push(promo.id);
  }
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

/** Compensation when the capture fails after the commit (never with the sandbox): every line is undone. */
async function undoUncapturedPurchase(ctx: Context, c: Committed, key: { keyId: number; response: Prisma.InputJsonValue }) {
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

export { REVERSE_CHARGE_NOTE };
