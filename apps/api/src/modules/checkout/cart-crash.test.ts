import { useTestApp } from '../../test/harness';
import type { ApiProcess } from '../../test/processes';
import { CART_PURCHASE, cartInput, newCartOrg, newKey } from './test-support/checkout-fixtures';
import { twoProcessCrash, type FrozenEvent } from './test-support/crash-fixtures';

/**
 * kill -9 of a real API process in the middle of a dependency cart (same proof as
 * checkout-crash.test.ts for the single purchase: the cart runs through the same machinery). A
 * trigger in the test's own database makes one statement wait on an advisory lock the test holds;
 * the process is killed while it waits, and the buyer's retry goes to a second process.
 */
jest.setTimeout(300_000);
describe('kill -9 of an API process during a dependency cart', () => {
  const t = useTestApp();
  const crash = twoProcessCrash(t, 4343);
  const { keyRow, paymentKeyOf, sandboxRecords, waitLeaseExpired } = crash;
  const cookie = () => crash.cookie;

  const cartKilledAt = (api: ApiProcess, table: string, event: FrozenEvent, input: Record<string, unknown>) =>
    crash.killedAt(api, table, event, CART_PURCHASE, input);

  it('killed between the payment authorization and the licenses: nothing committed; the same-key retry takes over with the same hold — one cart of two lines, one charge of the grand total', async () => {
    const org = await newCartOrg(t);
    const key = newKey();
    const input = cartInput({ orgId: org, idempotencyKey: key });
    await cartKilledAt(crash.a, 'module_licenses', 'INSERT', input);

    const k = await keyRow(key);
    expect(k.status).toBe('in_progress');
    expect(await t.prisma.purchase.count({ where: { orgId: org } })).toBe(0);
    expect(await t.prisma.license.count({ where: { orgId: org } })).toBe(0);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'authorized' })]);

    await waitLeaseExpired(key);
    const retry = await crash.b.gql(CART_PURCHASE, { input }, { cookie: cookie() });
    expect(retry.errors).toBeUndefined();
    const p = retry.data!.purchaseCreate;
    expect(p.errors).toEqual([]);
    expect(p.lines.map((l: { module: { name: string } }) => l.module.name)).toEqual(['Custom ERP', 'CRM Pro']);
    expect(await t.prisma.license.count({ where: { orgId: org } })).toBe(2);
    const records = await sandboxRecords(paymentKeyOf(k));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ state: 'captured' });
    // 4500.00 + VAT 900.00 + 49.00 + VAT 9.80
    expect(records[0]!.amount.toFixed(2)).toBe('5458.80');
    expect(await t.prisma.payment.count({ where: { orgId: org } })).toBe(1);
  });

  it('killed after the commit, before the capture: the retry returns both lines (replayed) and captures the one hold once', async () => {
    await crash.restartA();
    const org = await newCartOrg(t);
    const key = newKey();
    const input = cartInput({ orgId: org, idempotencyKey: key });
    await cartKilledAt(crash.a, 'sandbox_payment_records', 'UPDATE', input);

    const k = await keyRow(key);
    expect(k.status).toBe('completed');
    const head = await t.prisma.purchase.findUniqueOrThrow({ where: { idempotencyKeyId: k.id }, include: { cartLines: true } });
    expect(head.cartLines).toHaveLength(1);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'authorized', chargeId: null })]);

    const retry = await crash.b.gql(CART_PURCHASE, { input }, { cookie: cookie() });
    const p = retry.data!.purchaseCreate;
    expect(p).toMatchObject({ replayed: true, errors: [] });
    expect(p.lines.map((l: { id: number }) => l.id)).toEqual([head.id, head.cartLines[0]!.id]);
    expect(p.licenses).toHaveLength(2);
    const records = await sandboxRecords(paymentKeyOf(k));
    expect(records).toEqual([expect.objectContaining({ state: 'captured' })]);
    const again = await crash.b.gql(CART_PURCHASE, { input }, { cookie: cookie() });
    expect(again.data!.purchaseCreate.lines).toHaveLength(2);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'captured', chargeId: records[0]!.chargeId })]);
  });
});
