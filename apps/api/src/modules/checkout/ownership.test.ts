import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeInstance, makeLicense } from '../../test/factories';
import { ACME, buy, codes, CRM, PLAN, protocolCode, TECHSTART } from './test-support/checkout-fixtures';

const OWNERSHIP = `query($orgId: Int!, $moduleId: Int!) { moduleOwnership(orgId: $orgId, moduleId: $moduleId) { id status expiresAt autoRenew inTrial plan { name } } }`;

/** Ownership (issue 13): an org is told it holds a module, and a second license needs an explicit choice. */
describe('module ownership', () => {
  const clock = new FixedClock(new Date('2026-03-01T10:00:00Z'));
  const t = useTestApp({ clock });

  it('moduleOwnership lists the licenses that hold the module now (newest first); expired ones do not count', async () => {
    // Acme's seed license 1 (Annual) ended 2026-01-01: Acme does not hold CRM Pro now.
    expect((await t.gqlOk(OWNERSHIP, { orgId: ACME, moduleId: CRM }, { as: 'viewer@acme.test' })).moduleOwnership).toEqual([]);
    const r = await buy(t, 'alice@acme.test', { planId: PLAN.crmAnnual, confirmAdditionalLicense: false });
    expect(r.data!.purchaseCreate.errors).toEqual([]);
    const held = (await t.gqlOk(OWNERSHIP, { orgId: ACME, moduleId: CRM }, { as: 'viewer@acme.test' })).moduleOwnership;
    expect(held).toEqual([
      {
        id: r.data!.purchaseCreate.license.id,
        status: 'active',
        expiresAt: '2027-03-01T10:00:00.000Z',
        autoRenew: true,
        inTrial: false,
        plan: { name: 'Annual' },
      },
    ]);
  });

  it('buying while holding an active license is refused with ALREADY_LICENSED unless confirmed', async () => {
    const refused = await buy(t, 'alice@acme.test', { confirmAdditionalLicense: false });
    expect(refused.data!.purchaseCreate.errors).toEqual([
      {
        code: 'ALREADY_LICENSED',
        field: 'confirmAdditionalLicense',
        message:
          'Your organization already has an active CRM Pro license (Annual, renews 2027-03-01). Manage it, or confirm that you want another license.',
      },
    ]);
    const before = await t.prisma.license.count({ where: { orgId: ACME, moduleId: CRM } });
    expect(before).toBe(2); // seed license 1 + the Annual bought above; nothing was added
    const confirmed = await buy(t, 'alice@acme.test', { confirmAdditionalLicense: true });
    expect(confirmed.data!.purchaseCreate.errors).toEqual([]);
    expect(await t.prisma.license.count({ where: { orgId: ACME, moduleId: CRM } })).toBe(3);
  });

  it('a suspended license (renewal being retried) still counts as held', async () => {
    await makeLicense(t.prisma, {
      orgId: TECHSTART,
      moduleId: CRM,
      planId: PLAN.crmMonthly,
      status: 'suspended',
      expiresAt: new Date('2026-02-20T00:00:00Z'),
    });
    const r = await buy(t, 'tom@techstart.test', { orgId: TECHSTART, paymentMethodId: 'pm_456def', confirmAdditionalLicense: false });
    expect(codes(r, 'purchaseCreate')).toEqual(['ALREADY_LICENSED']);
  });

  it('moduleOwnership: another org is NOT_FOUND; anonymous UNAUTHENTICATED', async () => {
    expect(protocolCode(await t.gql(OWNERSHIP, { orgId: ACME, moduleId: CRM }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(OWNERSHIP, { orgId: ACME, moduleId: CRM }))).toBe('UNAUTHENTICATED');
  });

  it('the activation planner preselects the newest usable license with a free seat', async () => {
    const plan = await t.prisma.pricingPlan.create({
      data: { moduleId: CRM, planType: 'subscription', name: 'One seat', priceAmount: '5.00', billingCycle: 'monthly', maxInstances: 1 },
    });
    const instance = await makeInstance(t.prisma, { orgId: ACME, coreId: 2 });
    const older = await makeLicense(t.prisma, {
      orgId: ACME,
      moduleId: CRM,
      planId: PLAN.crmAnnual,
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    });
    const newest = await makeLicense(t.prisma, {
      orgId: ACME,
      moduleId: CRM,
      planId: PLAN.crmAnnual,
      expiresAt: new Date('2027-02-01T00:00:00Z'),
    });
    const full = await makeLicense(t.prisma, { orgId: ACME, moduleId: CRM, planId: plan.id, expiresAt: new Date('2027-02-01T00:00:00Z') });
    const other = await makeInstance(t.prisma, { orgId: ACME, coreId: 2 });
    const version = await t.prisma.moduleVersion.findFirstOrThrow({ where: { moduleId: CRM, status: { in: ['stable', 'beta'] } } });
    await t.prisma.instanceModule.create({
      data: { instanceId: other.id, licenseId: full.id, moduleId: CRM, moduleVersionId: version.id, moduleHash: 'x' },
    });
    const q = `query($i: Int!, $m: Int!) { instanceActivationPlan(instanceId: $i, moduleId: $m) { recommendedLicense { id } licenses { id } } }`;
    const r = await t.gqlOk(q, { i: instance.id, m: CRM }, { as: 'dev@acme.test' });
    expect(r.instanceActivationPlan.licenses.map((l: any) => l.id)).toEqual(expect.arrayContaining([older.id, newest.id, full.id]));
    // `full` is newer but its only seat is taken: the newest license with a free seat wins.
    expect(r.instanceActivationPlan.recommendedLicense.id).not.toBe(older.id);
    const expected = (
      await t.prisma.license.findMany({
        where: { orgId: ACME, moduleId: CRM, id: { not: full.id }, status: 'active', expiresAt: { gt: clock.now() } },
        orderBy: { id: 'desc' },
      })
    )[0]!;
    expect(r.instanceActivationPlan.recommendedLicense.id).toBe(expected.id);
  });
});
