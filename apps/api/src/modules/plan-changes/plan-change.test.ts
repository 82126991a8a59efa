import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runRenewals } from '../../jobs/renewals.job';
import { ACME, buyOk, PLAN, protocolCode, sandbox } from '../checkout/test-support/checkout-fixtures';
import { makeLicense } from '../../test/factories';

const at = (iso: string) => new Date(iso);
const PREVIEW = `query($l: Int!, $p: Int!) { licensePlanChangePreview(licenseId: $l, planId: $p) {
  errors { code field message }
  preview { kind appliesNow effectiveAt fromPlan { name } toPlan { name } newPrice { amount } credit { amount } tax { amount } total { amount } periodEnd inTrial lines { description amount { amount } } } } }`;
const CHANGE = `mutation($input: LicenseChangePlanInput!) { licenseChangePlan(input: $input) {
  errors { code field message }
  license { id licenseKey status expiresAt plan { name } }
  planChange { kind status fromPlanName toPlanName effectiveAt credit { amount } charged { amount } }
  receipt { number total { amount } lines { description amount { amount } } } } }`;
const LICENSE = `query($id: Int!) { license(id: $id) { licenseKey expiresAt plan { name } planChanges { kind status toPlanName effectiveAt }
  receipts { number total { amount } } statusHistory { reason } } }`;

/** Plan changes (issue 13): upgrade now with a prorated credit, downgrade at the period end. */
describe('license plan changes', () => {
  const clock = new FixedClock(at('2026-03-01T10:00:00Z'));
  const t = useTestApp({ clock });
  const deps = () => ({ prisma: t.prisma, config: t.config, clock, services: t.services });
  beforeEach(() => clock.set(at('2026-03-01T10:00:00Z')));
  // Acme bills from GB; without its tax id the 20 % VAT applies (no reverse charge).
  beforeAll(() => t.prisma.organization.update({ where: { id: ACME }, data: { taxId: null } }));

  const monthly = async () => (await buyOk(t, 'alice@acme.test', { planId: PLAN.crmMonthly })).license;
  const change = (licenseId: number, planId: number, as = 'alice@acme.test') => t.gql(CHANGE, { input: { licenseId, planId } }, { as });

  it('upgrade Monthly → Annual: charged 490.00 − the prorated credit (21 of 31 days: 33.19) + 20 % VAT, with a receipt; the key stays', async () => {
    const l = await monthly(); // 2026-03-01 → 2026-04-01, 49.00 + VAT paid
    clock.set(at('2026-03-11T10:00:00Z'));
    const preview = (await t.gqlOk(PREVIEW, { l: l.id, p: PLAN.crmAnnual }, { as: 'alice@acme.test' })).licensePlanChangePreview;
    expect(preview.errors).toEqual([]);
    expect(preview.preview).toMatchObject({
      kind: 'upgrade',
      appliesNow: true,
      fromPlan: { name: 'Monthly' },
      toPlan: { name: 'Annual' },
      newPrice: { amount: '490.00' },
      credit: { amount: '33.19' }, // 49.00 × 21/31 = 33.193…
      tax: { amount: '91.36' }, // (490.00 − 33.19) × 20 % = 91.362
      total: { amount: '548.17' },
      periodEnd: '2027-03-11T10:00:00.000Z',
      inTrial: false,
    });
    const before = sandbox(t).ledger.length;
    const r = await change(l.id, PLAN.crmAnnual);
    const p = r.data!.licenseChangePlan;
    expect(p.errors).toEqual([]);
    expect(p.license).toEqual({
      id: l.id,
      licenseKey: l.licenseKey,
      status: 'active',
      expiresAt: '2027-03-11T10:00:00.000Z',
      plan: { name: 'Annual' },
    });
    expect(p.planChange).toMatchObject({
      kind: 'upgrade',
      status: 'applied',
      fromPlanName: 'Monthly',
      toPlanName: 'Annual',
      credit: { amount: '33.19' },
      charged: { amount: '548.17' },
    });
    expect(p.receipt.total.amount).toBe('548.17');
    expect(p.receipt.lines.map((x: any) => [x.description, x.amount.amount])).toEqual([
      ['CRM Pro — Annual (upgrade from Monthly, until 2027-03-11)', '490.00'],
      ['Credit for the unused part of Monthly (until 2026-04-01)', '-33.19'],
      [expect.stringMatching(/^VAT/), '91.36'],
    ]);
    expect(preview.preview.lines).toEqual(p.receipt.lines);
    const ops = sandbox(t).ledger.slice(before);
    expect(ops.map((o) => o.kind)).toEqual(['authorize', 'capture']);
    const view = (await t.gqlOk(LICENSE, { id: l.id }, { as: 'alice@acme.test' })).license;
    expect(view.receipts.map((x: any) => x.total.amount)).toEqual(['58.80', '548.17']); // both receipts
    expect(view.statusHistory.at(-1).reason).toMatch(
      /^Plan upgraded: Monthly → Annual; credit \$33\.19 for the unused period, charged \$548\.17 \(receipt INV-2026-\d{6}\); renews 2027-03-11$/,
    );
    const purchase = await t.prisma.purchase.findFirstOrThrow({
      where: { kind: 'upgrade', pricingPlanId: PLAN.crmAnnual },
      orderBy: { id: 'desc' },
    });
    // The vendor is paid on what the buyer paid for the plan (456.81; the official vendor's commission is 0 %).
    expect([purchase.subtotalAmount.toFixed(2), purchase.commissionAmount.toFixed(2), purchase.vendorAmount.toFixed(2)]).toEqual([
      '456.81',
      '0.00',
      '456.81',
    ]);
    const auditRow = await t.prisma.auditLog.findFirstOrThrow({
      where: { entityType: 'license', entityId: String(l.id), actionType: 'plan_change' },
    });
    expect(auditRow.newValue).toMatchObject({ planId: PLAN.crmAnnual, credit: '33.19', charged: '548.17' });
  });

  it('downgrade Annual → Monthly is scheduled for the period end; the renewal job applies it and charges the Monthly price', async () => {
    const l = (await buyOk(t, 'alice@acme.test', { planId: PLAN.crmAnnual })).license; // until 2027-03-01
    clock.set(at('2026-06-01T10:00:00Z'));
    const preview = (await t.gqlOk(PREVIEW, { l: l.id, p: PLAN.crmMonthly }, { as: 'alice@acme.test' })).licensePlanChangePreview.preview;
    expect(preview).toMatchObject({
      kind: 'downgrade',
      appliesNow: false,
      effectiveAt: '2027-03-01T10:00:00.000Z',
      total: { amount: '0.00' },
      lines: [],
    });
    const before = sandbox(t).ledger.length;
    const r = (await change(l.id, PLAN.crmMonthly)).data!.licenseChangePlan;
    expect(r.errors).toEqual([]);
    expect(r.planChange).toMatchObject({ kind: 'downgrade', status: 'scheduled', effectiveAt: '2027-03-01T10:00:00.000Z' });
    expect(r.license.plan.name).toBe('Annual');
    expect(r.receipt).toBeNull();
    expect(sandbox(t).ledger.slice(before)).toEqual([]);
    clock.set(at('2027-03-01T10:30:00Z'));
    await runRenewals(deps());
    clock.set(at('2026-06-01T10:00:00Z')); // back to when the test's sessions are valid, to read the result
    const view = (await t.gqlOk(LICENSE, { id: l.id }, { as: 'alice@acme.test' })).license;
    expect(view).toMatchObject({ licenseKey: l.licenseKey, expiresAt: '2027-04-01T10:00:00.000Z', plan: { name: 'Monthly' } });
    expect(view.planChanges[0]).toMatchObject({ kind: 'downgrade', status: 'applied', toPlanName: 'Monthly' });
    expect(view.receipts.map((x: any) => x.total.amount)).toEqual(['588.00', '58.80']);
    expect(view.statusHistory.map((h: any) => h.reason)).toEqual(
      expect.arrayContaining([
        "Plan change scheduled: Annual → Monthly on 2027-03-01 (downgrade at the period's end)",
        'Plan changed: Annual → Monthly (scheduled downgrade, from 2027-03-01)',
      ]),
    );
  });

  it('a scheduled downgrade can be cancelled', async () => {
    const l = (await buyOk(t, 'alice@acme.test', { planId: PLAN.crmAnnual })).license;
    await change(l.id, PLAN.crmMonthly);
    const c = await t.gqlOk(
      `mutation($id: Int!) { licensePlanChangeCancel(licenseId: $id) { errors { code } } }`,
      { id: l.id },
      { as: 'alice@acme.test' },
    );
    expect(c.licensePlanChangeCancel.errors).toEqual([]);
    const again = await t.gqlOk(
      `mutation($id: Int!) { licensePlanChangeCancel(licenseId: $id) { errors { code } } }`,
      { id: l.id },
      { as: 'alice@acme.test' },
    );
    expect(again.licensePlanChangeCancel.errors).toEqual([{ code: 'NO_SCHEDULED_CHANGE' }]);
  });

  it("refuses the same plan, another module's plan, a non-subscription plan, a cancelled or ended license", async () => {
    const l = await monthly();
    const code = async (licenseId: number, planId: number) =>
      (await change(licenseId, planId)).data!.licenseChangePlan.errors.map((e: any) => `${e.code}:${e.field}`);
    expect(await code(l.id, PLAN.crmMonthly)).toEqual(['SAME_PLAN:planId']);
    expect(await code(l.id, PLAN.erpCustom)).toEqual(['PLAN_NOT_FOUND:planId']);
    expect(await code(l.id, PLAN.crmLifetime)).toEqual(['PLAN_NOT_SUBSCRIPTION:planId']);
    const ended = await makeLicense(t.prisma, { orgId: ACME, moduleId: 1, planId: PLAN.crmAnnual, expiresAt: at('2026-01-01T00:00:00Z') });
    expect(await code(ended.id, PLAN.crmMonthly)).toEqual(['LICENSE_NOT_ACTIVE:licenseId']);
    await t.gqlOk(
      `mutation($id: Int!) { licenseCancel(input: { licenseId: $id }) { errors { code } } }`,
      { id: l.id },
      { as: 'alice@acme.test' },
    );
    expect(await code(l.id, PLAN.crmAnnual)).toEqual(['LICENSE_NOT_RENEWING:licenseId']);
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: l.id } })).pricingPlanId).toBe(PLAN.crmMonthly);
  });

  it('a declined upgrade charge changes nothing', async () => {
    const l = await monthly();
    await t.prisma.license.update({ where: { id: l.id }, data: { paymentMethodId: 'pm_sandbox_declined' } });
    clock.set(at('2026-03-05T10:00:00Z'));
    const r = (await change(l.id, PLAN.crmAnnual)).data!.licenseChangePlan;
    expect(r.errors.map((e: any) => e.code)).toEqual(['PAYMENT_DECLINED']);
    const row = await t.prisma.license.findUniqueOrThrow({ where: { id: l.id } });
    expect(row).toMatchObject({ pricingPlanId: PLAN.crmMonthly, expiresAt: at('2026-04-01T10:00:00Z') });
    expect(await t.prisma.licensePlanChange.count({ where: { licenseId: l.id } })).toBe(0);
  });

  it('during a free trial the plan switches now and nothing is charged; the trial end charges the new plan', async () => {
    await t.prisma.pricingPlan.update({ where: { id: PLAN.crmMonthly }, data: { trialDays: 14 } });
    const l = (await buyOk(t, 'tom@techstart.test', { orgId: 102, paymentMethodId: 'pm_456def', startTrial: true })).license;
    await t.prisma.pricingPlan.update({ where: { id: PLAN.crmMonthly }, data: { trialDays: 0 } });
    const r = (await change(l.id, PLAN.crmAnnual, 'tom@techstart.test')).data!.licenseChangePlan;
    expect(r.errors).toEqual([]);
    expect(r.planChange.charged.amount).toBe('0.00');
    expect(r.license).toMatchObject({ plan: { name: 'Annual' }, expiresAt: '2026-03-15T10:00:00.000Z' });
    expect(r.receipt).toBeNull();
  });

  it('refuses members without manage_licenses (FORBIDDEN) and other orgs (NOT_FOUND), for preview and change', async () => {
    const l = await monthly();
    for (const as of ['viewer@acme.test', 'dev@acme.test']) {
      expect(protocolCode(await change(l.id, PLAN.crmAnnual, as))).toBe('FORBIDDEN');
      expect(protocolCode(await t.gql(PREVIEW, { l: l.id, p: PLAN.crmAnnual }, { as }))).toBe('FORBIDDEN');
    }
    expect(protocolCode(await change(l.id, PLAN.crmAnnual, 'tom@techstart.test'))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(PREVIEW, { l: l.id, p: PLAN.crmAnnual }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(CHANGE, { input: { licenseId: l.id, planId: PLAN.crmAnnual } }))).toBe('UNAUTHENTICATED');
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: l.id } })).pricingPlanId).toBe(PLAN.crmMonthly);
    expect(ACME).toBe(101);
  });
});
