import { Client } from 'pg';
import { useTestApp } from '../../test/harness';
import { startApiProcess, stopAllProcesses, type ApiProcess } from '../../test/processes';
import { newKey } from './test-support/checkout-fixtures';
import { CART_PURCHASE, cartInput, newCartOrg } from './test-support/cart-fixtures';

/**
 * kill -9 of a real API process in the middle of a dependency cart (same proof as
 * checkout-crash.test.ts for the single purchase: the cart runs through the same machinery). A
 * trigger in the test's own database makes one statement wait on an advisory lock the test holds;
 * the process is killed while it waits, and the buyer's retry goes to a second process.
 */
jest.setTimeout(300_000);
describe('kill -9 of an API process during a dependency cart', () => {
  const t = useTestApp();
  let a: ApiProcess;
  let b: ApiProcess;
  let cookie: string;
  const LEASE = { IDEMPOTENCY_LEASE_SECONDS: '1' };

  beforeAll(async () => {
    [a, b] = await Promise.all([startApiProcess(t.databaseUrl, { env: LEASE }), startApiProcess(t.databaseUrl, { env: LEASE })]);
    cookie = await t.sessionCookie('alice@acme.test');
  });
  afterAll(async () => {
    await stopAllProcesses();
  });

  const LOCK = 4343;
  async function freeze(table: string, event: 'INSERT' | 'UPDATE') {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    await c.query(`SELECT pg_advisory_lock(${LOCK})`);
    await c.query(`CREATE OR REPLACE FUNCTION wk_test_freeze_cart() RETURNS trigger AS $$
      BEGIN PERFORM pg_advisory_xact_lock(${LOCK}); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await c.query(`CREATE TRIGGER wk_test_freeze_cart BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION wk_test_freeze_cart()`);
    return {
      async blockedBackend(): Promise<number> {
        for (;;) {
          const r = await c.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [LOCK]);
          if (r.rows[0]) return r.rows[0].pid as number;
          await new Promise((res) => setTimeout(res, 20));
        }
      },
      async thaw(pid: number) {
        await c.query('SELECT pg_terminate_backend($1)', [pid]);
        await c.query(`DROP TRIGGER wk_test_freeze_cart ON ${table}`);
        await c.query(`SELECT pg_advisory_unlock(${LOCK})`);
        await c.end();
      },
    };
  }

  async function cartKilledAt(api: ApiProcess, table: string, event: 'INSERT' | 'UPDATE', input: Record<string, unknown>) {
    const frozen = await freeze(table, event);
    const request = api.gql(CART_PURCHASE, { input }, { cookie }).catch((e: Error) => e);
    const pid = await frozen.blockedBackend();
    await api.kill9();
    await frozen.thaw(pid);
    expect(await request).toHaveProperty('message', 'fetch failed');
  }

  const keyRow = (key: string) => t.prisma.idempotencyKey.findFirstOrThrow({ where: { key } });
  const paymentKeyOf = (k: { id: number; createdAt: Date }) => `purchase-${k.id}-${k.createdAt.getTime()}`;
  const sandboxRecords = (paymentKey: string) => t.prisma.sandboxPaymentRecord.findMany({ where: { idempotencyKey: paymentKey } });
  const waitLeaseExpired = async (key: string) => {
    for (;;) {
      const r = await t.prisma.$queryRaw<{ expired: boolean }[]>`
        SELECT lease_expires_at < clock_timestamp() AS expired FROM idempotency_keys WHERE key = ${key}`;
      if (r[0]?.expired) return;
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  it('killed between the payment authorization and the licenses: nothing committed; the same-key retry takes over with the same hold — one cart of two lines, one charge of the grand total', async () => {
    const org = await newCartOrg(t);
    const key = newKey();
    const input = cartInput({ orgId: org, idempotencyKey: key });
    await cartKilledAt(a, 'module_licenses', 'INSERT', input);

    const k = await keyRow(key);
    expect(k.status).toBe('in_progress');
    expect(await t.prisma.purchase.count({ where: { orgId: org } })).toBe(0);
    expect(await t.prisma.license.count({ where: { orgId: org } })).toBe(0);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'authorized' })]);

    await waitLeaseExpired(key);
    const retry = await b.gql(CART_PURCHASE, { input }, { cookie });
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
    a = await startApiProcess(t.databaseUrl, { env: LEASE });
    const org = await newCartOrg(t);
    const key = newKey();
    const input = cartInput({ orgId: org, idempotencyKey: key });
    await cartKilledAt(a, 'sandbox_payment_records', 'UPDATE', input);

    const k = await keyRow(key);
    expect(k.status).toBe('completed');
    const head = await t.prisma.purchase.findUniqueOrThrow({ where: { idempotencyKeyId: k.id }, include: { cartLines: true } });
    expect(head.cartLines).toHaveLength(1);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'authorized', chargeId: null })]);

    const retry = await b.gql(CART_PURCHASE, { input }, { cookie });
    const p = retry.data!.purchaseCreate;
    expect(p).toMatchObject({ replayed: true, errors: [] });
    expect(p.lines.map((l: { id: number }) => l.id)).toEqual([head.id, head.cartLines[0]!.id]);
    expect(p.licenses).toHaveLength(2);
    const records = await sandboxRecords(paymentKeyOf(k));
    expect(records).toEqual([expect.objectContaining({ state: 'captured' })]);
    const again = await b.gql(CART_PURCHASE, { input }, { cookie });
    expect(again.data!.purchaseCreate.lines).toHaveLength(2);
    expect(await sandboxRecords(paymentKeyOf(k))).toEqual([expect.objectContaining({ state: 'captured', chargeId: records[0]!.chargeId })]);
  });
});
