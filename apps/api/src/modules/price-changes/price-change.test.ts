import { createPrismaClient } from '@wk/db';
import { addAmounts, mulRate } from '@wk/domain';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { buyOk, CRM, CRM_CONTRACT, PURCHASE_QUOTE, TECHSTART, newKey } from '../checkout/test-support/checkout-fixtures';
import { runRenewals } from '../../jobs/renewals.job';
import { runPriceChangeNotices } from '../../jobs/price-change-notices.job';
import { runExpiryNotices } from '../../jobs/expiry-notices.job';

/**
 * Issue 18 "Price-change protection" (README "Price changes"): a vendor's new price applies to new
 * purchases at once; subscriptions already on the plan renew at their old price for 90 days after a
 * raise (a drop applies at once); orgs are told 30 days before a raised price first reaches them;
 * the license shows the next renewal's price and why. Driven by the injected clock.
 */
const at = (iso: string) => new Date(iso);
const clock = new FixedClock(at('2026-10-01T00:00:00Z'));
const t = useTestApp({ clock });
const deps = () => ({ prisma: t.prisma, config: t.config, clock, services: t.services });
// The harness's sessions last a real day; this file's clock runs years ahead, so they are kept valid.
beforeEach(() => keepSignedIn());
const keepSignedIn = () => t.prisma.session.updateMany({ data: { expiresAt: new Date('2100-01-01T00:00:00Z') } });

const VENDOR = 'admin@webkernel.com'; // CRM Pro is Webkernel Labs' (official): platform admins run it
const BUYER = 'tom@techstart.test'; // TechStart admin (bills from FR)

const PLAN_FIELDS =
  'id price { amount currency } priceChanges { id oldPrice { amount currency } newPrice { amount } changedAt changedByName protectedUntil }';
const CREATE = `mutation($input: PricingPlanCreateInput!) { pricingPlanCreate(input: $input) { plan { ${PLAN_FIELDS} } errors { code field message } } }`;
const UPDATE = `mutation($input: PricingPlanUpdateInput!) { pricingPlanUpdate(input: $input) { plan { ${PLAN_FIELDS} } errors { code field message } } }`;
const LICENSE = `query($id: Int!) { license(id: $id) { id nextRenewalPrice {
  renewsAt price { amount currency } planPrice { amount } planName reason protectedUntil thenPrice { amount } priceChangedAt explanation } } }`;

/** A monthly CRM Pro plan of its own for each test (the file's tests share one database). */
async function newPlan(price: string, billingCycle = 'monthly'): Promise<number> {
  await keepSignedIn();
  const r = await t.gqlOk(
    CREATE,
    { input: { moduleId: CRM, planType: 'subscription', name: `Team ${newKey().slice(-6)}`, price, currency: 'USD', billingCycle } },
    { as: VENDOR },
  );
  expect(r.pricingPlanCreate.errors).toEqual([]);
  return r.pricingPlanCreate.plan.id;
}
const setPrice = async (planId: number, price: string, as = VENDOR) => {
  await keepSignedIn();
  return t.gql(UPDATE, { input: { planId, price } }, { as }).then((r) => r.data?.pricingPlanUpdate ?? r);
};
const buy = async (planId: number) => {
  await keepSignedIn();
  return buyOk(t, BUYER, {
    orgId: TECHSTART,
    moduleId: CRM,
    planId,
    acceptContractId: CRM_CONTRACT,
    paymentMethodId: 'pm_sandbox_success',
  });
};
const renewalsOf = (licenseId: number) =>
  t.prisma.subscriptionRenewal.findMany({ where: { licenseId }, orderBy: { periodStart: 'asc' }, include: { invoice: true } });
const nextPrice = async (licenseId: number, as = BUYER) => {
  await keepSignedIn();
  return (await t.gqlOk(LICENSE, { id: licenseId }, { as })).license.nextRenewalPrice;
};
/** Runs the renewal job at each of these instants (one period at a time, as the worker would). */
async function renewAt(...isos: string[]) {
  for (const iso of isos) {
    clock.set(at(iso));
    await runRenewals(deps());
  }
}

describe('a vendor’s price change', () => {
  it('is recorded as history (old, new, currency, when, who) with an audit row, and new purchases pay it at once', async () => {
    clock.set(at('2026-10-01T00:00:00Z'));
    const planId = await newPlan('19.99');
    clock.set(at('2026-10-02T08:00:00Z'));
    const r = await setPrice(planId, '24.49');
    expect(r.errors).toEqual([]);
    expect(r.plan.price).toEqual({ amount: '24.49', currency: 'USD' });
    expect(r.plan.priceChanges).toEqual([
      {
        id: expect.any(Number),
        oldPrice: { amount: '19.99', currency: 'USD' },
        newPrice: { amount: '24.49' },
        changedAt: '2026-10-02T08:00:00.000Z',
        changedByName: expect.any(String),
        protectedUntil: '2026-12-31T08:00:00.000Z',
      },
    ]);
    const row = await t.prisma.planPriceChange.findFirstOrThrow({ where: { planId } });
    expect(row).toMatchObject({ oldCurrency: 'USD', currency: 'USD', changedById: 5, changedAt: at('2026-10-02T08:00:00Z') });
    expect([row.oldAmount.toFixed(2), row.newAmount.toFixed(2)]).toEqual(['19.99', '24.49']);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'price_change', entityId: String(row.id) } });
    expect(audit).toMatchObject({ userId: 5, entityType: 'plan_price_change' });
    expect(audit.oldValue).toEqual({ planId, price: '19.99', currency: 'USD' });
    expect(audit.newValue).toMatchObject({ planId, price: '24.49', existingSubscriptions: 0 });

    // A new purchase (quote and charge) pays the new price at once.
    const quote = await t.gqlOk(PURCHASE_QUOTE, { input: { orgId: TECHSTART, moduleId: CRM, planId } }, { as: BUYER });
    expect(quote.purchaseQuote.quote.subtotal.amount).toBe('24.49');
    const { purchase } = await buy(planId);
    expect(purchase.subtotal.amount).toBe('24.49');

    // Saving the plan without a price change records nothing more; a drop is recorded with no protection.
    await t.gqlOk(UPDATE, { input: { planId, name: 'Team renamed' } }, { as: VENDOR });
    const drop = await setPrice(planId, '20.00');
    expect(
      drop.plan.priceChanges.map((c: { newPrice: { amount: string }; protectedUntil: string | null }) => [
        c.newPrice.amount,
        c.protectedUntil,
      ]),
    ).toEqual([
      ['20.00', null],
      ['24.49', '2026-12-31T08:00:00.000Z'],
    ]);
    expect(await t.prisma.planPriceChange.count({ where: { planId } })).toBe(2);
  });

  it('is refused for another vendor’s plan (NOT_FOUND), for buyers, and for invalid prices (code and field), with nothing written', async () => {
    clock.set(at('2026-10-03T00:00:00Z'));
    const planId = await newPlan('19.99');
    for (const as of ['alice@acme.test', 'john@johndoe.test', BUYER, 'viewer@acme.test', 'dev@acme.test']) {
      const r = await t.gql(UPDATE, { input: { planId, price: '29.99' } }, { as });
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(r.errors?.[0]?.message).not.toContain('Team');
    }
    const anonymous = await t.gql(UPDATE, { input: { planId, price: '29.99' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const [price, code] of [
      ['abc', 'INVALID_AMOUNT'],
      ['19.999', 'INVALID_AMOUNT'],
      ['-5', 'INVALID_AMOUNT'],
      ['0', 'PLAN_PRICE_REQUIRED'],
    ] as const) {
      const r = await setPrice(planId, price);
      expect(r.plan).toBeNull();
      expect(r.errors).toEqual([expect.objectContaining({ code, field: 'price' })]);
    }
    expect((await t.prisma.pricingPlan.findUniqueOrThrow({ where: { id: planId } })).priceAmount?.toFixed(2)).toBe('19.99');
    expect(await t.prisma.planPriceChange.count({ where: { planId } })).toBe(0);
    expect(
      await t.prisma.auditLog.count({ where: { entityType: 'pricing_plan', entityId: String(planId), actionType: { not: 'create' } } }),
    ).toBe(0);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'price_change', newValue: { path: ['planId'], equals: planId } } })).toBe(
      0,
    );
  });
});

describe('existing subscriptions after a raise (the 90-day window, checked with the clock)', () => {
  it('renew at the old price up to day 89 and at the new price from day 90, tax applied as before, to the cent', async () => {
    clock.set(at('2026-11-05T00:00:00Z'));
    const planId = await newPlan('19.99');
    const a = (await buy(planId)).license; // renews on the 5th: Mar 5 is day 89 after the raise
    clock.set(at('2026-11-06T00:00:00Z'));
    const bought = await buy(planId);
    const b = bought.license; // renews on the 6th: Mar 6 is day 90
    const taxRate: string = bought.purchase.taxRate ?? '0';
    await renewAt('2026-12-05T00:01:00Z'); // before the raise

    clock.set(at('2026-12-06T00:00:00Z'));
    expect((await setPrice(planId, '24.49')).errors).toEqual([]);
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { actionType: 'price_change', newValue: { path: ['planId'], equals: planId } },
    });
    expect(audit.newValue).toMatchObject({ existingSubscriptions: 2, protectedUntil: '2027-03-06T00:00:00.000Z' });

    await renewAt(
      '2026-12-06T00:01:00Z', // the very instant of the raise: still the old price
      '2027-01-05T00:01:00Z',
      '2027-01-06T00:01:00Z',
      '2027-02-05T00:01:00Z',
      '2027-02-06T00:01:00Z',
      '2027-03-05T00:01:00Z', // day 89: old price
      '2027-03-06T00:01:00Z', // day 90: new price
      '2027-04-05T00:01:00Z',
    );
    const rows = (l: number) => renewalsOf(l).then((rs) => rs.map((r) => [r.periodStart.toISOString().slice(0, 10), r.amount.toFixed(2)]));
    expect(await rows(a.id)).toEqual([
      ['2026-12-05', '19.99'],
      ['2027-01-05', '19.99'],
      ['2027-02-05', '19.99'],
      ['2027-03-05', '19.99'],
      ['2027-04-05', '24.49'],
    ]);
    expect(await rows(b.id)).toEqual([
      ['2026-12-06', '19.99'],
      ['2027-01-06', '19.99'],
      ['2027-02-06', '19.99'],
      ['2027-03-06', '24.49'],
    ]);
    // Tax and totals are computed on the charged price, exactly as before the change.
    for (const r of [...(await renewalsOf(a.id)), ...(await renewalsOf(b.id))]) {
      const tax = mulRate(r.amount.toFixed(2), taxRate);
      expect(r.taxAmount.toFixed(2)).toBe(tax);
      expect(r.totalAmount.toFixed(2)).toBe(addAmounts(r.amount.toFixed(2), tax));
      expect(r.status).toBe('active');
    }
    const mar6 = (await renewalsOf(b.id)).at(-1)!;
    expect(mar6.invoice!.lines).toEqual(expect.arrayContaining([expect.objectContaining({ amount: '24.49' })]));
  });

  it('a price drop applies at once to everyone; a raise after the drop is protected from the lower price', async () => {
    clock.set(at('2026-11-10T00:00:00Z'));
    const planId = await newPlan('30.00');
    const l = (await buy(planId)).license; // renews on the 10th
    clock.set(at('2026-12-01T00:00:00Z'));
    await setPrice(planId, '25.50'); // drop
    expect(await nextPrice(l.id)).toMatchObject({
      renewsAt: '2026-12-10T00:00:00.000Z',
      price: { amount: '25.50', currency: 'USD' },
      reason: 'LOWERED',
      priceChangedAt: '2026-12-01T00:00:00.000Z',
      explanation: '$25.50 — the vendor lowered the price on 2026-12-01; a lower price applies at once.',
    });
    await renewAt('2026-12-10T00:01:00Z');
    clock.set(at('2026-12-20T00:00:00Z'));
    await setPrice(planId, '35.00'); // raise: protected from 25.50 until 2027-03-20
    await renewAt('2027-01-10T00:01:00Z', '2027-02-10T00:01:00Z', '2027-03-10T00:01:00Z', '2027-04-10T00:01:00Z');
    expect((await renewalsOf(l.id)).map((r) => r.amount.toFixed(2))).toEqual(['25.50', '25.50', '25.50', '25.50', '35.00']);
  });

  it('several raises in a row: each reaches the license 90 days after its own change', async () => {
    clock.set(at('2026-11-01T00:00:00Z'));
    const planId = await newPlan('10.00');
    const l = (await buy(planId)).license; // renews on the 1st
    clock.set(at('2026-11-15T00:00:00Z'));
    await setPrice(planId, '12.00'); // reaches the license from 2027-02-13
    await renewAt('2026-12-01T00:01:00Z');
    clock.set(at('2026-12-15T00:00:00Z'));
    await setPrice(planId, '15.00'); // from 2027-03-15
    expect(await nextPrice(l.id)).toMatchObject({
      renewsAt: '2027-01-01T00:00:00.000Z',
      price: { amount: '10.00' },
      planPrice: { amount: '15.00' },
      reason: 'PROTECTED',
      protectedUntil: '2027-02-13T00:00:00.000Z',
      thenPrice: { amount: '12.00' },
      priceChangedAt: '2026-11-15T00:00:00.000Z',
    });
    await renewAt('2027-01-01T00:01:00Z', '2027-02-01T00:01:00Z', '2027-03-01T00:01:00Z', '2027-04-01T00:01:00Z');
    expect((await renewalsOf(l.id)).map((r) => r.amount.toFixed(2))).toEqual(['10.00', '10.00', '10.00', '12.00', '15.00']);
  });
});

describe('the license page and the 30-day notice', () => {
  it('shows the price of the next renewal and why: protected until a date, then the new price', async () => {
    clock.set(at('2026-12-01T00:00:00Z'));
    const planId = await newPlan('490.00', 'yearly');
    const l = (await buy(planId)).license; // renews 2027-12-01
    expect(await nextPrice(l.id)).toMatchObject({
      price: { amount: '490.00' },
      reason: 'PLAN_PRICE',
      protectedUntil: null,
      explanation: "$490.00 — the plan's price.",
    });

    clock.set(at('2027-09-06T00:00:00Z'));
    await setPrice(planId, '540.00');
    expect(await nextPrice(l.id)).toEqual({
      renewsAt: '2027-12-01T00:00:00.000Z',
      price: { amount: '490.00', currency: 'USD' },
      planPrice: { amount: '540.00' },
      planName: expect.any(String),
      reason: 'PROTECTED',
      protectedUntil: '2027-12-05T00:00:00.000Z',
      thenPrice: { amount: '540.00' },
      priceChangedAt: '2027-09-06T00:00:00.000Z',
      explanation: "$490.00 until 2027-12-05 — price protected after the vendor's change on 2027-09-06; then $540.00.",
    });
    // Members who may see the license see it (the viewer role too); another org's members do not see the license.
    const other = await t.gql(LICENSE, { id: l.id }, { as: 'alice@acme.test' });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // The "renews in 30 days" notice states the protected price, and the renewal charges it.
    clock.set(at('2027-11-02T00:00:00Z'));
    await runExpiryNotices(deps());
    const renewing = await t.prisma.notification.findFirstOrThrow({ where: { type: 'license_expiring', relatedEntityId: l.id } });
    expect(renewing.message).toContain('for $490.00');
    await renewAt('2027-12-01T00:01:00Z');
    expect((await renewalsOf(l.id)).map((r) => r.amount.toFixed(2))).toEqual(['490.00']);
    // The following renewal pays the new price, and says why.
    expect(await nextPrice(l.id)).toMatchObject({
      renewsAt: '2028-12-01T00:00:00.000Z',
      price: { amount: '540.00' },
      reason: 'NEW_PRICE',
      explanation: "$540.00 — the vendor's new price since their change on 2027-09-06 (the old price was kept until 2027-12-05).",
    });

    // Auto-renew off: nothing will be charged, so no price.
    await t.prisma.license.update({ where: { id: l.id }, data: { autoRenew: false } });
    expect(await nextPrice(l.id)).toBeNull();
  });

  it('tells the org once, 30 days before the raised price first applies — even when the job runs twice or concurrently', async () => {
    clock.set(at('2027-01-10T00:00:00Z'));
    const planId = await newPlan('100.00', 'yearly');
    const yearly = (await buy(planId)).license; // renews 2028-01-10: the raise first applies then
    const monthlyPlan = await newPlan('9.99');
    const monthly = (await buy(monthlyPlan)).license; // renews on the 10th
    await renewAt('2027-02-10T00:01:00Z');
    clock.set(at('2027-03-01T00:00:00Z'));
    await setPrice(planId, '120.00');
    await setPrice(monthlyPlan, '11.99'); // reaches the monthly license at its 2027-06-10 renewal (protected until 05-30)
    const notices = (id: number) => t.prisma.notification.findMany({ where: { type: 'price_change', relatedEntityId: id } });

    // Too early: the monthly's next renewals are protected; the yearly's is a year away.
    await renewAt('2027-03-10T00:01:00Z', '2027-04-10T00:01:00Z');
    await runPriceChangeNotices(deps());
    expect(await notices(monthly.id)).toHaveLength(0);
    // After the 05-10 renewal (still protected), the next one (06-10) is the first at 11.99 and is 31 days away.
    await renewAt('2027-05-10T00:01:00Z');
    await runPriceChangeNotices(deps());
    expect(await notices(monthly.id)).toHaveLength(0);
    clock.set(at('2027-05-11T00:00:00Z')); // 30 days before 06-10
    const other = createPrismaClient(t.databaseUrl, { max: 3 });
    try {
      await Promise.all([runPriceChangeNotices(deps()), runPriceChangeNotices({ ...deps(), prisma: other })]);
    } finally {
      await other.$disconnect();
    }
    await runPriceChangeNotices(deps());
    const sent = await notices(monthly.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ recipientUserId: 43, title: 'CRM Pro: new price from 2027-06-10' });
    expect(sent[0]!.message).toContain('on 2027-03-01');
    expect(sent[0]!.message).toContain('kept $9.99 for 90 days; your renewal on 2027-06-10 will be charged $11.99');
    expect(await t.prisma.emailDelivery.count({ where: { notificationId: sent[0]!.id } })).toBe(1);
    expect(await t.prisma.licensePriceNotice.count({ where: { licenseId: monthly.id } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'price_change_notice', entityId: String(monthly.id) } })).toBe(1);
    // Later runs, and the renewal itself, send nothing more for this change.
    await renewAt('2027-06-10T00:01:00Z');
    expect((await renewalsOf(monthly.id)).map((r) => r.amount.toFixed(2))).toEqual(['9.99', '9.99', '9.99', '9.99', '11.99']);
    await runPriceChangeNotices(deps());
    expect(await notices(monthly.id)).toHaveLength(1);

    // The yearly license: nothing until 30 days before 2028-01-10, then one notice.
    clock.set(at('2027-12-10T00:00:00Z')); // 31 days before
    await runPriceChangeNotices(deps());
    expect(await notices(yearly.id)).toHaveLength(0);
    clock.set(at('2027-12-11T00:00:00Z'));
    await runPriceChangeNotices(deps());
    await runPriceChangeNotices(deps());
    const yearlyNotice = await notices(yearly.id);
    expect(yearlyNotice).toHaveLength(1);
    expect(yearlyNotice[0]!.message).toContain('your renewal on 2028-01-10 will be charged $120.00');
  });

  it('sends nothing to a license bought after the raise, or after a drop', async () => {
    clock.set(at('2027-02-01T00:00:00Z'));
    const planId = await newPlan('50.00');
    const before = (await buy(planId)).license;
    clock.set(at('2027-02-02T00:00:00Z'));
    await setPrice(planId, '40.00'); // drop
    const after = (await buy(planId)).license;
    clock.set(at('2027-02-03T00:00:00Z'));
    await setPrice(planId, '45.00'); // raise above the drop, after `after` joined
    await renewAt('2027-03-01T00:01:00Z', '2027-03-02T00:01:00Z');
    clock.set(at('2027-04-01T00:00:00Z'));
    const joined = (await buy(planId)).license; // bought at 45.00
    await renewAt('2027-04-01T00:01:00Z', '2027-04-02T00:01:00Z');
    clock.set(at('2027-04-10T00:00:00Z'));
    await runPriceChangeNotices(deps());
    const count = (id: number) => t.prisma.notification.count({ where: { type: 'price_change', relatedEntityId: id } });
    // `before` and `after` renew on 05-01/05-02 at 40.00 (protected until 05-04): still no notice.
    expect([await count(before.id), await count(after.id), await count(joined.id)]).toEqual([0, 0, 0]);
    expect(await nextPrice(joined.id)).toMatchObject({ price: { amount: '45.00' }, reason: 'PLAN_PRICE' });
  });
});
