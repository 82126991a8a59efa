/**
 * The purchase: idempotency key, payment authorization, the purchase, license(s) and receipt
 * written in one transaction, capture after the commit, replay and recovery. Prices come from
 * quote.service.ts.
 */
import type { Invoice, License, Prisma, Purchase } from '@wk/db';
import { isZero, normalizeCouponCode, REVERSE_CHARGE_NOTE } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { requireOrgPermission, requireUser } from '../../core/access';
import { emailVerificationError } from '../auth';
import { UserError } from '../../core/errors';
import { isUsablePaymentMethod, paymentsOf } from '../payments';
import { heldLicenses, isRenewablePlan } from '../licenses';
import { CheckoutErrorCode } from './checkout.errors';
import { isDatabaseUnavailable } from '../../core/database-errors';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyLeaseLostError,
  releaseAfterFailure,
  releaseIdempotencyKey,
  requestHash,
  type OwnedKey,
} from './idempotency';
import { rootLogger } from '../../core/logger';
import { activeContract, priceCart, type PricedCart, type PricedQuote, type QuoteRequest } from './quote.service';
import {
  asJson,
  commitPurchase,
  LineRefusedError,
  TrialAlreadyUsedError,
  TX_OPTIONS,
  undoUncapturedPurchase,
  type Committed,
} from './purchase-writes';

type Db = Prisma.TransactionClient | Context['prisma'];

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

export type StoredResponse =
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
  const refuse = async (result: PurchaseOutcome) => {
    // Refused before any payment: nothing happened, the same key may be used again.
    await releaseIdempotencyKey(ctx.prisma, owned);
    return result;
  };
  const priced = await priceCart(ctx.prisma, ctx, req, at);
  if (!priced.ok) return refuse({ kind: 'errors', replayed: false, errors: priced.errors });
  const cart = priced.cart;
  const attempt: PaymentAttempt = {
    req,
    cart,
    at,
    paid: !isZero(cart.total),
    paymentMethodId: req.paymentMethodId?.trim() || null,
    paymentKey: purchasePaymentKey(owned),
    owned,
  };
  const { errors, contractIds } = await checkPurchase(ctx, attempt);
  if (errors.length) return refuse({ kind: 'errors', replayed: false, errors });

  const { paid, paymentMethodId } = attempt;
  let authorizationId: string | null = null;
  if (paid) {
    hooks.beforeAuthorize();
    const auth = await authorizeCart(ctx, attempt);
    if (typeof auth !== 'string') return auth;
    authorizationId = auth;
    hooks.authorized(authorizationId);
  }

  const trial = cart.lines[0]!.priced.trial;
  const autoRenewFor = (p: PricedQuote) =>
    (paid || trial) && paymentMethodId !== null && isRenewablePlan(p.plan) ? (req.autoRenew ?? true) : false;
  let committed: Committed;
  try {
    committed = await commitPurchase(ctx, {
      req,
      cart,
      contractIds,
      paymentMethodId: paid ? paymentMethodId : null,
      licensePaymentMethodId: paid || trial ? paymentMethodId : null,
      paymentKey: attempt.paymentKey,
      authorizationId,
      autoRenew: cart.lines.map((l) => autoRenewFor(l.priced)),
      userId: user.id,
      owned,
    });
  } catch (e) {
    return refusedAtCommit(ctx, attempt, authorizationId, e);
  }

  if (authorizationId) {
    const failed = await captureCart(ctx, committed, authorizationId, owned);
    if (failed) return failed;
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

/** One purchase attempt once the cart is priced: what the checks, the authorization and the refusals share. */
interface PaymentAttempt {
  req: PurchaseCreateRequest;
  cart: PricedCart;
  at: Date;
  /** The cart costs something now (a trial or a free plan does not). */
  paid: boolean;
  paymentMethodId: string | null;
  /** The provider idempotency key (purchasePaymentKey). */
  paymentKey: string;
  owned: OwnedKey;
}

/**
 * The checks before any payment, every failure reported at once, in this order: each line's
 * contract in force accepted, no license of the module held (unless confirmed), a usable payment
 * method for a trial's first charge or for a paid cart. Returns the contract accepted per line.
 */
async function checkPurchase(ctx: Context, attempt: PaymentAttempt): Promise<{ errors: UserError[]; contractIds: (number | null)[] }> {
  const { req, cart, at, paid, paymentMethodId } = attempt;
  const main = cart.lines[0]!.priced;
  const { errors, contractIds } = await contractChecks(ctx, cart, at);
  if (!req.confirmAdditionalLicense) {
    const held = await alreadyLicensed(ctx, req.orgId, main.module, at);
    if (held) errors.push(held);
  }
  if (main.trial) {
    // Nothing is charged now, but the first charge at the trial's end needs a method.
    const invalid = await paymentMethodError(ctx, req.orgId, paymentMethodId, 'Choose the payment method to charge when the trial ends.');
    if (invalid) errors.push(invalid);
  }
  if (paid) {
    const invalid = await paymentMethodError(ctx, req.orgId, paymentMethodId, 'Choose a payment method.');
    if (invalid) errors.push(invalid);
  }
  return { errors, contractIds };
}

/** Each line's contract in force (null: none) and an error per line whose contract was not accepted. */
async function contractChecks(ctx: Context, cart: PricedCart, at: Date): Promise<{ errors: UserError[]; contractIds: (number | null)[] }> {
  const errors: UserError[] = [];
  const contractIds: (number | null)[] = [];
  for (const line of cart.lines) {
    const contract = await activeContract(ctx.prisma, line.priced.module.id, at);
    contractIds.push(contract?.id ?? null);
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
  return { errors, contractIds };
}

/** ALREADY_LICENSED when the org holds an active license of the module (the first one is named). */
async function alreadyLicensed(ctx: Context, orgId: number, module: PricedQuote['module'], at: Date): Promise<UserError | null> {
  const held = await heldLicenses(ctx.prisma, orgId, module.id, at);
  if (held.length === 0) return null;
  const l = held[0]!;
  const until = l.expiresAt
    ? `${l.autoRenew && !l.cancelledAt ? 'renews' : 'ends'} ${l.expiresAt.toISOString().slice(0, 10)}`
    : 'no end date';
  return new UserError(
    CheckoutErrorCode.ALREADY_LICENSED,
    `Your organization already has an active ${module.name} license (${l.pricingPlan?.name ?? 'plan'}, ${until}). Manage it, or confirm that you want another license.`,
    'confirmAdditionalLicense',
  );
}

/** PAYMENT_METHOD_REQUIRED (with the given message) without a method, PAYMENT_METHOD_INVALID if the org may not use it. */
async function paymentMethodError(
  ctx: Context,
  orgId: number,
  paymentMethodId: string | null,
  requiredMessage: string,
): Promise<UserError | null> {
  if (!paymentMethodId) return new UserError(CheckoutErrorCode.PAYMENT_METHOD_REQUIRED, requiredMessage, 'paymentMethodId');
  if (!(await isUsablePaymentMethod(ctx.prisma, ctx.services, orgId, paymentMethodId))) {
    return new UserError(
      CheckoutErrorCode.PAYMENT_METHOD_INVALID,
      'This payment method cannot be used by this organization.',
      'paymentMethodId',
    );
  }
  return null;
}

/**
 * One authorization for the whole cart: every line is paid, or none is. Returns the authorization
 * id, or PAYMENT_DECLINED once the declined attempt (payment row, audit row) and the refusal (the
 * key's result) are written.
 */
async function authorizeCart(ctx: Context, attempt: PaymentAttempt): Promise<string | PurchaseOutcome> {
  const { req, cart, paymentMethodId, paymentKey, owned } = attempt;
  const { module, plan } = cart.lines[0]!.priced;
  const isCart = cart.lines.length > 1;
  const provider = paymentsOf(ctx.services);
  const description = isCart
    ? `${module.name} — ${plan.name} + ${cart.lines
        .slice(1)
        .map((l) => l.priced.module.name)
        .join(', ')}`
    : `${module.name} — ${plan.name}`;
  const auth = await provider.authorize({
    idempotencyKey: paymentKey,
    amount: cart.total,
    currency: cart.currency,
    paymentMethodId: paymentMethodId!,
    offSession: false,
    description,
  });
  if (auth.status !== 'declined') return auth.authorizationId;
  const result = failure(
    CheckoutErrorCode.PAYMENT_DECLINED,
    `Your payment was declined: ${auth.message.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase())}. Nothing was charged; try another payment method.`,
    'paymentMethodId',
  );
  await ctx.prisma.$transaction(async (tx) => {
    await completeIdempotencyKey(tx, owned, asJson(storedErrors(result)));
    const payment = await unchargedPayment(tx, ctx, attempt, 'declined', auth.code);
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

/** The payment row of an attempt that charged nothing: declined by the provider, or its hold voided at the commit. */
function unchargedPayment(
  tx: Prisma.TransactionClient,
  ctx: Context,
  { req, cart, at, paymentMethodId, paymentKey }: PaymentAttempt,
  status: 'declined' | 'failed',
  failureCode: string,
) {
  return tx.payment.create({
    data: {
      orgId: req.orgId,
      provider: paymentsOf(ctx.services).name,
      idempotencyKey: paymentKey,
      amount: cart.total,
      currency: cart.currency,
      status,
      failureCode,
      paymentMethodId,
      createdAt: at,
    },
  });
}

/**
 * The commit refused the purchase (a trial already used, a line refused: everything rolled back):
 * the hold is voided and the refusal becomes the key's result, with the voided payment recorded
 * for a paid cart. Any other failure is rethrown.
 */
async function refusedAtCommit(
  ctx: Context,
  attempt: PaymentAttempt,
  authorizationId: string | null,
  e: unknown,
): Promise<PurchaseOutcome> {
  const { req, cart, paid, owned } = attempt;
  const provider = paymentsOf(ctx.services);
  if (e instanceof TrialAlreadyUsedError) {
    // A trial charges nothing now (no authorization): the refusal is the key's result.
    if (authorizationId) await provider.void(authorizationId);
    const result = failure(
      CheckoutErrorCode.TRIAL_ALREADY_USED,
      `Your organization already had a free trial of ${cart.lines[0]!.priced.module.name} (one per organization and module).`,
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
    const payment = await unchargedPayment(tx, ctx, attempt, 'failed', `authorization_voided:${e.failureCode}`);
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

/**
 * Captures the committed purchase's hold and records the charge. The purchase is committed: an
 * unreachable database (or provider store) is settled later by a replay or the reconciliation
 * job; a refused capture undoes the purchase and returns PAYMENT_FAILED. Null when captured.
 */
async function captureCart(ctx: Context, committed: Committed, authorizationId: string, owned: OwnedKey): Promise<PurchaseOutcome | null> {
  const provider = paymentsOf(ctx.services);
  let chargeId: string;
  try {
    ({ chargeId } = await provider.capture(authorizationId));
  } catch (e) {
    if (isDatabaseUnavailable(e)) throw e;
    (ctx.logger ?? rootLogger()).error({ err: e, purchaseId: committed.purchase.id }, 'payment capture failed; undoing the purchase');
    const result = failure(CheckoutErrorCode.PAYMENT_FAILED, 'The payment could not be completed. Nothing was charged.', 'paymentMethodId');
    await undoUncapturedPurchase(ctx, committed, { keyId: owned.id, response: asJson(storedErrors(result)) });
    await provider.void(authorizationId);
    return result;
  }
  await ctx.prisma.payment.update({ where: { id: committed.paymentId! }, data: { providerChargeId: chargeId } });
  return null;
}

export { REVERSE_CHARGE_NOTE };
