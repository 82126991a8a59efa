import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runCleanup } from '../../jobs/cleanup.job';
import {
  ACME,
  ANALYTICS,
  buy,
  buyInput,
  buyOk,
  codes,
  CRM,
  CRM_CONTRACT,
  ERP,
  ERP_CONTRACT,
  newKey,
  PLAN,
  protocolCode,
  PURCHASE_CREATE,
  PURCHASE_QUOTE,
  sandbox,
  TECHSTART,
} from './test-support/checkout-fixtures';

const quoteInput = (over: Record<string, unknown> = {}) => ({ orgId: ACME, moduleId: CRM, planId: PLAN.crmMonthly, ...over });

describe('purchaseQuote', () => {
  const t = useTestApp();

  it('prices CRM Pro Monthly for Acme (GB with a VAT id, platform in US): reverse-charged, tax 0.00', async () => {
    const { purchaseQuote } = await t.gqlOk(PURCHASE_QUOTE, { input: quoteInput() }, { as: 'alice@acme.test' });
    expect(purchaseQuote.errors).toEqual([]);
    expect(purchaseQuote.quote).toMatchObject({
      currency: 'USD',
      subtotal: { amount: '49.00', currency: 'USD' },
      discount: { amount: '0.00' },
      taxableAmount: { amount: '49.00' },
      taxRate: '0.00',
      taxName: 'VAT',
      reverseCharge: true,
      tax: { amount: '0.00' },
      total: { amount: '49.00' },
      requiresPayment: true,
      renews: true,
      couponCode: null,
    });
    expect(purchaseQuote.quote.reverseChargeNote).toMatch(/reverse charge/i);
    expect(purchaseQuote.quote.lines).toEqual([
      { description: 'CRM Pro — Monthly', amount: { amount: '49.00' } },
      { description: 'VAT — reverse charge', amount: { amount: '0.00' } },
    ]);
    const expires = new Date(purchaseQuote.quote.expiresAt);
    expect(expires.getTime()).toBeGreaterThan(Date.now() + 27 * 86400_000);
  });

  it('applies a coupon case-insensitively: annual20 on the Annual plan = 20 % of 490.00', async () => {
    const { purchaseQuote } = await t.gqlOk(
      PURCHASE_QUOTE,
      { input: quoteInput({ planId: PLAN.crmAnnual, couponCode: '  annual20 ' }) },
      { as: 'alice@acme.test' },
    );
    expect(purchaseQuote.errors).toEqual([]);
    expect(purchaseQuote.quote).toMatchObject({
      subtotal: { amount: '490.00' },
      discount: { amount: '98.00' },
      total: { amount: '392.00' },
      couponCode: 'ANNUAL20',
    });
    expect(purchaseQuote.quote.lines[1]).toEqual({ description: 'Discount (ANNUAL20)', amount: { amount: '-98.00' } });
  });

  it('charges tax when the org is not reverse-charged, with region precedence (US/CA 7.25 % → 3.55 on 49.00)', async () => {
    const org = await t.prisma.organization.create({
      data: { name: 'Cali Co', slug: `cali-${Date.now()}`, billingCountry: 'US', billingRegion: 'CA' },
    });
    await t.prisma.membership.create({
      data: { orgId: org.id, userId: await t.userId('alice@acme.test'), role: 'admin', permissions: ['all'] },
    });
    // A country-wide US rule must lose against the CA rule.
    await t.prisma.taxRule.create({
      data: {
        countryCode: 'US',
        region: null,
        taxName: 'Federal test tax',
        taxRate: '0.0500',
        effectiveFrom: new Date('2024-01-01T00:00:00Z'),
      },
    });
    const { purchaseQuote } = await t.gqlOk(PURCHASE_QUOTE, { input: quoteInput({ orgId: org.id }) }, { as: 'alice@acme.test' });
    expect(purchaseQuote.quote).toMatchObject({
      taxName: 'Sales Tax',
      taxRate: '0.0725',
      reverseCharge: false,
      tax: { amount: '3.55' },
      total: { amount: '52.55' },
      reverseChargeNote: null,
    });
    expect(purchaseQuote.quote.lines[1]).toEqual({ description: 'Sales Tax (7.25%)', amount: { amount: '3.55' } });

    // Another region of the same country gets the country-wide rule.
    await t.prisma.organization.update({ where: { id: org.id }, data: { billingRegion: 'NY' } });
    const ny = await t.gqlOk(PURCHASE_QUOTE, { input: quoteInput({ orgId: org.id, planId: PLAN.crmAnnual }) }, { as: 'alice@acme.test' });
    expect(ny.purchaseQuote.quote).toMatchObject({ taxName: 'Federal test tax', tax: { amount: '24.50' }, total: { amount: '514.50' } });
  });

  it('charges VAT to an EU org without a tax id (DE 19 % of 49.00 = 9.31)', async () => {
    const org = await t.prisma.organization.create({ data: { name: 'Berlin GmbH', slug: `berlin-${Date.now()}`, billingCountry: 'DE' } });
    await t.prisma.membership.create({
      data: { orgId: org.id, userId: await t.userId('alice@acme.test'), role: 'admin', permissions: ['all'] },
    });
    const { purchaseQuote } = await t.gqlOk(PURCHASE_QUOTE, { input: quoteInput({ orgId: org.id }) }, { as: 'alice@acme.test' });
    expect(purchaseQuote.quote).toMatchObject({
      taxRate: '0.19',
      tax: { amount: '9.31' },
      total: { amount: '58.31' },
      reverseCharge: false,
    });
  });

  it.each([
    ['an unknown coupon', { couponCode: 'NOPE123' }, 'COUPON_NOT_FOUND', 'couponCode'],
    ['an inactive coupon', { couponCode: 'launch50' }, 'COUPON_INACTIVE', 'couponCode'],
    [
      'an expired coupon (CUSTOM100 ended 2024-12-31)',
      { moduleId: ERP, planId: PLAN.erpCustom, days: 10, couponCode: 'CUSTOM100' },
      'COUPON_EXPIRED',
      'couponCode',
    ],
    ['a coupon scoped to another plan', { couponCode: 'ANNUAL20' }, 'COUPON_NOT_APPLICABLE', 'couponCode'],
    ['a custom plan without days', { moduleId: ERP, planId: PLAN.erpCustom }, 'DAYS_REQUIRED', 'days'],
    ['a custom plan with 0 days', { moduleId: ERP, planId: PLAN.erpCustom, days: 0 }, 'DAYS_INVALID', 'days'],
    ['a plan of another module', { planId: PLAN.erpCustom }, 'PLAN_NOT_FOUND', 'planId'],
  ])('refuses %s', async (_label, over, code, field) => {
    const r = await t.gql(PURCHASE_QUOTE, { input: quoteInput(over) }, { as: 'alice@acme.test' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.purchaseQuote.quote).toBeNull();
    expect(r.data!.purchaseQuote.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code, field })]));
  });

  it('refuses an inactive plan with PLAN_INACTIVE', async () => {
    const plan = await t.prisma.pricingPlan.create({
      data: { moduleId: CRM, planType: 'subscription', name: 'Retired', priceAmount: '10.00', billingCycle: 'monthly', isActive: false },
    });
    const r = await t.gqlOk(PURCHASE_QUOTE, { input: quoteInput({ planId: plan.id }) }, { as: 'alice@acme.test' });
    expect(r.purchaseQuote.errors).toEqual([expect.objectContaining({ code: 'PLAN_INACTIVE', field: 'planId' })]);
  });

  it('a module that is not published is NOT_FOUND', async () => {
    const m = await t.prisma.module.create({ data: { vendorId: 3, slug: `draft-${Date.now()}`, name: 'Draft', status: 'draft' } });
    const plan = await t.prisma.pricingPlan.create({
      data: { moduleId: m.id, planType: 'subscription', name: 'M', priceAmount: '5.00', billingCycle: 'monthly' },
    });
    const r = await t.gql(PURCHASE_QUOTE, { input: quoteInput({ moduleId: m.id, planId: plan.id }) }, { as: 'alice@acme.test' });
    expect(protocolCode(r)).toBe('NOT_FOUND');
  });

  it.each([
    ['the viewer', 'viewer@acme.test', 'FORBIDDEN'],
    ['the developer', 'dev@acme.test', 'FORBIDDEN'],
    ["another org's admin", 'tom@techstart.test', 'NOT_FOUND'],
    ['a vendor without an org', 'john@johndoe.test', 'NOT_FOUND'],
  ])('refuses %s (%s)', async (_label, as, code) => {
    const r = await t.gql(PURCHASE_QUOTE, { input: quoteInput() }, { as });
    expect(protocolCode(r)).toBe(code);
    expect(r.data).toBeNull();
  });

  it('refuses anonymous callers', async () => {
    const r = await t.gql(PURCHASE_QUOTE, { input: quoteInput() });
    expect(protocolCode(r)).toBe('UNAUTHENTICATED');
  });
});

describe('checkoutOptions', () => {
  const t = useTestApp();
  const Q = `query($orgId: Int!, $slug: String!) { checkoutOptions(orgId: $orgId, moduleSlug: $slug) {
    module { id slug name vendorName } plans { id name planType billingCycle price { amount } ratePerDay { amount } }
    contract { id version contractType termsUrl body } paymentMethods { id label kind last4 } billingCountry taxId } }`;

  it('lists the active plans, the contract in force and the payment methods (stored first, then sandbox cards)', async () => {
    const { checkoutOptions } = await t.gqlOk(Q, { orgId: ACME, slug: 'crm-pro' }, { as: 'alice@acme.test' });
    expect(checkoutOptions.module).toEqual({ id: CRM, slug: 'crm-pro', name: 'CRM Pro', vendorName: 'Webkernel Labs' });
    expect(checkoutOptions.plans.map((p: { name: string }) => p.name)).toEqual(['Monthly', 'Annual', 'Lifetime']);
    expect(checkoutOptions.plans[0].price).toEqual({ amount: '49.00' });
    expect(checkoutOptions.contract).toMatchObject({ id: CRM_CONTRACT, version: '1.1', contractType: 'eula' });
    expect(checkoutOptions.contract.body).toContain('End User License Agreement 1.1');
    expect(checkoutOptions.paymentMethods.map((m: { id: string }) => m.id)).toEqual([
      'pm_123abc',
      'pm_sandbox_success',
      'pm_sandbox_declined',
      'pm_sandbox_fail_renewal',
    ]);
    expect(checkoutOptions.paymentMethods[0]).toMatchObject({ kind: 'stored', last4: '4242' });
    expect(checkoutOptions).toMatchObject({ billingCountry: 'GB', taxId: 'GB123456789' });
  });

  it('custom plans show their daily rate', async () => {
    const { checkoutOptions } = await t.gqlOk(Q, { orgId: TECHSTART, slug: 'custom-erp' }, { as: 'tom@techstart.test' });
    expect(checkoutOptions.plans).toEqual([
      { id: PLAN.erpCustom, name: 'Custom Dev', planType: 'custom', billingCycle: 'custom', price: null, ratePerDay: { amount: '450.00' } },
    ]);
    expect(checkoutOptions.contract.id).toBe(ERP_CONTRACT);
    expect(checkoutOptions.paymentMethods[0].id).toBe('pm_456def');
  });

  it.each([
    ['viewer@acme.test', ACME, 'FORBIDDEN'],
    ['dev@acme.test', ACME, 'FORBIDDEN'],
    ['tom@techstart.test', ACME, 'NOT_FOUND'],
    ['alice@acme.test', ACME, 'NOT_FOUND', 'no-such-module'],
  ])('%s on org %s → %s', async (as, orgId, code, slug = 'crm-pro') => {
    const r = await t.gql(Q, { orgId, slug }, { as });
    expect(protocolCode(r)).toBe(code);
  });
});

describe('purchaseCreate', () => {
  const t = useTestApp();

  it('buys CRM Pro Monthly: purchase, license, period, history, acceptance, receipt, payment, audit, notification — in one go', async () => {
    const ledgerBefore = sandbox(t).ledger.length;
    const r = await buy(t, 'alice@acme.test', {}, { 'user-agent': 'jest-checkout/1.0' });
    expect(r.errors).toBeUndefined();
    const p = r.data!.purchaseCreate;
    expect(p.errors).toEqual([]);
    expect(p.replayed).toBe(false);
    expect(p.purchase).toMatchObject({
      orgId: ACME,
      status: 'completed',
      subtotal: { amount: '49.00', currency: 'USD' },
      discount: { amount: '0.00' },
      tax: { amount: '0.00' },
      total: { amount: '49.00' },
      reverseCharge: true,
      paymentMethodLabel: 'Sandbox card — always succeeds',
      module: { slug: 'crm-pro' },
      plan: { name: 'Monthly' },
    });
    expect(p.license.licenseKey).toMatch(/^MODLIC-CRM-101-[A-HJ-NP-Z2-9]{12}$/);
    expect(p.license).toMatchObject({ status: 'active', autoRenew: true });
    const starts = new Date(p.license.startsAt);
    const expires = new Date(p.license.expiresAt);
    expect(expires.getUTCMonth()).toBe((starts.getUTCMonth() + 1) % 12);
    expect(p.receipt.number).toMatch(/^INV-\d{4}-\d{6}$/);
    expect(p.receipt).toMatchObject({
      total: { amount: '49.00' },
      reverseCharge: true,
      downloadUrl: `/api/receipts/${p.receipt.number}.html`,
    });
    expect(p.receipt.notes[0]).toMatch(/reverse charge/);

    const licenseId = p.license.id;
    const purchase = await t.prisma.purchase.findUniqueOrThrow({ where: { id: p.purchase.id } });
    expect(purchase).toMatchObject({ purchasedById: 42, vendorId: 1, paymentMethodId: 'pm_sandbox_success', couponId: null });
    expect(purchase.commissionAmount.toFixed(2)).toBe('0.00');
    expect(purchase.vendorAmount.toFixed(2)).toBe('49.00');
    const [periods, history, acceptances, payments, audits, notes, mails] = await Promise.all([
      t.prisma.licensePeriod.findMany({ where: { licenseId } }),
      t.prisma.licenseStatusHistory.findMany({ where: { licenseId } }),
      t.prisma.licenseContractAcceptance.findMany({ where: { licenseId } }),
      t.prisma.payment.findMany({ where: { purchaseId: purchase.id } }),
      t.prisma.auditLog.findMany({ where: { entityType: 'purchase', entityId: String(purchase.id) } }),
      t.prisma.notification.findMany({ where: { type: 'purchase_completed', relatedEntityId: licenseId } }),
      t.prisma.emailDelivery.findMany({ where: { subject: { contains: 'Purchase completed' } } }),
    ]);
    expect(periods).toHaveLength(1);
    expect(periods[0]!.expiresAt?.toISOString()).toBe(expires.toISOString());
    expect(history).toEqual([
      expect.objectContaining({ oldStatus: 'pending', newStatus: 'active', changedById: 42, reason: 'Payment confirmed' }),
    ]);
    expect(acceptances).toEqual([expect.objectContaining({ contractId: CRM_CONTRACT, acceptedById: 42, userAgent: 'jest-checkout/1.0' })]);
    expect(acceptances[0]!.ipAddress).toMatch(/127\.0\.0\.1/);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'succeeded', provider: 'sandbox', currency: 'USD' });
    expect(payments[0]!.amount.toFixed(2)).toBe('49.00');
    expect(payments[0]!.providerChargeId).toMatch(/^ch_sbx_/);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ userId: 42, orgId: ACME, actionType: 'create', userAgent: 'jest-checkout/1.0' });
    expect(notes).toEqual([expect.objectContaining({ recipientUserId: 42, recipientType: 'user' })]);
    expect(notes[0]!.message).toContain(p.license.licenseKey);
    expect(mails.map((m) => m.toAddress)).toEqual(['alice@acme.test']);
    const ops = sandbox(t)
      .ledger.slice(ledgerBefore)
      .map((o) => o.kind);
    expect(ops).toEqual(['authorize', 'capture']);
    expect(await sandbox(t).openHolds()).toEqual([]);
  });

  it('requires the contract in force: none or an older version → CONTRACT_NOT_ACCEPTED, nothing created; the key can then be reused', async () => {
    const before = await t.prisma.purchase.count();
    const key = newKey();
    for (const acceptContractId of [null, 1]) {
      const r = await buy(t, 'alice@acme.test', { acceptContractId, idempotencyKey: key });
      expect(r.data!.purchaseCreate.errors).toEqual([
        expect.objectContaining({ code: 'CONTRACT_NOT_ACCEPTED', field: 'acceptContractId' }),
      ]);
      expect(r.data!.purchaseCreate.license).toBeNull();
    }
    expect(await t.prisma.purchase.count()).toBe(before);
    const ok = await buyOk(t, 'alice@acme.test', { idempotencyKey: key });
    expect(ok.license.status).toBe('active');
  });

  it('a declined card → PAYMENT_DECLINED: no purchase, no license, no coupon use, no receipt; the attempt is logged', async () => {
    const coupon = await t.prisma.coupon.create({
      data: { code: `DECL${Date.now()}`, discountType: 'fixed', discountValue: '5.00', maxUses: 3 },
    });
    const counts = async () => ({
      purchases: await t.prisma.purchase.count(),
      licenses: await t.prisma.license.count(),
      invoices: await t.prisma.invoice.count(),
      timesUsed: (await t.prisma.coupon.findUniqueOrThrow({ where: { id: coupon.id } })).timesUsed,
    });
    const before = await counts();
    const key = newKey();
    const r = await buy(t, 'alice@acme.test', { paymentMethodId: 'pm_sandbox_declined', couponCode: coupon.code, idempotencyKey: key });
    expect(r.data!.purchaseCreate.errors).toEqual([expect.objectContaining({ code: 'PAYMENT_DECLINED', field: 'paymentMethodId' })]);
    expect(r.data!.purchaseCreate.purchase).toBeNull();
    expect(await counts()).toEqual(before);
    const declined = await t.prisma.payment.findMany({ where: { status: 'declined', orgId: ACME } });
    expect(declined).toHaveLength(1);
    expect(declined[0]!.amount.toFixed(2)).toBe('44.00');
    expect(declined[0]!.purchaseId).toBeNull();
    // The same key and input returns the same (declined) result, without a second charge attempt.
    const attempts = sandbox(t).ledger.filter((o) => o.kind === 'authorize' && o.method === 'pm_sandbox_declined').length;
    const again = await buy(t, 'alice@acme.test', { paymentMethodId: 'pm_sandbox_declined', couponCode: coupon.code, idempotencyKey: key });
    expect(again.data!.purchaseCreate).toMatchObject({ replayed: true, errors: [expect.objectContaining({ code: 'PAYMENT_DECLINED' })] });
    expect(sandbox(t).ledger.filter((o) => o.kind === 'authorize' && o.method === 'pm_sandbox_declined').length).toBe(attempts);
  });

  it('needs a usable payment method for paid plans', async () => {
    const none = await buy(t, 'alice@acme.test', { paymentMethodId: null });
    expect(codes(none, 'purchaseCreate')).toEqual(['PAYMENT_METHOD_REQUIRED']);
    const otherOrgs = await buy(t, 'alice@acme.test', { paymentMethodId: 'pm_456def' });
    expect(otherOrgs.data!.purchaseCreate.errors).toEqual([
      expect.objectContaining({ code: 'PAYMENT_METHOD_INVALID', field: 'paymentMethodId' }),
    ]);
    const stored = await buyOk(t, 'alice@acme.test', { paymentMethodId: 'pm_123abc' });
    expect(stored.purchase.paymentMethodLabel).toBe('Visa ending 4242');
  });

  it('a freemium plan skips payment: active license that never expires, a 0.00 receipt, no charge', async () => {
    const ledgerBefore = sandbox(t).ledger.length;
    const p = await buyOk(t, 'alice@acme.test', {
      moduleId: ANALYTICS,
      planId: PLAN.analyticsFree,
      paymentMethodId: null,
      acceptContractId: null,
    });
    expect(p.purchase.total).toEqual({ amount: '0.00', currency: 'USD' });
    expect(p.license).toMatchObject({ status: 'active', expiresAt: null, autoRenew: false });
    expect(p.license.licenseKey).toMatch(/^MODLIC-ANALYT-101-/);
    expect(p.receipt.total).toEqual({ amount: '0.00' });
    expect(sandbox(t).ledger.length).toBe(ledgerBefore);
    expect(await t.prisma.payment.count({ where: { purchaseId: p.purchase.id } })).toBe(0);
    const history = await t.prisma.licenseStatusHistory.findMany({ where: { licenseId: p.license.id } });
    expect(history[0]!.reason).toBe('Free plan activated');
  });

  it('Lifetime is perpetual: no expiry, no auto-renew', async () => {
    const p = await buyOk(t, 'alice@acme.test', { planId: PLAN.crmLifetime, autoRenew: true });
    expect(p.license).toMatchObject({ expiresAt: null, autoRenew: false });
    expect(p.purchase.total.amount).toBe('999.00');
  });

  it('autoRenew: false is respected for subscriptions', async () => {
    const p = await buyOk(t, 'alice@acme.test', { autoRenew: false });
    expect(p.license.autoRenew).toBe(false);
  });

  it('is idempotent: the same key and input returns the first result; different input is refused', async () => {
    const key = newKey();
    const first = await buyOk(t, 'alice@acme.test', { idempotencyKey: key });
    const second = await buyOk(t, 'alice@acme.test', { idempotencyKey: key });
    expect(second.replayed).toBe(true);
    expect(second.purchase.id).toBe(first.purchase.id);
    expect(second.license.licenseKey).toBe(first.license.licenseKey);
    expect(second.receipt.number).toBe(first.receipt.number);
    expect(
      await t.prisma.purchase.count({
        where: { payments: { some: { idempotencyKey: { contains: 'purchase-' } } }, id: first.purchase.id },
      }),
    ).toBe(1);

    const different = await buy(t, 'alice@acme.test', { idempotencyKey: key, planId: PLAN.crmAnnual });
    expect(different.data!.purchaseCreate.errors).toEqual([
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' }),
    ]);

    const row = await t.prisma.idempotencyKey.findFirstOrThrow({ where: { key } });
    expect(row.status).toBe('completed');
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
  });

  it('keys are per user: another admin of the org may use the same key string', async () => {
    const key = newKey();
    await buyOk(t, 'alice@acme.test', { idempotencyKey: key });
    const bob = await t.prisma.user.create({ data: { name: 'Bob Admin', email: `bob-${Date.now()}@acme.test`, passwordHash: 'x' } });
    await t.prisma.membership.create({ data: { orgId: ACME, userId: bob.id, role: 'admin', permissions: ['all'] } });
    const other = await buyOk(t, bob.email, { idempotencyKey: key });
    expect(other.replayed).toBe(false);
  });

  it('refuses a malformed idempotency key', async () => {
    const r = await buy(t, 'alice@acme.test', { idempotencyKey: 'short' });
    expect(r.data!.purchaseCreate.errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_INVALID', field: 'idempotencyKey' })]);
  });

  it.each([
    ['the viewer', 'viewer@acme.test', 'FORBIDDEN'],
    ['the developer', 'dev@acme.test', 'FORBIDDEN'],
    ["another org's admin", 'tom@techstart.test', 'NOT_FOUND'],
    ['a vendor without an org', 'john@johndoe.test', 'NOT_FOUND'],
  ])('refuses %s and creates nothing', async (_label, as, code) => {
    const before = await t.prisma.purchase.count();
    const r = await buy(t, as);
    expect(protocolCode(r)).toBe(code);
    expect(await t.prisma.purchase.count()).toBe(before);
  });

  it('refuses anonymous callers', async () => {
    const r = await t.gql(PURCHASE_CREATE, { input: buyInput() });
    expect(protocolCode(r)).toBe('UNAUTHENTICATED');
  });

  it('purchase(id) is visible to billing members only', async () => {
    const p = await buyOk(t, 'alice@acme.test');
    const Q = `query($id: Int!) { purchase(id: $id) { id total { amount } module { name } } }`;
    expect((await t.gqlOk(Q, { id: p.purchase.id }, { as: 'alice@acme.test' })).purchase).toEqual({
      id: p.purchase.id,
      total: { amount: '49.00' },
      module: { name: 'CRM Pro' },
    });
    expect((await t.gqlOk(Q, { id: p.purchase.id }, { as: 'admin@webkernel.com' })).purchase.id).toBe(p.purchase.id);
    expect(protocolCode(await t.gql(Q, { id: p.purchase.id }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(protocolCode(await t.gql(Q, { id: p.purchase.id }, { as: 'dev@acme.test' }))).toBe('FORBIDDEN');
    expect(protocolCode(await t.gql(Q, { id: p.purchase.id }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
  });
});

describe('seed check: purchase 2 (Custom ERP, 10 days, CUSTOM100) priced inside the coupon window', () => {
  // CUSTOM100 is valid from 2024-06-01 to 2024-12-31; before 2025-02-15 CRM's contract in force is 1.0.
  const t = useTestApp({ clock: new FixedClock(new Date('2024-12-01T10:00:00Z')) });

  it('4500.00 − 100.00 coupon = 4400.00 charged (reverse-charged); commission 1350.00, vendor 3150.00', async () => {
    const q = await t.gqlOk(
      PURCHASE_QUOTE,
      { input: { orgId: TECHSTART, moduleId: ERP, planId: PLAN.erpCustom, days: 10, couponCode: 'custom100' } },
      { as: 'tom@techstart.test' },
    );
    expect(q.purchaseQuote.quote).toMatchObject({
      subtotal: { amount: '4500.00' },
      discount: { amount: '100.00' },
      tax: { amount: '0.00' },
      total: { amount: '4400.00' },
      days: 10,
      reverseCharge: true,
      renews: false,
    });
    expect(q.purchaseQuote.quote.lines[0].description).toBe('Custom ERP — Custom Dev (10 days)');

    const before = (await t.prisma.coupon.findUniqueOrThrow({ where: { code: 'CUSTOM100' } })).timesUsed;
    const p = await buyOk(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: ERP,
      planId: PLAN.erpCustom,
      days: 10,
      couponCode: 'CUSTOM100',
      paymentMethodId: 'pm_456def',
      acceptContractId: ERP_CONTRACT,
    });
    expect(p.purchase).toMatchObject({
      subtotal: { amount: '4500.00' },
      discount: { amount: '100.00' },
      total: { amount: '4400.00' },
      customDays: 10,
      couponCode: 'CUSTOM100',
    });
    expect(p.license).toMatchObject({ expiresAt: null, autoRenew: false });
    const row = await t.prisma.purchase.findUniqueOrThrow({ where: { id: p.purchase.id } });
    expect(row.commissionRate.toFixed(4)).toBe('0.3000');
    expect(row.commissionAmount.toFixed(2)).toBe('1350.00');
    expect(row.vendorAmount.toFixed(2)).toBe('3150.00');
    expect((await t.prisma.coupon.findUniqueOrThrow({ where: { code: 'CUSTOM100' } })).timesUsed).toBe(before + 1);
    expect(p.receipt.number).toBe('INV-2024-000001');
    expect(p.receipt.lines.map((l: { amount: { amount: string } }) => l.amount.amount)).toEqual(['4500.00', '-100.00', '0.00']);
  });

  it('MIN_PURCHASE_NOT_MET below 1000.00 (2 days = 900.00)', async () => {
    const q = await t.gqlOk(
      PURCHASE_QUOTE,
      { input: { orgId: TECHSTART, moduleId: ERP, planId: PLAN.erpCustom, days: 2, couponCode: 'CUSTOM100' } },
      { as: 'tom@techstart.test' },
    );
    expect(q.purchaseQuote.errors).toEqual([expect.objectContaining({ code: 'MIN_PURCHASE_NOT_MET', field: 'couponCode' })]);
  });

  it('the contract in force is the one effective at that moment (CRM 1.0 before 2025-02-15)', async () => {
    const refused = await buy(t, 'alice@acme.test', { acceptContractId: CRM_CONTRACT });
    expect(codes(refused, 'purchaseCreate')).toEqual(['CONTRACT_NOT_ACCEPTED']);
    const ok = await buyOk(t, 'alice@acme.test', { acceptContractId: 1 });
    const acc = await t.prisma.licenseContractAcceptance.findFirstOrThrow({ where: { licenseId: ok.license.id } });
    expect(acc.contractId).toBe(1);
  });
});

describe('platform in the same country as the buyer', () => {
  const t = useTestApp({ config: { platformCountry: 'GB' } });

  it('is not reverse-charged: Acme (GB) pays 20 % VAT on 49.00 = 9.80', async () => {
    const p = await buyOk(t, 'alice@acme.test');
    expect(p.purchase).toMatchObject({ tax: { amount: '9.80' }, total: { amount: '58.80' }, reverseCharge: false, taxRate: '0.20' });
    expect(p.receipt.lines.map((l: { description: string }) => l.description)).toEqual(['CRM Pro — Monthly', 'VAT (20%)']);
    expect(p.receipt.notes).toEqual([]);
  });
});

describe('idempotency key retention', () => {
  const clock = new FixedClock(new Date('2026-06-01T10:00:00Z'));
  const t = useTestApp({ clock });

  it('keys are kept 24 h: replayed within, forgotten after (the cleanup job deletes them), then the key starts afresh', async () => {
    const key = newKey();
    const first = await buyOk(t, 'alice@acme.test', { idempotencyKey: key });
    clock.set(new Date('2026-06-02T09:59:00Z'));
    expect(await runCleanup({ prisma: t.prisma, config: t.config, clock, services: t.services })).toEqual({ idempotencyKeysDeleted: 0 });
    expect((await buyOk(t, 'alice@acme.test', { idempotencyKey: key })).purchase.id).toBe(first.purchase.id);
    clock.set(new Date('2026-06-02T10:01:00Z'));
    expect(await runCleanup({ prisma: t.prisma, config: t.config, clock, services: t.services })).toEqual({ idempotencyKeysDeleted: 1 });
    const later = await buyOk(t, 'alice@acme.test', { idempotencyKey: key });
    expect(later.replayed).toBe(false);
    expect(later.purchase.id).not.toBe(first.purchase.id);
  });

  it('an expired key that the cleanup has not reached yet is taken over', async () => {
    clock.set(new Date('2026-07-01T10:00:00Z'));
    const key = newKey();
    const first = await buyOk(t, 'alice@acme.test', { idempotencyKey: key });
    clock.set(new Date('2026-07-03T10:00:00Z'));
    const again = await buyOk(t, 'alice@acme.test', { idempotencyKey: key, planId: PLAN.crmAnnual });
    expect(again.replayed).toBe(false);
    expect(again.purchase.id).not.toBe(first.purchase.id);
  });
});
