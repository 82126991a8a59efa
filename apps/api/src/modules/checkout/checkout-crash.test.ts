import { useTestApp } from '../../test/harness';
import type { ApiProcess } from '../../test/processes';
import { runPaymentReconciliation } from '../../jobs/payments-reconcile.job';
import { buyInput, newKey, PURCHASE_CREATE } from './test-support/checkout-fixtures';
import { twoProcessCrash, type FrozenEvent } from './test-support/crash-fixtures';

/**
 * kill -9 of a real API process in the middle of a purchase (issue 10, item 1). Two API processes
 * run on one database, as two replicas behind a load balancer; the first is killed with SIGKILL at
 * a precise point, the buyer's retry goes to the second.
 *
 * The point is reached without any hook in the product: the test installs a trigger in its own
 * database that makes one statement wait on an advisory lock the test holds (the capture's UPDATE
 * of the sandbox provider's record, or the purchase INSERT inside the commit). When the API's
 * connection is seen waiting on that lock, the process is killed, the waiting backend is
 * terminated (so the statement never runs), and the trigger is removed.
 */

// Several real processes per test on a shared machine: minutes, not seconds.
jest.setTimeout(300_000);
describe('kill -9 of an API process during a purchase', () => {
  const t = useTestApp();
  const crash = twoProcessCrash(t, 4242);
  const { keyRow, paymentKeyOf, sandboxRecords, waitLeaseExpired } = crash;
  const cookie = () => crash.cookie;

  /** Sends a purchase to `api` and kills the process once it is frozen at the trigger. */
  const purchaseKilledAt = (api: ApiProcess, table: string, event: FrozenEvent, key: string) =>
    crash.killedAt(api, table, event, PURCHASE_CREATE, buyInput({ idempotencyKey: key }));

  it('killed after the commit, before the capture: the key already holds the result; a same-key retry on the other replica returns the purchase and captures the one hold', async () => {
    const key = newKey();
    await purchaseKilledAt(crash.a, 'sandbox_payment_records', 'UPDATE', key);

    // The purchase and the key's result committed together.
    const k = await keyRow(key);
    expect(k.status).toBe('completed');
    const purchase = await t.prisma.purchase.findUniqueOrThrow({ where: { idempotencyKeyId: k.id } });
    expect(purchase.status).toBe('completed');
    expect((k.response as { purchaseId: number }).purchaseId).toBe(purchase.id);
    const [hold] = await sandboxRecords(paymentKeyOf(k));
    expect(hold).toMatchObject({ kind: 'authorize', state: 'authorized', chargeId: null });

    const retry = await crash.b.gql(PURCHASE_CREATE, { input: buyInput({ idempotencyKey: key }) }, { cookie: cookie() });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.purchaseCreate).toMatchObject({ replayed: true, errors: [], purchase: { id: purchase.id, status: 'completed' } });

    const records = await sandboxRecords(paymentKeyOf(k));
    expect(records).toHaveLength(1); // one authorization: nothing charged twice
    expect(records[0]).toMatchObject({ state: 'captured', amount: expect.anything() });
    expect(records[0]!.amount.toFixed(2)).toBe('49.00');
    const payments = await t.prisma.payment.findMany({ where: { purchaseId: purchase.id } });
    expect(payments).toHaveLength(1);
    expect(payments[0]!.providerChargeId).toBe(records[0]!.chargeId);
    expect(await t.prisma.purchase.count({ where: { idempotencyKeyId: k.id } })).toBe(1);
    expect(await t.prisma.license.count({ where: { purchaseId: purchase.id } })).toBe(1);

    // Again: the same purchase, still one capture.
    const again = await crash.b.gql(PURCHASE_CREATE, { input: buyInput({ idempotencyKey: key }) }, { cookie: cookie() });
    expect(again.data!.purchaseCreate.purchase.id).toBe(purchase.id);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'captured', chargeId: records[0]!.chargeId })]);
  });

  it('killed inside the commit (after the authorization): once the lease expires, a same-key retry takes over with the same hold — one purchase, one charge', async () => {
    await crash.restartA();
    const key = newKey();
    await purchaseKilledAt(crash.a, 'module_purchases', 'INSERT', key);

    const k = await keyRow(key);
    expect(k.status).toBe('in_progress');
    expect(await t.prisma.purchase.count({ where: { idempotencyKeyId: k.id } })).toBe(0);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'authorized' })]);

    await waitLeaseExpired(key);
    const retry = await crash.b.gql(PURCHASE_CREATE, { input: buyInput({ idempotencyKey: key }) }, { cookie: cookie() });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.purchaseCreate.errors).toEqual([]);
    const purchaseId = retry.data!.purchaseCreate.purchase.id;

    const after = await keyRow(key);
    expect(after).toMatchObject({ id: k.id, status: 'completed' }); // taken over in place: same row, same provider key
    expect(await t.prisma.purchase.count({ where: { idempotencyKeyId: k.id } })).toBe(1);
    const records = await sandboxRecords(paymentKeyOf(k));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ state: 'captured' });
    const payment = await t.prisma.payment.findFirstOrThrow({ where: { purchaseId } });
    expect(payment.providerChargeId).toBe(records[0]!.chargeId);
    expect(payment.providerAuthorizationId).toBe(records[0]!.id);
  });

  it('nobody comes back: the reconciliation job voids the stranded hold and releases the key; after a commit without capture it captures', async () => {
    await crash.restartA();
    const deps = { prisma: t.prisma, config: t.config, clock: t.clock, services: t.services };

    // 1. Killed inside the commit: a hold only the provider knows about.
    const stranded = newKey();
    await purchaseKilledAt(crash.a, 'module_purchases', 'INSERT', stranded);
    const k = await keyRow(stranded);
    await waitLeaseExpired(stranded);

    // 2. Killed after the commit, before the capture.
    await crash.restartA();
    const uncaptured = newKey();
    await purchaseKilledAt(crash.a, 'sandbox_payment_records', 'UPDATE', uncaptured);
    const k2 = await keyRow(uncaptured);

    const report = await runPaymentReconciliation(deps, { graceMs: 0 });
    expect(report).toMatchObject({ holdsVoided: 1, keysReleased: 1, chargesRefunded: 0, paymentsCaptured: 1, unmatchedPayments: 0 });
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'voided' })]);
    expect(await t.prisma.idempotencyKey.count({ where: { key: stranded } })).toBe(0);
    expect(await sandboxRecords(paymentKeyOf(k2))).toEqual([expect.objectContaining({ state: 'captured' })]);
    const audits = await t.prisma.auditLog.findMany({ where: { actionType: 'idempotency_reconciled', entityId: String(k.id) } });
    expect(audits).toHaveLength(1);

    // The buyer can now use the key again: a fresh attempt, charged once.
    const retry = await crash.b.gql(PURCHASE_CREATE, { input: buyInput({ idempotencyKey: stranded }) }, { cookie: cookie() });
    expect(retry.data!.purchaseCreate).toMatchObject({ replayed: false, errors: [] });
    const k3 = await keyRow(stranded);
    expect(k3.id).not.toBe(k.id);
    expect(await sandboxRecords(paymentKeyOf(k3))).toEqual([expect.objectContaining({ state: 'captured' })]);

    // Nothing left to do.
    expect(await runPaymentReconciliation(deps, { graceMs: 0 })).toMatchObject({ holdsVoided: 0, keysReleased: 0, paymentsCaptured: 0 });
  });
});
