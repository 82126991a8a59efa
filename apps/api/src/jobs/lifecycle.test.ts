import { createPrismaClient } from '@wk/db';
import { FixedClock } from '../core/clock';
import { useTestApp } from '../test/harness';
import { buyOk, sandbox } from '../modules/checkout/test-support/checkout-fixtures';
import { chainAnchor, LAPSE_RESTART_MS, MAX_RENEWAL_ATTEMPTS, runRenewals } from './renewals.job';
import { runExpiry } from './expiry.job';
import { runExpiryNotices } from './expiry-notices.job';

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

/**
 * The license lifecycle driven by the injected clock (PRODUCT.md "Purchases and licenses").
 * One database for the file; each test works on licenses it buys itself.
 */
describe('license lifecycle jobs', () => {
  const clock = new FixedClock(at('2026-01-15T10:00:00Z'));
  const t = useTestApp({ clock });
  const deps = () => ({ prisma: t.prisma, config: t.config, clock, services: t.services });
  const license = (id: number) => t.prisma.license.findUniqueOrThrow({ where: { id } });

  it("the demo data's lapsed auto-renew licenses renew once, from now — not once per missed period", async () => {
    // License 1 (Acme, annual) ended 2026-01-01; license 3 (TechStart, monthly) ended 2025-03-15.
    const ledgerBefore = sandbox(t).ledger.length;
    const report = await runRenewals(deps());
    expect(report).toMatchObject({ renewed: 2 });
    const [l1, l3] = [await license(1), await license(3)];
    expect(l1).toMatchObject({ status: 'active', expiresAt: at('2027-01-15T10:00:00Z'), renewalAttempts: 0 });
    expect(l3).toMatchObject({ status: 'active', expiresAt: at('2026-02-15T10:00:00Z') });
    const r1 = await t.prisma.subscriptionRenewal.findMany({
      where: { licenseId: 1, periodStart: at('2026-01-15T10:00:00Z') },
      include: { invoice: true },
    });
    expect(r1).toHaveLength(1);
    expect(r1[0]).toMatchObject({ status: 'active', paymentMethodId: 'pm_123abc', nextBillingDate: at('2027-01-15T10:00:00Z') });
    expect(r1[0]!.totalAmount.toFixed(2)).toBe('490.00');
    expect(r1[0]!.invoice?.number).toMatch(/^INV-2026-\d{6}$/);
    const charges = sandbox(t)
      .ledger.slice(ledgerBefore)
      .filter((o) => o.kind === 'charge');
    expect(charges.map((c) => (c.kind === 'charge' ? [c.method, c.amount, c.outcome] : null)).sort()).toEqual([
      ['pm_123abc', '490.00', 'succeeded'],
      ['pm_456def', '49.00', 'succeeded'],
    ]);
    const note = await t.prisma.licenseStatusHistory.findFirstOrThrow({ where: { licenseId: 3 }, orderBy: { id: 'desc' } });
    expect(note.reason).toBe('Renewed until 2026-02-15 (restarted after a lapse)');
    expect(note.changedById).toBeNull();
    expect(await runRenewals(deps())).toMatchObject({ renewed: 0 });
    expect(LAPSE_RESTART_MS).toBe(7 * DAY);
  });

  it('renewal success: the stored method is charged, a renewal row / period / receipt are written, month ends never drift', async () => {
    clock.set(at('2026-01-31T12:00:00Z'));
    const { license: bought } = await buyOk(t, 'alice@acme.test');
    expect(bought.expiresAt).toBe('2026-02-28T12:00:00.000Z');

    clock.set(at('2026-02-27T12:00:00Z'));
    await runRenewals(deps());
    expect((await license(bought.id)).expiresAt).toEqual(at('2026-02-28T12:00:00Z')); // not due yet

    clock.set(at('2026-02-28T12:30:00Z'));
    await runRenewals(deps());
    const l = await license(bought.id);
    expect(l).toMatchObject({ status: 'active', expiresAt: at('2026-03-31T12:00:00Z'), renewalAttempts: 0, nextRetryAt: null });
    const renewals = await t.prisma.subscriptionRenewal.findMany({
      where: { licenseId: bought.id },
      include: { invoice: true, payments: true },
    });
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({
      periodStart: at('2026-02-28T12:00:00Z'),
      periodEnd: at('2026-03-31T12:00:00Z'),
      status: 'active',
      attempts: 1,
      paymentMethodId: 'pm_123abc', // renewals charge the org's default card
    });
    expect(renewals[0]!.amount.toFixed(2)).toBe('49.00');
    expect(renewals[0]!.payments.map((p) => p.status)).toEqual(['succeeded']);
    expect(renewals[0]!.invoice!.lines).toEqual([
      { description: 'CRM Pro — Monthly renewal 2026-02-28 → 2026-03-31', amount: '49.00' },
      { description: 'VAT — reverse charge', amount: '0.00' },
    ]);
    const periods = await t.prisma.licensePeriod.findMany({ where: { licenseId: bought.id }, orderBy: { startsAt: 'asc' } });
    expect(periods.map((p) => [p.startsAt.toISOString(), p.expiresAt?.toISOString()])).toEqual([
      ['2026-01-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z'],
      ['2026-02-28T12:00:00.000Z', '2026-03-31T12:00:00.000Z'],
    ]);
    const notes = await t.prisma.notification.findMany({ where: { type: 'renewal_successful', relatedEntityId: bought.id } });
    expect(notes.map((n) => n.recipientUserId)).toEqual([42]); // manage_licenses: the admin, not the viewer or developer
    expect(notes[0]!.message).toContain('renewed until 2026-03-31');

    // The next two renewals stay on the Jan 31 schedule: Apr 30, then May 31 (not May 30).
    clock.set(at('2026-03-31T13:00:00Z'));
    await runRenewals(deps());
    clock.set(at('2026-04-30T13:00:00Z'));
    await runRenewals(deps());
    expect((await license(bought.id)).expiresAt).toEqual(at('2026-05-31T12:00:00Z'));
    expect(await t.prisma.subscriptionRenewal.count({ where: { licenseId: bought.id } })).toBe(3);
  });

  it('renewal failure: suspended "Payment failed", retried with backoff (1, 3, 7 days), then expired', async () => {
    clock.set(at('2026-05-01T00:00:00Z'));
    // Renewals charge the org's default card; without one they charge the license's own method.
    await t.prisma.paymentMethod.updateMany({ where: { orgId: 101 }, data: { isDefault: false } });
    const { license: bought } = await buyOk(t, 'alice@acme.test', { paymentMethodId: 'pm_sandbox_fail_renewal' });
    clock.set(at('2026-06-01T00:30:00Z'));
    await runRenewals(deps());
    let l = await license(bought.id);
    expect(l).toMatchObject({
      status: 'suspended',
      renewalAttempts: 1,
      nextRetryAt: at('2026-06-02T00:30:00Z'),
      expiresAt: at('2026-06-01T00:00:00Z'),
    });
    const history = await t.prisma.licenseStatusHistory.findMany({ where: { licenseId: bought.id }, orderBy: { id: 'asc' } });
    expect(history.at(-1)).toMatchObject({ oldStatus: 'active', newStatus: 'suspended', reason: 'Payment failed', changedById: null });
    const failedNote = await t.prisma.notification.findFirstOrThrow({ where: { type: 'renewal_failed', relatedEntityId: bought.id } });
    expect(failedNote.message).toContain('we will retry on 2026-06-02');

    // Not due again before the retry time, and the expiry job leaves it alone.
    await runRenewals(deps());
    await runExpiry(deps());
    expect(await license(bought.id)).toMatchObject({ status: 'suspended', renewalAttempts: 1 });

    clock.set(at('2026-06-02T01:00:00Z'));
    await runRenewals(deps());
    expect(await license(bought.id)).toMatchObject({ status: 'suspended', renewalAttempts: 2, nextRetryAt: at('2026-06-05T01:00:00Z') });
    clock.set(at('2026-06-05T01:00:00Z'));
    await runRenewals(deps());
    expect(await license(bought.id)).toMatchObject({ status: 'suspended', renewalAttempts: 3, nextRetryAt: at('2026-06-12T01:00:00Z') });
    clock.set(at('2026-06-12T01:00:00Z'));
    expect(await runRenewals(deps())).toMatchObject({ expired: 1 });
    l = await license(bought.id);
    expect(l).toMatchObject({ status: 'expired', renewalAttempts: MAX_RENEWAL_ATTEMPTS, nextRetryAt: null });
    const last = await t.prisma.licenseStatusHistory.findFirstOrThrow({ where: { licenseId: bought.id }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({
      oldStatus: 'suspended',
      newStatus: 'expired',
      reason: 'Renewal failed after 4 attempts (The card was declined for this renewal.)',
    });

    // One renewal row for the period (unique per license + period start), four declined charges.
    const renewals = await t.prisma.subscriptionRenewal.findMany({ where: { licenseId: bought.id }, include: { payments: true } });
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({ status: 'failed', attempts: 4, periodStart: at('2026-06-01T00:00:00Z') });
    expect(renewals[0]!.payments.map((p) => p.status)).toEqual(['declined', 'declined', 'declined', 'declined']);
    expect(await t.prisma.invoice.count({ where: { renewalId: renewals[0]!.id } })).toBe(0);
    clock.set(at('2026-07-01T00:00:00Z'));
    const historyCount = await t.prisma.licenseStatusHistory.count({ where: { licenseId: bought.id } });
    await runRenewals(deps());
    await runExpiry(deps());
    expect(await t.prisma.licenseStatusHistory.count({ where: { licenseId: bought.id } })).toBe(historyCount);
    expect((await license(bought.id)).status).toBe('expired');
  });

  it('a failed renewal recovers once the payment method is fixed: back to active, period continuous', async () => {
    clock.set(at('2026-05-10T00:00:00Z'));
    // Renewals charge the org's default card; without one they charge the license's own method.
    await t.prisma.paymentMethod.updateMany({ where: { orgId: 101 }, data: { isDefault: false } });
    const { license: bought } = await buyOk(t, 'alice@acme.test', { paymentMethodId: 'pm_sandbox_fail_renewal' });
    clock.set(at('2026-06-10T01:00:00Z'));
    await runRenewals(deps());
    expect((await license(bought.id)).status).toBe('suspended');
    const fix = await t.gqlOk(
      `mutation($id: Int!) { licenseSetAutoRenew(input: { licenseId: $id, autoRenew: true, paymentMethodId: "pm_123abc" }) { errors { code } license { paymentMethodLabel } } }`,
      { id: bought.id },
      { as: 'alice@acme.test' },
    );
    expect(fix.licenseSetAutoRenew).toEqual({ errors: [], license: { paymentMethodLabel: 'Visa ending 4242' } });
    clock.set(at('2026-06-11T02:00:00Z'));
    await runRenewals(deps());
    const l = await license(bought.id);
    expect(l).toMatchObject({ status: 'active', renewalAttempts: 0, nextRetryAt: null, expiresAt: at('2026-07-10T00:00:00Z') });
    const last = await t.prisma.licenseStatusHistory.findFirstOrThrow({ where: { licenseId: bought.id }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({
      oldStatus: 'suspended',
      newStatus: 'active',
      reason: 'Renewal payment succeeded; renewed until 2026-07-10',
    });
    const renewal = await t.prisma.subscriptionRenewal.findFirstOrThrow({ where: { licenseId: bought.id } });
    expect(renewal).toMatchObject({ status: 'active', attempts: 2, failureReason: null, paymentMethodId: 'pm_123abc' });
  });

  it('expiry without auto-renew: the license expires at the end of its period (and a cancelled one says so)', async () => {
    clock.set(at('2026-07-01T00:00:00Z'));
    const noRenew = (await buyOk(t, 'alice@acme.test', { autoRenew: false })).license;
    const cancelled = (await buyOk(t, 'alice@acme.test')).license;
    await t.gqlOk(
      `mutation($id: Int!) { licenseCancel(input: { licenseId: $id }) { errors { code } } }`,
      { id: cancelled.id },
      { as: 'alice@acme.test' },
    );

    clock.set(at('2026-07-31T23:00:00Z'));
    await runExpiry(deps());
    expect((await license(noRenew.id)).status).toBe('active');

    clock.set(at('2026-08-01T00:10:00Z'));
    await runRenewals(deps());
    expect((await license(noRenew.id)).status).toBe('active'); // not the renewal job's
    const report = await runExpiry(deps());
    expect(report.expired).toBeGreaterThanOrEqual(2);
    const [a, b] = [await license(noRenew.id), await license(cancelled.id)];
    expect(a.status).toBe('expired');
    expect(b.status).toBe('expired');
    const reasons = await t.prisma.licenseStatusHistory.findMany({
      where: { licenseId: { in: [noRenew.id, cancelled.id] }, newStatus: 'expired' },
      orderBy: { licenseId: 'asc' },
    });
    expect(reasons.map((r) => r.reason)).toEqual(['Automatic expiration', 'Renewal cancelled: expired at the end of the period']);
    expect(await t.prisma.subscriptionRenewal.count({ where: { licenseId: { in: [noRenew.id, cancelled.id] } } })).toBe(0);
    expect(
      await t.prisma.notification.count({
        where: { type: 'license_expiring', relatedEntityId: noRenew.id, title: { contains: 'expired' } },
      }),
    ).toBe(1);
    expect((await runExpiry(deps())).expired).toBe(0);
  });

  it('one "expires in 30 days" notice per period, even with two workers at once', async () => {
    clock.set(at('2026-08-01T00:00:00Z'));
    const { license: yearly } = await buyOk(t, 'alice@acme.test', { planId: 2, autoRenew: false });
    expect(yearly.expiresAt).toBe('2027-08-01T00:00:00.000Z');
    const notices = () => t.prisma.notification.findMany({ where: { type: 'license_expiring', relatedEntityId: yearly.id } });

    clock.set(at('2027-06-20T00:00:00Z')); // 42 days before: too early
    await runExpiryNotices(deps());
    expect(await notices()).toHaveLength(0);

    clock.set(at('2027-07-02T09:00:00Z')); // 30 days before
    const other = createPrismaClient(t.databaseUrl, { max: 3 });
    try {
      await Promise.all([runExpiryNotices(deps()), runExpiryNotices({ ...deps(), prisma: other })]);
    } finally {
      await other.$disconnect();
    }
    const sent = await notices();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ recipientUserId: 42, title: 'CRM Pro expires in 30 days' });
    expect(sent[0]!.message).toContain('expires on 2027-08-01');
    expect((await license(yearly.id)).expiryNoticeSentFor).toEqual(at('2027-08-01T00:00:00Z'));
    expect(await t.prisma.emailDelivery.count({ where: { notificationId: sent[0]!.id } })).toBe(1);

    clock.set(at('2027-07-20T09:00:00Z'));
    await runExpiryNotices(deps());
    expect(await notices()).toHaveLength(1);
  });

  it('an admin-suspended license whose period ends is expired, not renewed', async () => {
    clock.set(at('2026-09-01T00:00:00Z'));
    const { license: bought } = await buyOk(t, 'alice@acme.test');
    await t.gqlOk(
      `mutation($id: Int!) { licenseSuspend(input: { licenseId: $id, reason: "Investigation" }) { errors { code } } }`,
      { id: bought.id },
      { as: 'admin@webkernel.com' },
    );
    clock.set(at('2026-10-01T01:00:00Z'));
    await runRenewals(deps());
    expect((await license(bought.id)).status).toBe('suspended');
    await runExpiry(deps());
    const l = await license(bought.id);
    expect(l.status).toBe('expired');
    expect(
      (await t.prisma.licenseStatusHistory.findFirstOrThrow({ where: { licenseId: bought.id }, orderBy: { id: 'desc' } })).reason,
    ).toBe('Period ended while suspended');
  });
});

describe('chainAnchor', () => {
  const p = (s: string, e: string | null) => ({ startsAt: at(s), expiresAt: e ? at(e) : null });
  it('finds the start of the current run of back-to-back periods', () => {
    const periods = [
      p('2024-01-31T00:00:00Z', '2024-02-29T00:00:00Z'),
      p('2024-02-29T00:00:00Z', '2024-03-31T00:00:00Z'),
      p('2024-03-31T00:00:00Z', '2024-04-30T00:00:00Z'),
    ];
    expect(chainAnchor(periods, at('2024-04-30T00:00:00Z'))).toEqual(at('2024-01-31T00:00:00Z'));
  });
  it('restarts after a gap, and is undefined when the expiry is unknown', () => {
    const periods = [p('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'), p('2024-05-10T00:00:00Z', '2024-06-10T00:00:00Z')];
    expect(chainAnchor(periods, at('2024-06-10T00:00:00Z'))).toEqual(at('2024-05-10T00:00:00Z'));
    expect(chainAnchor(periods, at('2025-01-01T00:00:00Z'))).toBeUndefined();
  });
});
