import { audit } from '../core/audit';
import { committedPurchaseResponse, PURCHASE_OPERATION, purchasePaymentKey, settleUncapturedPayments } from '../modules/checkout';
import { completeIdempotencyKey, releaseIdempotencyKey, takeOverStaleKeys } from '../modules/checkout';
import { paymentsOf } from '../modules/payments';
import { jobContext, type JobDeps, type JobReport } from './job-context';

/**
 * Payment reconciliation (every 5 minutes, and at start). Finds and fixes what a crash or an
 * outage can leave between the provider and the database:
 * 1. purchase keys still `in_progress` long after their lease: if the purchase committed, the key
 *    gets its result (`keysCompleted`); otherwise the provider's hold under that key is voided
 *    (`holdsVoided`) or, if it was captured, refunded (`chargesRefunded`), and the key is released
 *    so the buyer can try again (`keysReleased`);
 * 2. committed purchases whose payment was never captured (the process died after the commit):
 *    captured now (`paymentsCaptured`);
 * 3. succeeded payments attached to no purchase and no renewal: reported (`unmatchedPayments`, logged
 *    with their ids) for a person to look at.
 * Safe with two workers: each key is taken over with a fencing token, captures are idempotent.
 */
export async function runPaymentReconciliation(deps: JobDeps, opts: { graceMs?: number } = {}): Promise<JobReport> {
  const ctx = jobContext(deps);
  // How long after a lease expired before the job acts: the buyer's own retry comes first.
  const graceMs = opts.graceMs ?? deps.config.paymentReconcileGraceMs;
  const provider = paymentsOf(deps.services);
  const report = { keysCompleted: 0, holdsVoided: 0, chargesRefunded: 0, keysReleased: 0, paymentsCaptured: 0, unmatchedPayments: 0 };

  for (const key of await takeOverStaleKeys(deps.prisma, PURCHASE_OPERATION, graceMs, { leaseMs: deps.config.idempotencyLeaseMs })) {
    const committed = await committedPurchaseResponse(deps.prisma, key.id);
    if (committed) {
      await deps.prisma.$transaction(async (tx) => {
        await completeIdempotencyKey(tx, key, committed);
        await audit(tx, ctx, {
          action: 'idempotency_reconciled',
          entityType: 'idempotency_key',
          entityId: key.id,
          orgId: key.orgId,
          newValue: committed,
        });
      });
      report.keysCompleted++;
      continue;
    }
    const state = await provider.lookup(purchasePaymentKey(key));
    let outcome: 'none' | 'voided' | 'refunded' = 'none';
    if (state?.state === 'authorized') {
      await provider.void(state.authorizationId);
      outcome = 'voided';
      report.holdsVoided++;
    } else if (state?.state === 'captured' && state.chargeId) {
      await provider.refund(state.chargeId);
      outcome = 'refunded';
      report.chargesRefunded++;
    }
    await deps.prisma.$transaction(async (tx) => {
      await releaseIdempotencyKey(tx, key);
      await audit(tx, ctx, {
        action: 'idempotency_reconciled',
        entityType: 'idempotency_key',
        entityId: key.id,
        orgId: key.orgId,
        newValue: { purchase: null, payment: outcome, authorizationId: state?.authorizationId ?? null, amount: state?.amount ?? null },
      });
    });
    report.keysReleased++;
  }

  report.paymentsCaptured = await settleUncapturedPayments(ctx, { olderThan: new Date(deps.clock.now().getTime() - graceMs) });

  const unmatched = await deps.prisma.payment.findMany({
    where: { status: 'succeeded', purchaseId: null, renewalId: null },
    select: { id: true, orgId: true, amount: true, currency: true },
    take: 100,
  });
  report.unmatchedPayments = unmatched.length;
  if (unmatched.length)
    console.error(
      `[payments-reconcile] succeeded payments without a purchase or renewal (check them): ${unmatched
        .map((p) => `#${p.id} org ${p.orgId} ${p.amount.toFixed(2)} ${p.currency}`)
        .join(', ')}`,
    );
  return report;
}
