import { useTestApp } from '../../test/harness';
import { buyOk, protocolCode } from '../checkout/test-support/checkout-fixtures';
import { makeLicense, makeLicensedOrg, makeMember, makeModule, makeOrgWithMember, makeUser, makeVendor } from '../../test/factories';

const LICENSE = `query($id: Int!) { license(id: $id) {
  id orgId licenseKey status startsAt expiresAt autoRenew cancelledAt isUsable paymentMethodLabel
  module { id slug name vendorName } plan { id name planType billingCycle price { amount currency } }
  statusHistory { oldStatus newStatus changedByName reason changedAt }
  renewals { periodStart periodEnd amount { amount } total { amount } status nextBillingDate }
  acceptances { contractId contractVersion acceptedByName ipAddress acceptedAt }
  activations { instanceName environment version isActive }
  periods { startsAt expiresAt }
} }`;

const LIST = `query($orgId: Int!, $filter: OrgLicensesFilter, $first: Int, $after: String) {
  orgLicenses(orgId: $orgId, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id licenseKey status module { slug } } } } }`;

const SET_AUTO = `mutation($input: LicenseSetAutoRenewInput!) { licenseSetAutoRenew(input: $input) { errors { code field message } license { id autoRenew cancelledAt paymentMethodLabel } } }`;
const CANCEL = `mutation($input: LicenseCancelInput!) { licenseCancel(input: $input) { errors { code field message } license { id status autoRenew cancelledAt expiresAt } } }`;
const adminOp = (name: string) =>
  `mutation($input: LicenseAdminActionInput!) { ${name}(input: $input) { errors { code field message } license { id status autoRenew } } }`;

describe('license queries', () => {
  const t = useTestApp();

  it('license(id) shows seed license 1 with its key, plan, history, renewals, acceptances, activations and both periods (license 4 folded in)', async () => {
    const { license } = await t.gqlOk(LICENSE, { id: 1 }, { as: 'viewer@acme.test' });
    expect(license).toMatchObject({
      id: 1,
      orgId: 101,
      licenseKey: 'MODLIC-CRM-101-ABC123',
      status: 'active',
      autoRenew: true,
      module: { slug: 'crm-pro', name: 'CRM Pro', vendorName: 'Webkernel Labs' },
      plan: { name: 'Annual', planType: 'subscription', billingCycle: 'yearly', price: { amount: '490.00', currency: 'USD' } },
      paymentMethodLabel: null, // billing data: a viewer has no billing permission (issue 12, item 7)
    });
    expect(license.statusHistory.map((h: { newStatus: string; reason: string }) => [h.newStatus, h.reason])).toEqual([
      ['expired', 'Automatic expiration (previous period)'],
      ['active', 'Payment confirmed'],
    ]);
    expect(license.statusHistory[1].changedByName).toBe('Alice Martin');
    expect(license.renewals).toEqual([
      expect.objectContaining({ amount: { amount: '490.00' }, status: 'active', nextBillingDate: '2026-01-01T00:00:00.000Z' }),
    ]);
    expect(license.acceptances).toEqual([
      expect.objectContaining({ contractId: 1, contractVersion: '1.0', acceptedByName: 'Alice Martin', ipAddress: '203.0.113.45' }),
    ]);
    expect(license.activations.map((a: { instanceName: string }) => a.instanceName)).toEqual(['Acme Production', 'Acme Staging']);
    expect(license.activations[0]).toMatchObject({ environment: 'production', version: '1.1.0', isActive: true });
    expect(license.periods.map((p: { startsAt: string }) => p.startsAt)).toEqual(['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it("another org's license is NOT_FOUND; platform admins may read it", async () => {
    expect(protocolCode(await t.gql(LICENSE, { id: 2 }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(LICENSE, { id: 1 }, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(LICENSE, { id: 999999 }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(LICENSE, { id: 1 }))).toBe('UNAUTHENTICATED');
    expect((await t.gqlOk(LICENSE, { id: 2 }, { as: 'admin@webkernel.com' })).license.licenseKey).toBe('MODLIC-ERP-102-XYZ789');
  });

  it('receipts on a license need a billing permission (viewer → FORBIDDEN on that field only)', async () => {
    const Q = `query($id: Int!) { license(id: $id) { id receipts { number total { amount } } } }`;
    const alice = await t.gqlOk(Q, { id: 1 }, { as: 'alice@acme.test' });
    expect(alice.license.receipts).toEqual([{ number: 'INV-2025-000001', total: { amount: '490.00' } }]);
    const viewer = await t.gql(Q, { id: 1 }, { as: 'viewer@acme.test' });
    expect(viewer.data!.license).toEqual({ id: 1, receipts: null });
    expect(viewer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('orgLicenses lists the org’s licenses, filters by status and module, and pages with stable cursors', async () => {
    const { org, email: admin, module, plan, license } = await makeLicensedOrg(t.prisma);
    const { email: dev } = await makeMember(t.prisma, org.id, 'developer');
    await makeLicense(t.prisma, { orgId: org.id, moduleId: module.id, planId: plan.id });
    const other = await makeModule(t.prisma);
    await makeLicense(t.prisma, { orgId: org.id, moduleId: other.module.id, planId: other.plans[0]!.id });
    const all = await t.gqlOk(LIST, { orgId: org.id }, { as: dev });
    expect(all.orgLicenses.totalCount).toBe(3);
    expect(
      all.orgLicenses.edges.every(
        (e: { node: { licenseKey: string } }) => e.node.licenseKey.startsWith('MODLIC-') && e.node.licenseKey.includes(`-${org.id}-`),
      ),
    ).toBe(true);

    const first = await t.gqlOk(LIST, { orgId: org.id, filter: { moduleId: module.id } }, { as: admin });
    expect(first.orgLicenses.totalCount).toBe(2);
    expect(first.orgLicenses.edges.map((e: { node: { id: number } }) => e.node.id)).toContain(license.id);
    const expired = await t.gqlOk(LIST, { orgId: org.id, filter: { status: 'expired' } }, { as: admin });
    expect(expired.orgLicenses.totalCount).toBe(0);

    const page1 = await t.gqlOk(LIST, { orgId: org.id, first: 2 }, { as: admin });
    expect(page1.orgLicenses.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gqlOk(LIST, { orgId: org.id, first: 2, after: page1.orgLicenses.pageInfo.endCursor }, { as: admin });
    const ids = [...page1.orgLicenses.edges, ...page2.orgLicenses.edges].map((e: { node: { id: number } }) => e.node.id);
    expect(new Set(ids).size).toBe(3);
    expect(page2.orgLicenses.pageInfo.hasNextPage).toBe(false);
  });

  it('orgLicenses of another org → NOT_FOUND; a member without view_modules → FORBIDDEN', async () => {
    const mine = await makeLicensedOrg(t.prisma);
    const other = await makeLicensedOrg(t.prisma);
    expect(protocolCode(await t.gql(LIST, { orgId: other.org.id }, { as: mine.email }))).toBe('NOT_FOUND');
    const ops = await makeMember(t.prisma, mine.org.id, 'viewer', { permissions: ['view_instances'] });
    expect(protocolCode(await t.gql(LIST, { orgId: mine.org.id }, { as: ops.email }))).toBe('FORBIDDEN');
  });
});

describe('licenseSetAutoRenew and licenseCancel', () => {
  const t = useTestApp();

  it('turns auto-renew off and on (history note + audit), changing the payment method', async () => {
    const { license } = await buyOk(t, 'alice@acme.test');
    const off = await t.gqlOk(SET_AUTO, { input: { licenseId: license.id, autoRenew: false } }, { as: 'alice@acme.test' });
    expect(off.licenseSetAutoRenew).toMatchObject({ errors: [], license: { autoRenew: false } });
    const on = await t.gqlOk(
      SET_AUTO,
      { input: { licenseId: license.id, autoRenew: true, paymentMethodId: 'pm_123abc' } },
      { as: 'alice@acme.test' },
    );
    expect(on.licenseSetAutoRenew).toMatchObject({ errors: [], license: { autoRenew: true, paymentMethodLabel: 'Visa ending 4242' } });
    const history = await t.prisma.licenseStatusHistory.findMany({ where: { licenseId: license.id }, orderBy: { id: 'asc' } });
    expect(history.map((h) => h.reason)).toEqual([
      'Payment confirmed',
      expect.stringMatching(/^Auto-renew turned off/),
      expect.stringMatching(/^Auto-renew turned on.*payment method changed$/),
    ]);
    expect(history.slice(1).every((h) => h.oldStatus === 'active' && h.newStatus === 'active' && h.changedById === 42)).toBe(true);
    expect(
      await t.prisma.auditLog.count({ where: { entityType: 'license', entityId: String(license.id), actionType: 'set_auto_renew' } }),
    ).toBe(2);
  });

  it('refuses auto-renew on a non-renewing license, and foreign payment methods', async () => {
    const lifetime = await buyOk(t, 'alice@acme.test', { planId: 3 });
    const r = await t.gqlOk(SET_AUTO, { input: { licenseId: lifetime.license.id, autoRenew: true } }, { as: 'alice@acme.test' });
    expect(r.licenseSetAutoRenew.errors).toEqual([expect.objectContaining({ code: 'LICENSE_NOT_RENEWABLE', field: 'autoRenew' })]);
    const monthly = await buyOk(t, 'alice@acme.test');
    const foreign = await t.gqlOk(
      SET_AUTO,
      { input: { licenseId: monthly.license.id, autoRenew: true, paymentMethodId: 'pm_456def' } },
      { as: 'alice@acme.test' },
    );
    expect(foreign.licenseSetAutoRenew.errors).toEqual([
      expect.objectContaining({ code: 'PAYMENT_METHOD_INVALID', field: 'paymentMethodId' }),
    ]);
  });

  it('cancel stops renewal but the license stays active until its period ends; twice → LICENSE_ALREADY_CANCELLED', async () => {
    const { license } = await buyOk(t, 'alice@acme.test');
    const r = await t.gqlOk(CANCEL, { input: { licenseId: license.id, reason: 'Moving to the annual plan' } }, { as: 'alice@acme.test' });
    expect(r.licenseCancel.errors).toEqual([]);
    expect(r.licenseCancel.license).toMatchObject({ status: 'active', autoRenew: false, expiresAt: license.expiresAt });
    expect(r.licenseCancel.license.cancelledAt).not.toBeNull();
    const note = await t.prisma.licenseStatusHistory.findFirstOrThrow({ where: { licenseId: license.id }, orderBy: { id: 'desc' } });
    expect(note.reason).toMatch(/^Renewal cancelled; active until \d{4}-\d{2}-\d{2} — Moving to the annual plan$/);
    expect(await t.prisma.auditLog.count({ where: { entityType: 'license', entityId: String(license.id), actionType: 'cancel' } })).toBe(1);
    const again = await t.gqlOk(CANCEL, { input: { licenseId: license.id } }, { as: 'alice@acme.test' });
    expect(again.licenseCancel.errors).toEqual([expect.objectContaining({ code: 'LICENSE_ALREADY_CANCELLED' })]);
    // Turning auto-renew back on un-cancels.
    const on = await t.gqlOk(SET_AUTO, { input: { licenseId: license.id, autoRenew: true } }, { as: 'alice@acme.test' });
    expect(on.licenseSetAutoRenew.license).toMatchObject({ autoRenew: true, cancelledAt: null });
  });

  it('cancel refuses perpetual and revoked licenses', async () => {
    const lifetime = await buyOk(t, 'alice@acme.test', { planId: 3 });
    expect(
      (await t.gqlOk(CANCEL, { input: { licenseId: lifetime.license.id } }, { as: 'alice@acme.test' })).licenseCancel.errors[0].code,
    ).toBe('LICENSE_NOT_RENEWABLE');
    const m = await buyOk(t, 'alice@acme.test');
    await t.gqlOk(adminOp('licenseRevoke'), { input: { licenseId: m.license.id, reason: 'Fraud' } }, { as: 'admin@webkernel.com' });
    expect((await t.gqlOk(CANCEL, { input: { licenseId: m.license.id } }, { as: 'alice@acme.test' })).licenseCancel.errors[0].code).toBe(
      'LICENSE_NOT_ACTIVE',
    );
  });

  it.each([
    ['the viewer', 'viewer', 'FORBIDDEN'],
    ['the developer', 'developer', 'FORBIDDEN'],
    ["another org's admin", 'otherAdmin', 'NOT_FOUND'],
    ['a user without an org', 'outsider', 'NOT_FOUND'],
  ] as const)('%s may neither toggle auto-renew nor cancel', async (_label, who, code) => {
    const { org, license } = await makeLicensedOrg(t.prisma);
    const as = {
      viewer: async () => (await makeMember(t.prisma, org.id, 'viewer')).email,
      developer: async () => (await makeMember(t.prisma, org.id, 'developer')).email,
      otherAdmin: async () => (await makeOrgWithMember(t.prisma, 'admin')).email,
      outsider: async () => (await makeUser(t.prisma)).email,
    }[who];
    const caller = await as();
    expect(protocolCode(await t.gql(SET_AUTO, { input: { licenseId: license.id, autoRenew: false } }, { as: caller }))).toBe(code);
    expect(protocolCode(await t.gql(CANCEL, { input: { licenseId: license.id } }, { as: caller }))).toBe(code);
    const after = await t.prisma.license.findUniqueOrThrow({ where: { id: license.id } });
    expect(after).toMatchObject({ autoRenew: true, cancelledAt: null, status: 'active' });
  });

  it('anonymous callers are refused', async () => {
    const { license } = await makeLicensedOrg(t.prisma);
    expect(protocolCode(await t.gql(CANCEL, { input: { licenseId: license.id } }))).toBe('UNAUTHENTICATED');
  });
});

describe('admin license actions', () => {
  const t = useTestApp();

  it('suspend → reinstate → revoke, each with history (by the admin, with the reason) and audit; the state machine refuses the rest', async () => {
    const { license } = await buyOk(t, 'alice@acme.test');
    const as = 'admin@webkernel.com';
    const s = await t.gqlOk(adminOp('licenseSuspend'), { input: { licenseId: license.id, reason: 'Chargeback under review' } }, { as });
    expect(s.licenseSuspend).toMatchObject({ errors: [], license: { status: 'suspended' } });
    const again = await t.gqlOk(adminOp('licenseSuspend'), { input: { licenseId: license.id, reason: 'again' } }, { as });
    expect(again.licenseSuspend.errors).toEqual([expect.objectContaining({ code: 'INVALID_LICENSE_TRANSITION' })]);
    const r = await t.gqlOk(adminOp('licenseReinstate'), { input: { licenseId: license.id, reason: 'Chargeback won' } }, { as });
    expect(r.licenseReinstate).toMatchObject({ errors: [], license: { status: 'active' } });
    const v = await t.gqlOk(adminOp('licenseRevoke'), { input: { licenseId: license.id, reason: 'Terms violation' } }, { as });
    expect(v.licenseRevoke).toMatchObject({ errors: [], license: { status: 'revoked', autoRenew: false } });
    const back = await t.gqlOk(adminOp('licenseReinstate'), { input: { licenseId: license.id, reason: 'oops' } }, { as });
    expect(back.licenseReinstate.errors).toEqual([expect.objectContaining({ code: 'INVALID_LICENSE_TRANSITION', field: 'licenseId' })]);

    const history = await t.prisma.licenseStatusHistory.findMany({ where: { licenseId: license.id }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.oldStatus, h.newStatus, h.reason, h.changedById])).toEqual([
      ['pending', 'active', 'Payment confirmed', 42],
      ['active', 'suspended', 'Chargeback under review', 5],
      ['suspended', 'active', 'Chargeback won', 5],
      ['active', 'revoked', 'Terms violation', 5],
    ]);
    const audits = await t.prisma.auditLog.findMany({
      where: { entityType: 'license', entityId: String(license.id) },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => a.actionType)).toEqual(['suspend', 'reinstate', 'revoke']);
    expect(audits.every((a) => a.userId === 5)).toBe(true);
  });

  it('requires a reason', async () => {
    const { license } = await makeLicensedOrg(t.prisma);
    const r = await t.gqlOk(adminOp('licenseSuspend'), { input: { licenseId: license.id, reason: '   ' } }, { as: 'admin@webkernel.com' });
    expect(r.licenseSuspend.errors).toEqual([expect.objectContaining({ code: 'REASON_REQUIRED', field: 'reason' })]);
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).status).toBe('active');
  });

  it.each(['org admin', 'developer', 'viewer', 'other org admin', 'vendor owner'] as const)('a %s is FORBIDDEN', async (who) => {
    const { org, email: orgAdmin, license } = await makeLicensedOrg(t.prisma);
    const as = {
      'org admin': async () => orgAdmin,
      developer: async () => (await makeMember(t.prisma, org.id, 'developer')).email,
      viewer: async () => (await makeMember(t.prisma, org.id, 'viewer')).email,
      'other org admin': async () => (await makeOrgWithMember(t.prisma, 'admin')).email,
      'vendor owner': async () => (await makeVendor(t.prisma)).email,
    }[who];
    const caller = await as();
    for (const op of ['licenseSuspend', 'licenseReinstate', 'licenseRevoke']) {
      expect(protocolCode(await t.gql(adminOp(op), { input: { licenseId: license.id, reason: 'x' } }, { as: caller }))).toBe('FORBIDDEN');
    }
    expect(protocolCode(await t.gql(`{ adminLicenses { totalCount } }`, {}, { as: caller }))).toBe('FORBIDDEN');
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).status).toBe('active');
  });

  it('adminLicenses searches by key, org or module name', async () => {
    const Q = `query($filter: AdminLicensesFilter) { adminLicenses(filter: $filter) { totalCount edges { node { id licenseKey } } } }`;
    const { org, module, plan, license } = await makeLicensedOrg(t.prisma);
    const second = await makeLicense(t.prisma, { orgId: org.id, moduleId: module.id, planId: plan.id });
    const ids = (r: any) => r.adminLicenses.edges.map((e: { node: { id: number } }) => e.node.id).sort((a: number, b: number) => a - b);
    const byOrg = await t.gqlOk(Q, { filter: { search: org.name.toLowerCase() } }, { as: 'admin@webkernel.com' });
    expect(ids(byOrg)).toEqual([license.id, second.id]);
    const byModule = await t.gqlOk(Q, { filter: { search: module.name } }, { as: 'admin@webkernel.com' });
    expect(ids(byModule)).toEqual([license.id, second.id]);
    const byKey = await t.gqlOk(Q, { filter: { search: license.licenseKey.slice(-10).toLowerCase() } }, { as: 'admin@webkernel.com' });
    expect(ids(byKey)).toEqual([license.id]);
  });
});
