import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { generatePayouts } from '../payouts/payout.service';
import { ACME, buyOk, PLAN, protocolCode, sandbox } from '../checkout/test-support/checkout-fixtures';

const at = (iso: string) => new Date(iso);
const REFUND = `mutation($input: AdminRefundCreateInput!) { adminRefundCreate(input: $input) {
  errors { code field message } creditNote { number receiptNumber amount { amount currency } isFull reason licenseId } } }`;
const ADMIN = 'admin@webkernel.com';

/** Refunds by platform admins (issue 13). */
describe('admin refunds', () => {
  const clock = new FixedClock(at('2026-03-10T10:00:00Z'));
  const t = useTestApp({ clock });
  beforeEach(() => clock.set(at('2026-03-10T10:00:00Z')));
  // Acme without its tax id: 49.00 + 20 % GB VAT = 58.80. CRM Pro's vendor (official) takes 0 % commission.
  beforeAll(() => t.prisma.organization.update({ where: { id: ACME }, data: { taxId: null } }));

  const bought = async () => {
    const r = await buyOk(t, 'alice@acme.test', { planId: PLAN.crmMonthly }); // 49.00 + 20 % VAT = 58.80
    return {
      license: r.license,
      invoiceId: r.receipt.id as number,
      receipt: r.receipt.number as string,
      purchaseId: r.purchase.id as number,
    };
  };
  const refund = (input: Record<string, unknown>, as = ADMIN) => t.gql(REFUND, { input }, { as });

  it('a full refund: credit note CN-<year>-<6 digits> through the provider, license revoked, purchase refunded, audit row, org and vendor notified', async () => {
    const b = await bought();
    const before = sandbox(t).ledger.length;
    const r = (await refund({ invoiceId: b.invoiceId, reason: 'Customer bought by mistake' })).data!.adminRefundCreate;
    expect(r.errors).toEqual([]);
    expect(r.creditNote).toEqual({
      number: expect.stringMatching(/^CN-2026-\d{6}$/),
      receiptNumber: b.receipt,
      amount: { amount: '58.80', currency: 'USD' },
      isFull: true,
      reason: 'Customer bought by mistake',
      licenseId: b.license.id,
    });
    const refunds = sandbox(t)
      .ledger.slice(before)
      .filter((o) => o.kind === 'refund');
    expect(refunds).toEqual([expect.objectContaining({ kind: 'refund', amount: '58.80' })]);
    const license = await t.prisma.license.findUniqueOrThrow({
      where: { id: b.license.id },
      include: { statusHistory: { orderBy: { id: 'asc' } } },
    });
    expect(license).toMatchObject({ status: 'revoked', autoRenew: false });
    expect(license.statusHistory.at(-1)).toMatchObject({
      oldStatus: 'active',
      newStatus: 'revoked',
      reason: `Refunded in full (${r.creditNote.number}): Customer bought by mistake`,
    });
    expect((await t.prisma.purchase.findUniqueOrThrow({ where: { id: b.purchaseId } })).status).toBe('refunded');
    const auditRow = await t.prisma.auditLog.findFirstOrThrow({
      where: { actionType: 'refund', entityType: 'credit_note' },
      orderBy: { id: 'desc' },
    });
    expect(auditRow).toMatchObject({ orgId: ACME, userId: await t.userId(ADMIN) });
    expect(auditRow.newValue).toMatchObject({
      number: r.creditNote.number,
      amount: '58.80',
      isFull: true,
      vendorAdjustment: '-49.00',
      licenseRevoked: true,
    });
    const notes = await t.prisma.notification.findMany({ where: { type: 'refund_issued', title: { contains: r.creditNote.number } } });
    expect(notes.map((n) => n.recipientUserId)).toContain(await t.userId('alice@acme.test'));
    const vendorNotes = await t.prisma.notification.findMany({
      where: { type: 'refund_issued', title: { startsWith: 'Refund on CRM Pro' } },
    });
    expect(vendorNotes.length).toBeGreaterThan(0);
    // The license page shows it revoked, with the credit note.
    const view = await t.gqlOk(
      `query($id: Int!) { license(id: $id) { status creditNotes { number amount { amount } } receipts { number creditNotes { number } refundableAmount } } }`,
      { id: b.license.id },
      { as: 'alice@acme.test' },
    );
    expect(view.license.status).toBe('revoked');
    expect(view.license.creditNotes).toEqual([{ number: r.creditNote.number, amount: { amount: '58.80' } }]);
    expect(view.license.receipts[0]).toEqual({
      number: b.receipt,
      creditNotes: [{ number: r.creditNote.number }],
      refundableAmount: '0.00',
    });
  });

  it('partial refunds: numbered gaplessly, the license stays until the last cent is refunded; vendor shares add up exactly', async () => {
    const b = await bought();
    const first = (await refund({ invoiceId: b.invoiceId, amount: '20.00', reason: 'Goodwill' })).data!.adminRefundCreate.creditNote;
    expect(first).toMatchObject({ amount: { amount: '20.00' }, isFull: false });
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: b.license.id } })).status).toBe('active');
    const second = (await refund({ invoiceId: b.invoiceId, reason: 'Rest of it' })).data!.adminRefundCreate.creditNote;
    expect(second).toMatchObject({ amount: { amount: '38.80' }, isFull: true });
    const seq = (n: string) => Number(n.split('-')[2]);
    expect(seq(second.number)).toBe(seq(first.number) + 1);
    const rows = await t.prisma.creditNote.findMany({ where: { invoiceId: b.invoiceId } });
    const cents = (v: { toFixed(n: number): string }) => Math.round(Number(v.toFixed(2)) * 100);
    expect(rows.reduce((s, c) => s + cents(c.vendorAdjustment), 0)).toBe(-4900);
    expect(rows.reduce((s, c) => s + cents(c.commissionAdjustment), 0)).toBe(0);
    // 20.00 of 58.80 takes back round(49.00 × 20/58.80) = 16.67 from the vendor; the rest 32.33.
    expect(rows.map((c) => c.vendorAdjustment.toFixed(2))).toEqual(['-16.67', '-32.33']);
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: b.license.id } })).status).toBe('revoked');
    // Gapless over the whole year: 1..n with no hole.
    const all = (await t.prisma.creditNote.findMany({ select: { number: true } })).map((c) => seq(c.number)).sort((a, z) => a - z);
    expect(all).toEqual(all.map((_, i) => i + 1));
  });

  it('refuses: amounts out of range, a second full refund, a receipt without a charge, no reason', async () => {
    const b = await bought();
    const codes = async (input: Record<string, unknown>) =>
      (await refund({ invoiceId: b.invoiceId, reason: 'x x x', ...input })).data!.adminRefundCreate.errors.map(
        (e: any) => `${e.code}:${e.field}`,
      );
    for (const amount of ['0', '-5.00', '58.81', '1.234', 'ten']) expect(await codes({ amount })).toEqual(['REFUND_AMOUNT_INVALID:amount']);
    expect(await codes({ reason: ' ' })).toEqual(['REASON_REQUIRED:reason']);
    await refund({ invoiceId: b.invoiceId, reason: 'full' });
    expect(await codes({})).toEqual(['ALREADY_REFUNDED:invoiceId']);
    // A free trial's $0 receipt has nothing to refund.
    await t.prisma.pricingPlan.update({ where: { id: PLAN.crmMonthly }, data: { trialDays: 7 } });
    const trial = await buyOk(t, 'tom@techstart.test', { orgId: 102, paymentMethodId: 'pm_456def', startTrial: true });
    await t.prisma.pricingPlan.update({ where: { id: PLAN.crmMonthly }, data: { trialDays: 0 } });
    const r = (await refund({ invoiceId: trial.receipt.id, reason: 'nothing' })).data!.adminRefundCreate;
    expect(r.errors.map((e: any) => e.code)).toEqual(['NOT_REFUNDABLE']);
    expect(await t.prisma.creditNote.count({ where: { invoiceId: trial.receipt.id } })).toBe(0);
  });

  it('only platform admins: an org admin is FORBIDDEN, anonymous UNAUTHENTICATED; an unknown receipt NOT_FOUND', async () => {
    const b = await bought();
    expect(protocolCode(await refund({ invoiceId: b.invoiceId, reason: 'mine' }, 'alice@acme.test'))).toBe('FORBIDDEN');
    expect(protocolCode(await t.gql(REFUND, { input: { invoiceId: b.invoiceId, reason: 'anon' } }))).toBe('UNAUTHENTICATED');
    expect(protocolCode(await refund({ invoiceId: 99_999_999, reason: 'none' }))).toBe('NOT_FOUND');
    expect(await t.prisma.creditNote.count({ where: { invoiceId: b.invoiceId } })).toBe(0);
  });

  it('vendor payouts: a pending month is adjusted in place; a month already paid gets a negative line in the next payout', async () => {
    const ctx = await t.ctxAs(ADMIN);
    const payoutOf = async (year: number, month: number) => {
      const r = await generatePayouts(ctx, year, month);
      const p = [...r.created, ...r.updated, ...r.unchangedPaid].find((x) => x.vendorId === 1 && x.currency === 'USD');
      return (
        p ??
        (await t.prisma.vendorPayout.findFirst({
          where: { vendorId: 1, currency: 'USD', periodStart: new Date(Date.UTC(year, month - 1, 1)) },
        }))
      );
    };
    const vendorOfCrm = (await t.prisma.module.findUniqueOrThrow({ where: { id: 1 } })).vendorId;
    expect(vendorOfCrm).toBe(1);

    // January sale, January payout generated and still pending → the refund adjusts January.
    clock.set(at('2026-01-20T10:00:00Z'));
    const jan = await bought();
    clock.set(at('2026-02-02T10:00:00Z'));
    const janBefore = await payoutOf(2026, 1);
    const r1 = (await refund({ invoiceId: jan.invoiceId, reason: 'pending month' })).data!.adminRefundCreate;
    expect(r1.errors).toEqual([]);
    const janAfter = await t.prisma.vendorPayout.findUniqueOrThrow({ where: { id: janBefore!.id } });
    expect(Number(janAfter.payoutAmount.toFixed(2)) * 100 - Number(janBefore!.payoutAmount.toFixed(2)) * 100).toBeCloseTo(-4900, 5);
    expect(janAfter.salesCount).toBe(janBefore!.salesCount);

    // February sale, February payout paid; the refund in March lands in March's payout as a negative line.
    clock.set(at('2026-02-20T10:00:00Z'));
    const feb = await bought();
    clock.set(at('2026-03-02T10:00:00Z'));
    const febPayout = await payoutOf(2026, 2);
    await t.prisma.vendorPayout.update({
      where: { id: febPayout!.id },
      data: { status: 'paid', paidAt: clock.now(), paymentReference: 'WIRE-1' },
    });
    clock.set(at('2026-03-05T10:00:00Z'));
    const r2 = (await refund({ invoiceId: feb.invoiceId, reason: 'paid month' })).data!.adminRefundCreate;
    expect(r2.errors).toEqual([]);
    const note = await t.prisma.creditNote.findUniqueOrThrow({ where: { number: r2.creditNote.number } });
    expect(note.payoutPeriodStart).toEqual(at('2026-03-01T00:00:00Z'));
    expect((await t.prisma.vendorPayout.findUniqueOrThrow({ where: { id: febPayout!.id } })).payoutAmount.toFixed(2)).toBe(
      febPayout!.payoutAmount.toFixed(2),
    );
    clock.set(at('2026-04-02T10:00:00Z'));
    const march = await payoutOf(2026, 3);
    const marchSales = await t.prisma.purchase.findMany({
      where: { vendorId: 1, purchasedAt: { gte: at('2026-03-01T00:00:00Z'), lt: at('2026-04-01T00:00:00Z') }, kind: { not: 'trial' } },
    });
    const salesCents = marchSales.reduce((s, p) => s + Math.round(Number(p.vendorAmount.toFixed(2)) * 100), 0);
    const renewalsCents = (
      await t.prisma.subscriptionRenewal.findMany({
        where: {
          status: 'active',
          renewedAt: { gte: at('2026-03-01T00:00:00Z'), lt: at('2026-04-01T00:00:00Z') },
          invoice: { isNot: null },
          license: { module: { vendorId: 1 } },
        },
      })
    ).reduce((s, r) => s + Math.round(Number(r.vendorAmount.toFixed(2)) * 100), 0);
    const adjustCents = (
      await t.prisma.creditNote.findMany({ where: { vendorId: 1, payoutPeriodStart: at('2026-03-01T00:00:00Z') } })
    ).reduce((s, c) => s + Math.round(Number(c.vendorAdjustment.toFixed(2)) * 100), 0);
    expect(adjustCents).toBeLessThanOrEqual(-4900);
    expect(Math.round(Number(march!.payoutAmount.toFixed(2)) * 100)).toBe(salesCents + renewalsCents + adjustCents);
    // The vendor sees the negative line in its sales list.
    const sales = await t.gqlOk(
      `query { vendorSales(vendorId: 1, first: 50) { edges { node { kind net { amount } } } } }`,
      {},
      { as: ADMIN },
    );
    expect(sales.vendorSales.edges.map((e: any) => e.node)).toContainEqual({ kind: 'refund', net: { amount: '-49.00' } });
  });
});
