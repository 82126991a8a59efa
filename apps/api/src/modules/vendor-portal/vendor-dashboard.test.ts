import { addAmounts, monthlyRecurringRevenue, sumAmounts } from '@wk/domain';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { ACME, buyOk, PLAN, protocolCode, TECHSTART } from '../checkout/test-support/checkout-fixtures';

const DASHBOARD = `query($v: Int!) { vendorDashboard(vendorId: $v) {
  vendorId month previousMonth activeLicenses activeSubscriptions installs openReviews reviewCount
  revenue { currency grossThisMonth { amount currency } grossLastMonth { amount } netThisMonth { amount } netLastMonth { amount }
            salesThisMonth salesLastMonth mrr { amount currency } } } }`;
const SALES = `query($v: Int!) { vendorSales(vendorId: $v, first: 100) { totalCount edges { node { id recordId kind soldAt gross { amount } } } } }`;
const REVENUE = `query($v: Int!) { vendorRevenue(vendorId: $v, months: 2) { month salesCount gross { amount } } }`;

const at = (iso: string) => new Date(iso);
const ADMIN = 'admin@webkernel.com'; // runs the official vendor 1 (CRM Pro)

describe('vendor dashboard: true figures from the live data', () => {
  const clock = new FixedClock(at('2026-11-20T10:00:00Z'));
  const t = useTestApp({ clock });

  it('revenue this month vs last, MRR, active licenses, installs and open reviews', async () => {
    const before = (await t.gqlOk(DASHBOARD, { v: 1 }, { as: ADMIN })).vendorDashboard;
    // November: one CRM Monthly (49.00) for Acme.
    await buyOk(t, 'alice@acme.test', { planId: PLAN.crmMonthly });
    clock.set(at('2026-12-03T09:00:00Z'));
    // December: CRM Annual (490.00) for TechStart, and a lifetime licence (999.00, not recurring) for Acme.
    await buyOk(t, 'tom@techstart.test', { orgId: TECHSTART, planId: PLAN.crmAnnual, paymentMethodId: 'pm_456def' });
    await buyOk(t, 'alice@acme.test', { orgId: ACME, planId: PLAN.crmLifetime });

    const d = (await t.gqlOk(DASHBOARD, { v: 1 }, { as: ADMIN })).vendorDashboard;
    expect(d).toMatchObject({ vendorId: 1, month: '2026-12', previousMonth: '2026-11' });
    const usd = d.revenue.find((r: any) => r.currency === 'USD');
    // Official vendor: 0 % commission, so net = gross.
    expect(usd).toMatchObject({
      grossThisMonth: { amount: '1489.00', currency: 'USD' },
      grossLastMonth: { amount: '49.00' },
      netThisMonth: { amount: '1489.00' },
      netLastMonth: { amount: '49.00' },
      salesThisMonth: 2,
      salesLastMonth: 1,
    });
    // The three new licenses are active; the monthly and annual ones renew: 49.00 + 490.00 / 12 = 49.00 + 40.83.
    expect(d.activeLicenses).toBe(before.activeLicenses + 3);
    expect(d.activeSubscriptions).toBe(before.activeSubscriptions + 2);
    const beforeMrr = before.revenue.find((r: any) => r.currency === 'USD')?.mrr.amount ?? '0.00';
    expect(usd.mrr.amount).toBe(
      addAmounts(
        beforeMrr,
        monthlyRecurringRevenue([
          { amount: '49.00', cycle: 'monthly' },
          { amount: '490.00', cycle: 'yearly' },
        ]),
      ),
    );
    expect(addAmounts(beforeMrr, '89.83')).toBe(usd.mrr.amount);

    // The dashboard agrees with the Sales page's chart for the same months.
    const rev = (await t.gqlOk(REVENUE, { v: 1 }, { as: ADMIN })).vendorRevenue;
    expect(rev.map((m: any) => [m.month, m.salesCount, m.gross.amount])).toEqual([
      ['2026-11', 1, '49.00'],
      ['2026-12', 2, '1489.00'],
    ]);

    // Installs: active activations of the vendor's modules, counted in the database.
    const installs = await t.prisma.instanceModule.count({ where: { isActive: true, module: { vendorId: 1 } } });
    expect(d.installs).toBe(installs);
    await t.prisma.instanceModule.updateMany({ where: { isActive: true, module: { vendorId: 1 } }, data: { isActive: false } });
    expect((await t.gqlOk(DASHBOARD, { v: 1 }, { as: ADMIN })).vendorDashboard.installs).toBe(0);

    // Reviews: CRM Pro has the seed's two reviews, neither answered.
    expect(d.reviewCount).toBe(2);
    expect(d.openReviews).toBe(2);
    await t.prisma.moduleReview.update({ where: { id: 1 }, data: { vendorReply: 'Thank you!', vendorReplyAt: clock.now() } });
    expect((await t.gqlOk(DASHBOARD, { v: 1 }, { as: ADMIN })).vendorDashboard.openReviews).toBe(1);
  });

  it.each([
    ['alice (DevShop) on the official vendor', 'alice@acme.test', 1],
    ['john on DevShop', 'john@johndoe.test', 2],
    ['the Acme developer on DevShop', 'dev@acme.test', 2],
    ['tom on John Doe', 'tom@techstart.test', 3],
  ])('%s → NOT_FOUND', async (_l, as, v) => {
    expect(protocolCode(await t.gql(DASHBOARD, { v }, { as }))).toBe('NOT_FOUND');
  });

  it('anonymous → UNAUTHENTICATED', async () => {
    expect(protocolCode(await t.gql(DASHBOARD, { v: 1 }))).toBe('UNAUTHENTICATED');
  });

  it('sales have globally unique ids: a purchase and a renewal with the same numeric id are two sales with two ids', async () => {
    clock.set(at('2026-12-03T11:00:00Z')); // sessions from the first test (Nov 20) last 14 days
    const { purchase, license } = await buyOk(t, 'alice@acme.test', { planId: PLAN.crmAnnual });
    // A renewal of that license whose numeric id equals the purchase's (ids are per table).
    const renewal = await t.prisma.subscriptionRenewal.create({
      data: {
        id: purchase.id,
        licenseId: license.id,
        renewedAt: at('2026-12-03T12:00:00Z'),
        periodStart: at('2027-12-03T11:00:00Z'),
        currency: 'USD',
        amount: '490.00',
        totalAmount: '490.00',
        commissionAmount: '0.00',
        vendorAmount: '490.00',
        status: 'active',
      },
    });
    await t.prisma.invoice.create({
      data: {
        number: 'INV-2026-990001',
        orgId: ACME,
        renewalId: renewal.id,
        currency: 'USD',
        lines: [],
        subtotalAmount: '490.00',
        discountAmount: '0.00',
        taxAmount: '0.00',
        totalAmount: '490.00',
        billingName: 'Acme Corp',
        billingCountry: 'GB',
      },
    });
    clock.set(at('2026-12-03T13:00:00Z'));
    const sales = (await t.gqlOk(SALES, { v: 1 }, { as: ADMIN })).vendorSales.edges.map((e: any) => e.node);
    const same = sales.filter((s: any) => s.recordId === purchase.id);
    expect(same.map((s: any) => [s.kind, s.id])).toEqual([
      ['renewal', `renewal:${purchase.id}`],
      ['purchase', `purchase:${purchase.id}`],
    ]);
    expect(new Set(sales.map((s: any) => s.id)).size).toBe(sales.length);
    // Table and chart agree: December's rows add up to December's gross, to the cent.
    const december = (await t.gqlOk(REVENUE, { v: 1 }, { as: ADMIN })).vendorRevenue.find((m: any) => m.month === '2026-12');
    const rows = sales.filter((s: any) => s.soldAt.startsWith('2026-12'));
    expect(rows.length).toBe(december.salesCount);
    expect(sumAmounts(rows.map((s: any) => s.gross.amount))).toBe(december.gross.amount);
    expect(rows.filter((s: any) => s.recordId === purchase.id).map((s: any) => s.gross.amount)).toEqual(['490.00', '490.00']);
  });
});
