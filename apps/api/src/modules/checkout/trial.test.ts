import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runRenewals } from '../../jobs/renewals.job';
import { runExpiry } from '../../jobs/expiry.job';
import { runExpiryNotices } from '../../jobs/expiry-notices.job';
import { runTrialNotices } from '../../jobs/trial-notices.job';
import {
  ACME,
  buy,
  buyInput,
  codes,
  CRM,
  PLAN,
  PURCHASE_QUOTE,
  protocolCode,
  sandbox,
  TECHSTART,
  ERP,
} from './test-support/checkout-fixtures';

const at = (iso: string) => new Date(iso);

/** Trials (PRODUCT.md "Commerce lifecycle": trials; issue 13). */
describe('free trials', () => {
  const clock = new FixedClock(at('2026-03-01T10:00:00Z'));
  const t = useTestApp({ clock });
  const deps = () => ({ prisma: t.prisma, config: t.config, clock, services: t.services });

  // CRM Pro Monthly (49.00) gets a 14-day trial; Acme bills from GB, here without a tax id (20 % VAT).
  beforeAll(async () => {
    await t.prisma.pricingPlan.update({ where: { id: PLAN.crmMonthly }, data: { trialDays: 14 } });
    await t.prisma.organization.update({ where: { id: ACME }, data: { taxId: null } });
  });
  // Each test starts from "no trial used yet" for the orgs it uses.
  beforeEach(async () => {
    clock.set(at('2026-03-01T10:00:00Z'));
    await t.prisma.moduleTrial.deleteMany({});
  });

  const startTrial = (as: string, over: Record<string, unknown> = {}) => buy(t, as, { startTrial: true, ...over });

  it('the quote says "$0.00 today, then $58.80/month from <date>" and nothing is due now', async () => {
    const r = await t.gqlOk(
      PURCHASE_QUOTE.replace('renews', 'renews trialDays trialEndsAt thenTotal { amount } trialSummary'),
      {
        input: { orgId: ACME, moduleId: CRM, planId: PLAN.crmMonthly, startTrial: true },
      },
      { as: 'alice@acme.test' },
    );
    const q = r.purchaseQuote.quote;
    expect(r.purchaseQuote.errors).toEqual([]);
    expect(q).toMatchObject({
      total: { amount: '0.00' },
      requiresPayment: false,
      renews: true,
      trialDays: 14,
      trialEndsAt: '2026-03-15T10:00:00.000Z',
      thenTotal: { amount: '58.80' },
      trialSummary: '$0.00 today, then $58.80/month from 2026-03-15',
    });
  });

  it('starting a trial charges nothing; the license is in trial until its end; the payment method is kept for later', async () => {
    const before = sandbox(t).ledger.length;
    const r = await startTrial('alice@acme.test');
    expect(r.data!.purchaseCreate.errors).toEqual([]);
    const { license, purchase, receipt } = r.data!.purchaseCreate;
    expect(purchase.total.amount).toBe('0.00');
    expect(receipt.total.amount).toBe('0.00');
    expect(receipt.lines[0].description).toBe('CRM Pro — Monthly (14-day free trial)');
    expect(license).toMatchObject({ status: 'active', expiresAt: '2026-03-15T10:00:00.000Z', autoRenew: true });
    expect(sandbox(t).ledger.slice(before)).toEqual([]); // no authorization, no charge
    const row = await t.prisma.license.findUniqueOrThrow({ where: { id: license.id }, include: { statusHistory: true, periods: true } });
    expect(row).toMatchObject({ trialEndsAt: at('2026-03-15T10:00:00Z'), paymentMethodId: 'pm_sandbox_success' });
    expect(row.periods).toEqual([]); // a trial is not a paid period
    expect(row.statusHistory.map((h) => h.reason)).toEqual(['Free trial started (14 days; first charge on 2026-03-15 unless cancelled)']);
    expect(await t.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.id } })).toMatchObject({ kind: 'trial' });
    const view = await t.gqlOk(
      `query($id: Int!) { license(id: $id) { inTrial trialEndsAt } }`,
      { id: license.id },
      { as: 'viewer@acme.test' },
    );
    expect(view.license).toEqual({ inTrial: true, trialEndsAt: '2026-03-15T10:00:00.000Z' });
  });

  it('one trial per org and module, ever: a second one is refused, even after the first ended', async () => {
    const first = await startTrial('alice@acme.test');
    expect(first.data!.purchaseCreate.errors).toEqual([]);
    await t.gqlOk(
      `mutation($id: Int!) { licenseCancel(input: { licenseId: $id }) { errors { code } } }`,
      { id: first.data!.purchaseCreate.license.id },
      { as: 'alice@acme.test' },
    );
    clock.set(at('2026-04-01T10:00:00Z'));
    await runExpiry(deps());
    const again = await startTrial('alice@acme.test');
    expect(again.data!.purchaseCreate.errors).toEqual([
      expect.objectContaining({
        code: 'TRIAL_ALREADY_USED',
        field: 'startTrial',
        message: 'Your organization already had a free trial of CRM Pro (one per organization and module).',
      }),
    ]);
    const quote = await t.gqlOk(
      PURCHASE_QUOTE,
      { input: { orgId: ACME, moduleId: CRM, planId: PLAN.crmMonthly, startTrial: true } },
      { as: 'alice@acme.test' },
    );
    expect(quote.purchaseQuote.errors.map((e: any) => e.code)).toEqual(['TRIAL_ALREADY_USED']);
    // Another org still may.
    expect(
      (await startTrial('tom@techstart.test', { orgId: TECHSTART, paymentMethodId: 'pm_456def' })).data!.purchaseCreate.errors,
    ).toEqual([]);
  });

  it('one trial under concurrency: of 6 simultaneous trial starts, exactly one succeeds', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => startTrial('alice@acme.test')));
    const ok = results.filter((r) => r.data!.purchaseCreate.errors.length === 0);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.data!.purchaseCreate.errors.length > 0)) {
      expect(codes(r, 'purchaseCreate')).toEqual(['TRIAL_ALREADY_USED']);
    }
    expect(await t.prisma.moduleTrial.count({ where: { orgId: ACME, moduleId: CRM } })).toBe(1);
    expect(await t.prisma.license.count({ where: { orgId: ACME, moduleId: CRM, trialEndsAt: { not: null } } })).toBeGreaterThanOrEqual(1);
  });

  it('refuses a plan without trial days, a coupon with a trial, and a trial without a payment method', async () => {
    expect(codes(await startTrial('alice@acme.test', { planId: PLAN.crmAnnual }), 'purchaseCreate')).toEqual(['TRIAL_NOT_AVAILABLE']);
    expect(codes(await startTrial('alice@acme.test', { couponCode: 'LAUNCH50' }), 'purchaseCreate')).toContain('COUPON_NOT_WITH_TRIAL');
    const noMethod = await startTrial('alice@acme.test', { paymentMethodId: null });
    expect(noMethod.data!.purchaseCreate.errors).toEqual([
      expect.objectContaining({ code: 'PAYMENT_METHOD_REQUIRED', field: 'paymentMethodId' }),
    ]);
    expect(await t.prisma.moduleTrial.count()).toBe(0);
  });

  it('refuses members without purchase_modules (FORBIDDEN) and other orgs (NOT_FOUND)', async () => {
    expect(protocolCode(await startTrial('viewer@acme.test'))).toBe('FORBIDDEN');
    expect(protocolCode(await startTrial('dev@acme.test'))).toBe('FORBIDDEN');
    expect(protocolCode(await startTrial('tom@techstart.test'))).toBe('NOT_FOUND');
    expect(await t.prisma.moduleTrial.count()).toBe(0);
  });

  it('at the trial end the renewal job charges the stored method: success starts the paid period', async () => {
    const { license } = (await startTrial('alice@acme.test')).data!.purchaseCreate;
    clock.set(at('2026-03-14T10:00:00Z'));
    await runRenewals(deps());
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).expiresAt).toEqual(at('2026-03-15T10:00:00Z'));
    const before = sandbox(t).ledger.length;
    clock.set(at('2026-03-15T10:05:00Z'));
    await runRenewals(deps());
    const l = await t.prisma.license.findUniqueOrThrow({
      where: { id: license.id },
      include: { renewals: { include: { invoice: true } }, statusHistory: { orderBy: { id: 'asc' } } },
    });
    expect(l).toMatchObject({ status: 'active', expiresAt: at('2026-04-15T10:00:00Z'), trialEndsAt: at('2026-03-15T10:00:00Z') });
    expect(l.renewals).toHaveLength(1);
    expect(l.renewals[0]).toMatchObject({
      periodStart: at('2026-03-15T10:00:00Z'),
      periodEnd: at('2026-04-15T10:00:00Z'),
      status: 'active',
    });
    expect(l.renewals[0]!.totalAmount.toFixed(2)).toBe('58.80');
    expect(l.renewals[0]!.invoice!.number).toMatch(/^INV-2026-\d{6}$/);
    expect(l.statusHistory.at(-1)!.reason).toBe('Trial ended: first payment made, paid period until 2026-04-15');
    const charges = sandbox(t)
      .ledger.slice(before)
      .filter((o) => o.kind === 'charge' && o.key.startsWith(`renewal-${license.id}-`));
    expect(charges.map((c) => (c.kind === 'charge' ? [c.amount, c.outcome] : null))).toEqual([['58.80', 'succeeded']]);
    const view = await t.gqlOk(`query($id: Int!) { license(id: $id) { inTrial } }`, { id: license.id }, { as: 'alice@acme.test' });
    expect(view.license.inTrial).toBe(false);
  });

  it('a failed first charge takes the payment-failed path (suspended, "Payment failed")', async () => {
    const { license } = (await startTrial('alice@acme.test', { paymentMethodId: 'pm_sandbox_fail_renewal' })).data!.purchaseCreate;
    clock.set(at('2026-03-15T11:00:00Z'));
    await runRenewals(deps());
    const l = await t.prisma.license.findUniqueOrThrow({
      where: { id: license.id },
      include: { statusHistory: { orderBy: { id: 'asc' } } },
    });
    expect(l).toMatchObject({ status: 'suspended', renewalAttempts: 1 });
    expect(l.statusHistory.at(-1)).toMatchObject({ oldStatus: 'active', newStatus: 'suspended', reason: 'Payment failed' });
  });

  it('cancelling during the trial: never charged, the license ends at the trial end', async () => {
    const { license } = (await startTrial('alice@acme.test')).data!.purchaseCreate;
    const cancel = await t.gqlOk(
      `mutation($id: Int!) { licenseCancel(input: { licenseId: $id }) { errors { code } license { autoRenew } } }`,
      { id: license.id },
      { as: 'alice@acme.test' },
    );
    expect(cancel.licenseCancel).toEqual({ errors: [], license: { autoRenew: false } });
    const before = sandbox(t).ledger.length;
    clock.set(at('2026-03-15T10:30:00Z'));
    await runRenewals(deps());
    await runExpiry(deps());
    const l = await t.prisma.license.findUniqueOrThrow({ where: { id: license.id } });
    expect(l.status).toBe('expired');
    expect(await t.prisma.subscriptionRenewal.count({ where: { licenseId: license.id } })).toBe(0);
    expect(await t.prisma.payment.count({ where: { renewal: { licenseId: license.id } } })).toBe(0);
    expect(
      sandbox(t)
        .ledger.slice(before)
        .filter((o) => o.kind === 'charge' && o.key.includes(`renewal-${license.id}-`)),
    ).toEqual([]);
  });

  it('a notice goes out 3 days before the trial ends, once; no "renews in 30 days" notice for a trial', async () => {
    const { license } = (await startTrial('alice@acme.test')).data!.purchaseCreate;
    const notices = () =>
      t.prisma.notification.findMany({
        where: { relatedEntityType: 'license', relatedEntityId: license.id, type: { in: ['trial_ending', 'license_expiring'] } },
      });
    await runExpiryNotices(deps());
    clock.set(at('2026-03-11T10:00:00Z')); // 4 days before
    await runTrialNotices(deps());
    expect(await notices()).toEqual([]);
    clock.set(at('2026-03-12T11:00:00Z')); // within 3 days
    await runTrialNotices(deps());
    await runTrialNotices(deps());
    const sent = await notices();
    expect(sent.map((n) => n.type)).toEqual(['trial_ending']);
    expect(sent[0]!.title).toBe('Your CRM Pro trial ends on 2026-03-15');
    expect(sent[0]!.message).toBe(
      'Your free CRM Pro trial ends on 2026-03-15. Then $58.80 will be charged for Monthly unless you cancel before.',
    );
  });

  it('ERP (custom plan) has no trial', async () => {
    const r = await startTrial('alice@acme.test', { moduleId: ERP, planId: PLAN.erpCustom, days: 3, acceptContractId: 2 });
    expect(codes(r, 'purchaseCreate')).toContain('TRIAL_NOT_AVAILABLE');
    expect(buyInput().confirmAdditionalLicense).toBe(true);
  });
});
