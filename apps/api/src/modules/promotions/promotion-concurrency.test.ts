import { useTestApp } from '../../test/harness';
import { buy, ERP, ERP_CONTRACT, PLAN, sandbox, TECHSTART } from '../checkout/test-support/checkout-fixtures';

// 20 parallel HTTP purchases queue on one promotion row: minutes on a loaded machine (no timing asserted).
jest.setTimeout(240_000);
describe('concurrent checkouts with a limited vendor coupon', () => {
  const t = useTestApp({ poolSize: 20 });

  it('20 parallel purchases with a vendor coupon limited to 4 uses: exactly 4 succeed, the rest COUPON_EXHAUSTED, no charge kept', async () => {
    const promotion = await t.prisma.vendorPromotion.create({
      data: { vendorId: 2, kind: 'coupon', code: `VRACE${Date.now()}`, discountType: 'fixed', discountValue: '50.00', maxUses: 4 },
    });
    const keptBefore = (await sandbox(t).keptCharges()).length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        buy(t, 'tom@techstart.test', {
          orgId: TECHSTART,
          moduleId: ERP,
          planId: PLAN.erpCustom,
          days: 1,
          acceptContractId: ERP_CONTRACT,
          couponCode: promotion.code.toLowerCase(),
        }),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ok = results.filter((r) => r.data!.purchaseCreate.errors.length === 0);
    const refused = results.filter((r) => r.data!.purchaseCreate.errors.length > 0);
    expect(ok).toHaveLength(4);
    for (const r of refused)
      expect(r.data!.purchaseCreate.errors).toEqual([expect.objectContaining({ code: 'COUPON_EXHAUSTED', field: 'couponCode' })]);
    // 450.00 − 50.00 = 400.00 (TechStart is reverse-charged: tax 0.00).
    for (const r of ok) expect(r.data!.purchaseCreate.purchase.total).toEqual({ amount: '400.00', currency: 'USD' });
    expect((await t.prisma.vendorPromotion.findUniqueOrThrow({ where: { id: promotion.id } })).timesUsed).toBe(4);
    const rows = await t.prisma.purchase.findMany({ where: { vendorPromotionId: promotion.id } });
    expect(rows).toHaveLength(4);
    // Commission 30 % × 400.00 = 120.00; vendor 280.00.
    expect(rows.every((p) => p.commissionAmount.toFixed(2) === '120.00' && p.vendorAmount.toFixed(2) === '280.00')).toBe(true);
    const kept = (await sandbox(t).keptCharges()).slice(keptBefore);
    expect(kept).toHaveLength(4);
    expect(await sandbox(t).openHolds()).toEqual([]);
  });
});
