import { createPrismaClient } from '@wk/db';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runMonthlyPayouts } from '../../jobs/payouts.job';
import { runRenewals } from '../../jobs/renewals.job';
import { ACME, buyOk, protocolCode, TECHSTART } from '../checkout/test-support/checkout-fixtures';

const GENERATE = `mutation($y: Int!, $m: Int!) { payoutsGenerate(input: { year: $y, month: $m }) {
  errors { code field message } createdCount updatedCount
  payouts { id vendorId vendorName month currency salesCount totalSales { amount } commission { amount } payout { amount } status } } }`;
const MARK_PAID = `mutation($id: Int!, $ref: String!) { payoutMarkPaid(input: { payoutId: $id, paymentReference: $ref }) {
  errors { code field } payout { id status paymentReference paidAt } } }`;
const SALES = `query($v: Int!, $first: Int, $after: String) { vendorSales(vendorId: $v, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { kind soldAt moduleName planName buyerName gross { amount } commission { amount } net { amount } } } } }`;
const REVENUE = `query($v: Int!, $n: Int!) { vendorRevenue(vendorId: $v, months: $n) { month currency salesCount gross { amount } commission { amount } net { amount } } }`;

const at = (iso: string) => new Date(iso);

describe('vendor payouts for a month (exact to the cent)', () => {
  const clock = new FixedClock(at('2026-02-10T09:00:00Z'));
  const t = useTestApp({ clock });
  const deps = () => ({ prisma: t.prisma, config: t.config, clock, services: t.services });

  beforeAll(async () => {
    // The seed's auto-renew licenses (1 and 3, lapsed in 2025/2026) would renew too; keep this month's figures ours.
    await t.prisma.license.updateMany({ where: { id: { in: [1, 3] } }, data: { autoRenew: false } });
    // February: a CRM Monthly that renews on March 10 (a renewal is a sale of that month).
    await buyOk(t, 'alice@acme.test');
    // John Doe's commission drops to 25 % from March 20.
    await t.prisma.commissionHistory.update({ where: { id: 2 }, data: { effectiveTo: at('2026-03-20T00:00:00Z') } });
    await t.prisma.commissionHistory.create({
      data: { vendorId: 3, effectiveFrom: at('2026-03-20T00:00:00Z'), commissionRate: '0.2500', changedById: 5 },
    });
    const micro = await t.prisma.pricingPlan.create({
      data: { moduleId: 3, planType: 'subscription', name: 'Micro', priceAmount: '10.05', billingCycle: 'monthly' },
    });
    const coupon = await t.prisma.coupon.create({
      data: { code: 'ERP50', discountType: 'fixed', discountValue: '50.00', appliesToModuleId: 2 },
    });

    clock.set(at('2026-03-05T10:00:00Z'));
    await buyOk(t, 'alice@acme.test', { moduleId: 3, planId: 6, acceptContractId: null }); // 99.00 at 30 %
    clock.set(at('2026-03-10T12:00:00Z'));
    expect((await runRenewals(deps())).renewed).toBe(1); // CRM 49.00 renewal, vendor 1 at 0 %
    await buyOk(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: 2,
      planId: 4,
      days: 3,
      couponCode: coupon.code,
      paymentMethodId: 'pm_456def',
      acceptContractId: 2,
    }); // 1350.00 − 50 coupon
    clock.set(at('2026-03-16T08:00:00Z'));
    await buyOk(t, 'alice@acme.test', { moduleId: 3, planId: micro.id, acceptContractId: null }); // 10.05 → 3.015 → 3.02
    clock.set(at('2026-03-31T23:59:59Z'));
    await buyOk(t, 'alice@acme.test', { moduleId: 3, planId: 6, acceptContractId: null }); // 99.00 at 25 %
    clock.set(at('2026-04-01T00:00:00Z'));
    await buyOk(t, 'alice@acme.test', { moduleId: 3, planId: 6, acceptContractId: null }); // April: not in March
    clock.set(at('2026-04-02T09:00:00Z'));
  });

  it('payoutsGenerate builds one payout per vendor: total sales, commission, payout', async () => {
    const r = await t.gqlOk(GENERATE, { y: 2026, m: 3 }, { as: 'admin@webkernel.com' });
    expect(r.payoutsGenerate.errors).toEqual([]);
    expect(r.payoutsGenerate.createdCount).toBe(3);
    const figures = r.payoutsGenerate.payouts.map((p: any) => [
      p.vendorName,
      p.month,
      p.salesCount,
      p.totalSales.amount,
      p.commission.amount,
      p.payout.amount,
      p.status,
    ]);
    expect(figures).toEqual([
      ['Webkernel Labs', '2026-03', 1, '49.00', '0.00', '49.00', 'pending'],
      // Platform coupons are platform-funded: DevShop is paid on the 1350.00 subtotal.
      ['DevShop Solutions', '2026-03', 1, '1350.00', '405.00', '945.00', 'pending'],
      // 99.00 @30 % + 10.05 @30 % (3.015 → 3.02) + 99.00 @25 %.
      ['John Doe', '2026-03', 3, '208.05', '57.47', '150.58', 'pending'],
    ]);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { entityType: 'vendor_payout', actionType: 'generate' } });
    expect(audit.userId).toBe(5);
  });

  it('is idempotent: generating again creates and changes nothing; the monthly job agrees, even two at once', async () => {
    const again = await t.gqlOk(GENERATE, { y: 2026, m: 3 }, { as: 'admin@webkernel.com' });
    expect(again.payoutsGenerate).toMatchObject({ createdCount: 0, updatedCount: 0 });
    expect(again.payoutsGenerate.payouts).toHaveLength(3);
    const other = createPrismaClient(t.databaseUrl, { max: 3 });
    try {
      clock.set(at('2026-04-01T03:00:00Z'));
      const [a, b] = await Promise.all([runMonthlyPayouts(deps()), runMonthlyPayouts({ ...deps(), prisma: other })]);
      expect(a.created + b.created).toBe(0);
      clock.set(at('2026-04-02T09:00:00Z'));
    } finally {
      await other.$disconnect();
    }
    expect(await t.prisma.vendorPayout.count({ where: { periodStart: at('2026-03-01T00:00:00Z') } })).toBe(3);
  });

  it('the job and two concurrent runs create each payout once for a month without any', async () => {
    const other = createPrismaClient(t.databaseUrl, { max: 3 });
    try {
      clock.set(at('2026-05-01T03:00:00Z'));
      const [a, b] = await Promise.all([runMonthlyPayouts(deps()), runMonthlyPayouts({ ...deps(), prisma: other })]);
      expect(a.created + b.created).toBe(1); // April: one John Doe sale
      clock.set(at('2026-04-02T09:00:00Z'));
    } finally {
      await other.$disconnect();
    }
    const april = await t.prisma.vendorPayout.findMany({ where: { periodStart: at('2026-04-01T00:00:00Z') } });
    expect(april.map((p) => [p.vendorId, p.totalSales.toFixed(2), p.commissionAmount.toFixed(2), p.payoutAmount.toFixed(2)])).toEqual([
      [3, '99.00', '24.75', '74.25'],
    ]);
  });

  it('refuses a month that has not ended, and invalid months', async () => {
    const r = await t.gqlOk(GENERATE, { y: 2026, m: 4 }, { as: 'admin@webkernel.com' });
    expect(r.payoutsGenerate.errors).toEqual([expect.objectContaining({ code: 'PERIOD_NOT_ENDED', field: 'month' })]);
    const bad = await t.gqlOk(GENERATE, { y: 2026, m: 13 }, { as: 'admin@webkernel.com' });
    expect(bad.payoutsGenerate.errors).toEqual([expect.objectContaining({ code: 'INVALID_PERIOD', field: 'month' })]);
  });

  it('payoutMarkPaid records the reference, notifies the vendor (payout_paid), and never pays twice', async () => {
    const john = await t.prisma.vendorPayout.findFirstOrThrow({ where: { vendorId: 3, periodStart: at('2026-03-01T00:00:00Z') } });
    const short = await t.gqlOk(MARK_PAID, { id: john.id, ref: ' ' }, { as: 'admin@webkernel.com' });
    expect(short.payoutMarkPaid.errors).toEqual([expect.objectContaining({ code: 'REFERENCE_REQUIRED', field: 'paymentReference' })]);
    const r = await t.gqlOk(MARK_PAID, { id: john.id, ref: 'SEPA-2026-03-JD' }, { as: 'admin@webkernel.com' });
    expect(r.payoutMarkPaid).toMatchObject({ errors: [], payout: { status: 'paid', paymentReference: 'SEPA-2026-03-JD' } });
    const note = await t.prisma.notification.findFirstOrThrow({ where: { type: 'payout_paid', relatedEntityId: john.id } });
    expect(note).toMatchObject({ recipientUserId: 87, title: 'Payout for 2026-03 paid' });
    expect(note.message).toContain('$150.58');
    const twice = await t.gqlOk(MARK_PAID, { id: john.id, ref: 'AGAIN-1' }, { as: 'admin@webkernel.com' });
    expect(twice.payoutMarkPaid.errors).toEqual([expect.objectContaining({ code: 'PAYOUT_ALREADY_PAID' })]);
    // DevShop belongs to Acme: its admins (alice) hear about it.
    const devshop = await t.prisma.vendorPayout.findFirstOrThrow({ where: { vendorId: 2, periodStart: at('2026-03-01T00:00:00Z') } });
    await t.gqlOk(MARK_PAID, { id: devshop.id, ref: 'SEPA-2026-03-DS' }, { as: 'admin@webkernel.com' });
    expect(
      (await t.prisma.notification.findFirstOrThrow({ where: { type: 'payout_paid', relatedEntityId: devshop.id } })).recipientUserId,
    ).toBe(42);
  });

  it('paid payouts are never recomputed', async () => {
    // A late-recorded sale of March.
    await t.prisma.purchase.create({
      data: {
        moduleId: 3,
        vendorId: 3,
        pricingPlanId: 6,
        orgId: ACME,
        purchasedById: 42,
        subtotalAmount: '99.00',
        totalAmount: '99.00',
        commissionRate: '0.25',
        commissionAmount: '24.75',
        vendorAmount: '74.25',
        purchasedAt: at('2026-03-20T00:00:00Z'),
      },
    });
    const r = await t.gqlOk(GENERATE, { y: 2026, m: 3 }, { as: 'admin@webkernel.com' });
    const john = r.payoutsGenerate.payouts.find((p: any) => p.vendorId === 3);
    expect(john).toMatchObject({ status: 'paid', payout: { amount: '150.58' } });
  });

  it('adminPayouts lists and filters', async () => {
    const Q = `query($f: AdminPayoutsFilter) { adminPayouts(filter: $f) { totalCount edges { node { vendorId month status } } } }`;
    const paid = await t.gqlOk(Q, { f: { status: 'paid' } }, { as: 'admin@webkernel.com' });
    expect(paid.adminPayouts.edges.map((e: any) => e.node.month).sort()).toEqual(['2025-01', '2026-03', '2026-03']);
    const march = await t.gqlOk(Q, { f: { year: 2026, month: 3 } }, { as: 'admin@webkernel.com' });
    expect(march.adminPayouts.totalCount).toBe(3);
  });

  it.each(['alice@acme.test', 'tom@techstart.test', 'viewer@acme.test', 'dev@acme.test', 'john@johndoe.test'])(
    '%s may not generate, list or pay payouts',
    async (as) => {
      expect(protocolCode(await t.gql(GENERATE, { y: 2026, m: 3 }, { as }))).toBe('FORBIDDEN');
      expect(protocolCode(await t.gql(MARK_PAID, { id: 1, ref: 'X-123' }, { as }))).toBe('FORBIDDEN');
      expect(protocolCode(await t.gql(`{ adminPayouts { totalCount } }`, {}, { as }))).toBe('FORBIDDEN');
    },
  );

  it('vendorSales: the vendor sees its sales (purchases and renewals) with gross, commission and net', async () => {
    const r = await t.gqlOk(SALES, { v: 3, first: 2 }, { as: 'john@johndoe.test' });
    expect(r.vendorSales.totalCount).toBe(5);
    expect(r.vendorSales.edges.map((e: any) => [e.node.soldAt, e.node.gross.amount, e.node.commission.amount, e.node.net.amount])).toEqual([
      ['2026-04-01T00:00:00.000Z', '99.00', '24.75', '74.25'],
      ['2026-03-31T23:59:59.000Z', '99.00', '24.75', '74.25'],
    ]);
    expect(r.vendorSales.edges[0].node).toMatchObject({
      kind: 'purchase',
      moduleName: 'Analytics Pro',
      planName: 'Pro Tier',
      buyerName: 'Acme Corp',
    });
    const rest = await t.gqlOk(SALES, { v: 3, first: 10, after: r.vendorSales.pageInfo.endCursor }, { as: 'john@johndoe.test' });
    expect(rest.vendorSales.edges).toHaveLength(3);
    const crm = await t.gqlOk(SALES, { v: 1 }, { as: 'admin@webkernel.com' });
    expect(crm.vendorSales.edges.some((e: any) => e.node.kind === 'renewal' && e.node.gross.amount === '49.00')).toBe(true);
  });

  it('vendorRevenue: months with gross, commission and net (zero months included)', async () => {
    const r = await t.gqlOk(REVENUE, { v: 3, n: 3 }, { as: 'john@johndoe.test' });
    expect(r.vendorRevenue.map((m: any) => [m.month, m.salesCount, m.gross.amount, m.commission.amount, m.net.amount])).toEqual([
      ['2026-02', 0, '0.00', '0.00', '0.00'],
      ['2026-03', 4, '307.05', '82.22', '224.83'],
      ['2026-04', 1, '99.00', '24.75', '74.25'],
    ]);
  });

  it.each([
    ['alice (DevShop) on John Doe', 'alice@acme.test', 3],
    ['john on DevShop', 'john@johndoe.test', 2],
    ['the Acme viewer on DevShop', 'viewer@acme.test', 2],
    ['tom on the official vendor', 'tom@techstart.test', 1],
  ])('%s → NOT_FOUND', async (_l, as, v) => {
    expect(protocolCode(await t.gql(SALES, { v }, { as }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(REVENUE, { v, n: 3 }, { as }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(`query($v: Int!) { vendorPayouts(vendorId: $v) { totalCount } }`, { v }, { as }))).toBe('NOT_FOUND');
  });

  it('vendorPayouts: a vendor sees its own payouts', async () => {
    const r = await t.gqlOk(
      `query($v: Int!) { vendorPayouts(vendorId: $v) { totalCount edges { node { month payout { amount } status paymentReference } } } }`,
      { v: 2 },
      { as: 'alice@acme.test' },
    );
    expect(r.vendorPayouts.edges.map((e: any) => [e.node.month, e.node.payout.amount, e.node.status])).toEqual([
      ['2026-03', '945.00', 'paid'],
      ['2025-02', '3150.00', 'pending'],
    ]);
  });
});
