import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeInstance, makeVersion } from '../../test/factories';
import { SEED } from '../../test/seed-ids';
import { buy, buyInput, PURCHASE_QUOTE } from '../checkout/test-support/checkout-fixtures';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const ADMIN = 'admin@webkernel.com';
const MARK = `mutation($input: CoreModuleMarkInput!) { coreModuleMark(input: $input) {
  coreModule { id softwareId markedByName markedAt module { slug name vendorName } } errors { code field message } } }`;
const UNMARK = `mutation($input: CoreModuleMarkInput!) { coreModuleUnmark(input: $input) { moduleId errors { code field message } } }`;
const ADMIN_LIST = `{ adminSoftwares { slug coreModules { module { slug } markedByName } coreModuleCandidates { slug } } }`;
const BUILT_IN = `query($id: Int!) { instance(id: $id) { builtInModules { module { slug name vendorName } version { version status } since } } }`;
const ACTIVATE = `mutation($input: InstanceActivateModuleInput!) { instanceActivateModule(input: $input) {
  instanceModule { id isActive module { slug } } errors { code field message } } }`;
const DEACTIVATE = `mutation($input: InstanceDeactivateModuleInput!) { instanceDeactivateModule(input: $input) {
  instanceModule { id isActive } errors { code field message } } }`;
const PLAN = `query($i: Int!, $m: Int!) { instanceActivationPlan(instanceId: $i, moduleId: $m) {
  canActivate blockers { code message } requiredDependencies { module { slug } state activeVersion builtIn orgHasActiveLicense } } }`;
const CANDIDATES = `query($i: Int!) { instanceActivationCandidates(instanceId: $i) { module { slug } } }`;
const CATALOG = `query($slug: String!) { module(slug: $slug) { slug builtInto { slug name } builtInEverywhere } }`;

const crmCore = { softwareId: 1, moduleId: SEED.modules.crm };
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;
const mark = (input: { softwareId: number; moduleId: number }, as = ADMIN) =>
  t.gqlOk(MARK, { input }, { as }).then((d) => d.coreModuleMark);
const unmark = (input: { softwareId: number; moduleId: number }, as = ADMIN) =>
  t.gqlOk(UNMARK, { input }, { as }).then((d) => d.coreModuleUnmark);
const activate = (as: string, input: Record<string, unknown>) => t.gqlOk(ACTIVATE, { input }, { as }).then((d) => d.instanceActivateModule);
const deactivate = (as: string, input: Record<string, unknown>) =>
  t.gqlOk(DEACTIVATE, { input }, { as }).then((d) => d.instanceDeactivateModule);

// The test database is shared by the tests of this file: each test starts with no core module.
afterEach(async () => {
  await t.prisma.softwareCoreModule.deleteMany();
});

describe('marking a module core (platform admins)', () => {
  it('marks an official module with a compatible approved version, audited; a second mark is refused', async () => {
    // Only official modules with an approved version for the software are offered.
    expect((await t.gqlOk(ADMIN_LIST, {}, { as: ADMIN })).adminSoftwares).toEqual([
      { slug: 'webkernel', coreModules: [], coreModuleCandidates: [{ slug: 'crm-pro' }] },
    ]);
    const r = await mark(crmCore);
    expect(r.errors).toEqual([]);
    expect(r.coreModule).toMatchObject({
      softwareId: 1,
      markedByName: expect.any(String),
      module: { slug: 'crm-pro', name: 'CRM Pro', vendorName: 'Webkernel Labs' },
    });
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'mark_core_module' } });
    expect(audit).toMatchObject({ entityType: 'software', entityId: '1', newValue: expect.objectContaining({ module_slug: 'crm-pro' }) });
    expect((await t.gqlOk(ADMIN_LIST, {}, { as: ADMIN })).adminSoftwares).toEqual([
      { slug: 'webkernel', coreModules: [{ module: { slug: 'crm-pro' }, markedByName: expect.any(String) }], coreModuleCandidates: [] },
    ]);

    const again = await mark(crmCore);
    expect(again).toEqual({
      coreModule: null,
      errors: [{ code: 'CORE_MODULE_ALREADY_MARKED', field: 'moduleId', message: 'CRM Pro is already a core module of Webkernel.' }],
    });
    expect(await t.prisma.softwareCoreModule.count()).toBe(1);
  });

  it('refuses a module of a vendor that is not official, and one with no approved version for the software', async () => {
    const audits = await t.prisma.auditLog.count({ where: { actionType: 'mark_core_module' } });
    expect((await mark({ softwareId: 1, moduleId: SEED.modules.erp })).errors).toEqual([
      {
        code: 'CORE_MODULE_NOT_OFFICIAL',
        field: 'moduleId',
        message: 'Custom ERP is published by DevShop Solutions, which is not an official vendor: only official modules can be core.',
      },
    ]);
    const draft = await t.prisma.module.create({ data: { vendorId: 1, slug: 'wk-auth-draft', name: 'Webkernel Auth', status: 'draft' } });
    await makeVersion(t.prisma, { moduleId: draft.id, version: '1.0.0', status: 'pending' });
    expect((await mark({ softwareId: 1, moduleId: draft.id })).errors).toEqual([
      {
        code: 'CORE_MODULE_NO_VERSION',
        field: 'moduleId',
        message: 'Webkernel Auth has no approved version declared compatible with Webkernel, so no Webkernel instance could run it.',
      },
    ]);
    expect(await t.prisma.softwareCoreModule.count()).toBe(0);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'mark_core_module' } })).toBe(audits);
  });

  it('an unknown software or module is NOT_FOUND', async () => {
    expect(code(await t.gql(MARK, { input: { softwareId: 999, moduleId: 1 } }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(code(await t.gql(MARK, { input: { softwareId: 1, moduleId: 9999 } }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(code(await t.gql(UNMARK, { input: { softwareId: 1, moduleId: 9999 } }, { as: ADMIN }))).toBe('NOT_FOUND');
  });

  it('refuses every caller who is not a platform admin, and changes nothing', async () => {
    for (const as of ['alice@acme.test', 'tom@techstart.test', 'john@johndoe.test']) {
      expect(code(await t.gql(MARK, { input: crmCore }, { as }))).toBe('FORBIDDEN');
      expect(code(await t.gql(UNMARK, { input: crmCore }, { as }))).toBe('FORBIDDEN');
      expect(code(await t.gql(ADMIN_LIST, {}, { as }))).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(MARK, { input: crmCore }))).toBe('UNAUTHENTICATED');
    expect(await t.prisma.softwareCoreModule.count()).toBe(0);
  });
});

describe('a core module on instances', () => {
  beforeEach(async () => {
    expect((await mark(crmCore)).errors).toEqual([]);
  });

  it('is listed as built in on every instance of the software, at the approved version its core runs', async () => {
    const horizon = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200 });
    const origin101 = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin101 });
    const list = async (id: number) => (await t.gqlOk(BUILT_IN, { id }, { as: 'tom@techstart.test' })).instance.builtInModules;
    expect(await list(horizon.id)).toEqual([
      {
        module: { slug: 'crm-pro', name: 'CRM Pro', vendorName: 'Webkernel Labs' },
        version: { version: '1.1.0', status: 'stable' },
        since: '2025-03-01T12:00:00.000Z',
      },
    ]);
    expect((await list(SEED.instances.techstartMain))[0].version).toEqual({ version: '1.1.0', status: 'stable' }); // core 1.9.5
    expect((await list(origin101.id))[0].version).toBeNull(); // no approved CRM Pro runs on 1.0.1
    // Another org's instance stays NOT_FOUND.
    expect(code(await t.gql(BUILT_IN, { id: horizon.id }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
  });

  it('satisfies required dependencies: Custom ERP activates on an instance where CRM Pro has no activation of its own', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200 });
    const plan = (await t.gqlOk(PLAN, { i: inst.id, m: SEED.modules.erp }, { as: 'tom@techstart.test' })).instanceActivationPlan;
    expect(plan.canActivate).toBe(true);
    expect(plan.requiredDependencies).toEqual([
      { module: { slug: 'crm-pro' }, state: 'SATISFIED', activeVersion: '1.1.0', builtIn: true, orgHasActiveLicense: true },
    ]);
    const erp = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartErp,
      moduleVersionId: SEED.versions.erp100,
      reportedHash: SEED.hashes.erp100,
      consentedPermissions: [...SEED.permissions.erp100],
    });
    expect(erp.errors).toEqual([]);
    expect(erp.instanceModule).toMatchObject({ isActive: true, module: { slug: 'custom-erp' } });
    expect(await t.prisma.instanceModule.count({ where: { instanceId: inst.id, moduleId: SEED.modules.crm } })).toBe(0);
    expect((await deactivate('tom@techstart.test', { instanceId: inst.id, moduleId: SEED.modules.erp })).errors).toEqual([]);
  });

  it('cannot be activated by hand: CORE_MODULE, logged, and the planner says why', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200 });
    const r = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartCrm,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: SEED.hashes.crm110,
    });
    const message =
      'CRM Pro is a core module of Webkernel: it is built into every Webkernel instance, always active, and cannot be activated or deactivated by hand.';
    expect(r).toEqual({ instanceModule: null, errors: [{ code: 'CORE_MODULE', field: 'moduleVersionId', message }] });
    expect(await t.prisma.activationLog.findFirstOrThrow({ where: { instanceId: inst.id }, orderBy: { id: 'desc' } })).toMatchObject({
      eventType: 'activation',
      status: 'failed',
      errorCode: 'CORE_MODULE',
    });
    const plan = (await t.gqlOk(PLAN, { i: inst.id, m: SEED.modules.crm }, { as: 'tom@techstart.test' })).instanceActivationPlan;
    expect(plan).toMatchObject({ canActivate: false, blockers: [{ code: 'CORE_MODULE', message }] });
    const candidates = (await t.gqlOk(CANDIDATES, { i: inst.id }, { as: 'tom@techstart.test' })).instanceActivationCandidates;
    expect(candidates.map((c: { module: { slug: string } }) => c.module.slug)).not.toContain('crm-pro');
    expect(candidates.map((c: { module: { slug: string } }) => c.module.slug)).toContain('custom-erp');
  });

  it('cannot be deactivated, even where it was activated with a license before it became core', async () => {
    const r = await deactivate('alice@acme.test', { instanceId: SEED.instances.acmeProd, moduleId: SEED.modules.crm });
    expect(r.instanceModule).toBeNull();
    expect(r.errors).toEqual([
      { code: 'CORE_MODULE', field: 'moduleId', message: expect.stringContaining('cannot be activated or deactivated') },
    ]);
    expect(await t.prisma.instanceModule.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ isActive: true, deactivatedAt: null });
    expect(
      await t.prisma.activationLog.findFirstOrThrow({ where: { instanceId: SEED.instances.acmeProd }, orderBy: { id: 'desc' } }),
    ).toMatchObject({ eventType: 'deactivation', status: 'failed', errorCode: 'CORE_MODULE' });
  });

  it('cannot be bought while it is core for every software it supports: MODULE_BUILT_IN, nothing charged', async () => {
    const { orgId, moduleId, planId } = buyInput();
    const quote = await t.gqlOk(PURCHASE_QUOTE, { input: { orgId, moduleId, planId } }, { as: 'alice@acme.test' });
    expect(quote.purchaseQuote.errors).toEqual([
      {
        code: 'MODULE_BUILT_IN',
        field: 'moduleId',
        message:
          'This module is built into every software it runs on: it is active on every instance without a license, so there is nothing to buy.',
      },
    ]);
    const before = await Promise.all([t.prisma.purchase.count(), t.prisma.payment.count(), t.prisma.license.count()]);
    const r = await buy(t, 'alice@acme.test');
    expect(r.data!.purchaseCreate.errors.map((e: { code: string }) => e.code)).toContain('MODULE_BUILT_IN');
    expect(await Promise.all([t.prisma.purchase.count(), t.prisma.payment.count(), t.prisma.license.count()])).toEqual(before);

    // Supported on a software where it is not core: it can be bought again (for that software).
    const other = await t.prisma.software.create({ data: { name: 'Other Platform', slug: 'other-platform' } });
    const v = await makeVersion(t.prisma, { moduleId, version: '9.0.0' });
    await t.prisma.moduleCoreCompatibility.create({ data: { versionId: v.id, softwareId: other.id, minCoreVersion: '1.0.0' } });
    try {
      const again = await t.gqlOk(PURCHASE_QUOTE, { input: { orgId, moduleId, planId } }, { as: 'alice@acme.test' });
      expect(again.purchaseQuote.errors).toEqual([]);
    } finally {
      // The database is shared by this file's tests: leave CRM Pro supporting Webkernel only.
      await t.prisma.moduleVersion.delete({ where: { id: v.id } });
      await t.prisma.software.delete({ where: { id: other.id } });
    }
  });

  it('the catalog says which software it is built into (anyone may read it)', async () => {
    expect((await t.gqlOk(CATALOG, { slug: 'crm-pro' })).module).toEqual({
      slug: 'crm-pro',
      builtInto: [{ slug: 'webkernel', name: 'Webkernel' }],
      builtInEverywhere: true, // CRM Pro's versions support Webkernel only
    });
    expect((await t.gqlOk(CATALOG, { slug: 'custom-erp' })).module).toMatchObject({ builtInto: [], builtInEverywhere: false });
  });

  it('unmarking is refused while an instance relies on it for a required dependency, then allowed and audited', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200 });
    const erp = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartErp,
      moduleVersionId: SEED.versions.erp100,
      reportedHash: SEED.hashes.erp100,
      consentedPermissions: [...SEED.permissions.erp100],
    });
    expect(erp.errors).toEqual([]);
    expect(await unmark(crmCore)).toEqual({
      moduleId: null,
      errors: [
        {
          code: 'CORE_MODULE_DEPENDED_ON',
          field: 'moduleId',
          message:
            'Active modules on 1 Webkernel instance require CRM Pro as a built-in module: it must stay core until they are deactivated or CRM Pro is activated there with a license.',
        },
      ],
    });
    expect(await t.prisma.softwareCoreModule.count()).toBe(1);

    expect((await deactivate('tom@techstart.test', { instanceId: inst.id, moduleId: SEED.modules.erp })).errors).toEqual([]);
    expect(await unmark(crmCore)).toEqual({ moduleId: SEED.modules.crm, errors: [] });
    expect(await t.prisma.softwareCoreModule.count()).toBe(0);
    expect(await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'unmark_core_module' } })).toMatchObject({
      entityType: 'software',
      oldValue: expect.objectContaining({ module_slug: 'crm-pro' }),
    });
    expect((await t.gqlOk(BUILT_IN, { id: inst.id }, { as: 'tom@techstart.test' })).instance.builtInModules).toEqual([]);
    expect(await unmark(crmCore)).toEqual({
      moduleId: null,
      errors: [{ code: 'CORE_MODULE_NOT_MARKED', field: 'moduleId', message: 'CRM Pro is not a core module of Webkernel.' }],
    });
  });
});
