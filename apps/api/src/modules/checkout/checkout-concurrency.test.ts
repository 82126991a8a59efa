import { useTestApp } from '../../test/harness';
import { buy, newKey, sandbox } from './test-support/checkout-fixtures';

/**
 * Concurrency proofs against the real PostgreSQL (PRODUCT.md: max_uses never exceeded; one
 * purchase per idempotency key). The requests go through HTTP in parallel, as browsers would.
 */
// 50 and 20 parallel HTTP purchases queue on one coupon row and one pool: on a shared, loaded machine
// that takes minutes, not seconds (nothing here asserts a duration).
jest.setTimeout(240_000);
describe('concurrent checkouts', () => {
  const t = useTestApp({ poolSize: 20 });

  it('50 parallel purchases with a coupon limited to 10 uses: exactly 10 succeed, the rest COUPON_EXHAUSTED with no charge kept and no license', async () => {
    const coupon = await t.prisma.coupon.create({
      data: { code: `RACE10${Date.now()}`, discountType: 'percentage', discountValue: '10.00', maxUses: 10, appliesToModuleId: 1 },
    });
    const licensesBefore = await t.prisma.license.count();
    const keptBefore = (await sandbox(t).keptCharges()).length;
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => buy(t, 'alice@acme.test', { couponCode: coupon.code.toLowerCase() })),
    );
    const elapsed = Date.now() - started;

    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ok = results.filter((r) => r.data!.purchaseCreate.errors.length === 0);
    const refused = results.filter((r) => r.data!.purchaseCreate.errors.length > 0);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused)
      expect(r.data!.purchaseCreate.errors).toEqual([expect.objectContaining({ code: 'COUPON_EXHAUSTED', field: 'couponCode' })]);
    for (const r of ok)
      expect(r.data!.purchaseCreate.purchase).toMatchObject({
        discount: { amount: '4.90' },
        total: { amount: '44.10' },
        couponCode: coupon.code,
      });

    expect((await t.prisma.coupon.findUniqueOrThrow({ where: { id: coupon.id } })).timesUsed).toBe(10);
    expect(await t.prisma.purchase.count({ where: { couponId: coupon.id } })).toBe(10);
    expect(await t.prisma.license.count()).toBe(licensesBefore + 10);
    const kept = (await sandbox(t).keptCharges()).slice(keptBefore);
    expect(kept).toHaveLength(10);
    expect(kept.every((c) => c.amount === '44.10')).toBe(true);
    expect(await sandbox(t).openHolds()).toEqual([]);
    expect(await t.prisma.payment.count({ where: { status: 'succeeded', purchase: { couponId: coupon.id } } })).toBe(10);

    // Receipts: one per purchase, numbers unique and gapless.
    const numbers = ok.map((r) => r.data!.purchaseCreate.receipt.number as string).sort();
    expect(new Set(numbers).size).toBe(10);
    const seqs = numbers.map((n) => Number(n.split('-')[2]));
    expect(seqs[9]! - seqs[0]!).toBe(9);
    console.log(`[measure] 50 concurrent purchases (10 coupon uses) in ${elapsed} ms`);
  });

  it('20 parallel calls with one idempotency key: exactly 1 purchase, 1 license, 1 charge, and all 20 get that result', async () => {
    const key = newKey();
    const purchasesBefore = await t.prisma.purchase.count();
    const licensesBefore = await t.prisma.license.count();
    const ledgerBefore = sandbox(t).ledger.length;
    const results = await Promise.all(Array.from({ length: 20 }, () => buy(t, 'alice@acme.test', { idempotencyKey: key })));

    expect(results.every((r) => r.errors === undefined && r.data!.purchaseCreate.errors.length === 0)).toBe(true);
    const purchaseIds = new Set(results.map((r) => r.data!.purchaseCreate.purchase.id));
    const licenseKeys = new Set(results.map((r) => r.data!.purchaseCreate.license.licenseKey));
    expect(purchaseIds.size).toBe(1);
    expect(licenseKeys.size).toBe(1);
    expect(results.filter((r) => r.data!.purchaseCreate.replayed === false)).toHaveLength(1);
    expect(await t.prisma.purchase.count()).toBe(purchasesBefore + 1);
    expect(await t.prisma.license.count()).toBe(licensesBefore + 1);
    const ops = sandbox(t).ledger.slice(ledgerBefore);
    expect(ops.filter((o) => o.kind === 'authorize')).toHaveLength(1);
    expect(ops.filter((o) => o.kind === 'capture')).toHaveLength(1);
    expect(await t.prisma.idempotencyKey.count({ where: { key } })).toBe(1);
  });
});
