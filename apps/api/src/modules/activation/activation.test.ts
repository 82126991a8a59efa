import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeInstance, makeLicense, makePlan, makeVersion } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const ACTIVATE = `mutation($input: InstanceActivateModuleInput!) { instanceActivateModule(input: $input) {
  instanceModule { id isActive moduleHash activatedAt version { version } license { licenseKey } module { slug } }
  errors { code field message } hints { code message moduleId } } }`;
const DEACTIVATE = `mutation($input: InstanceDeactivateModuleInput!) { instanceDeactivateModule(input: $input) { instanceModule { id isActive deactivatedAt } errors { code field message } } }`;
const LOG = `query($id: Int!, $first: Int, $after: String) { instance(id: $id) { activationLog(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id eventType status errorCode errorMessage performedByName metadata module { slug } version { version } } } } } }`;

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;
const activate = (as: string, input: Record<string, unknown>) => t.gqlOk(ACTIVATE, { input }, { as }).then((d) => d.instanceActivateModule);
const lastLog = (instanceId: number) => t.prisma.activationLog.findFirstOrThrow({ where: { instanceId }, orderBy: { id: 'desc' } });
const logCount = (instanceId: number) => t.prisma.activationLog.count({ where: { instanceId } });

async function acmeAnalyticsLicense(opts: { status?: 'active' | 'suspended'; expiresAt?: Date | null } = {}) {
  return makeLicense(t.prisma, { orgId: SEED.acme, moduleId: SEED.modules.analytics, planId: 6, ...opts });
}

describe('instanceActivateModule: each check, in order, with its code, logged', () => {
  it('TechStart: a wrong reported hash is HASH_MISMATCH with expected/got (seed row 3), then the right one activates', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195, name: 'TechStart Edge' });
    const bad = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartCrm,
      moduleVersionId: SEED.versions.crm100,
      reportedHash: 'xyz',
    });
    expect(bad.instanceModule).toBeNull();
    expect(bad.errors).toEqual([
      {
        code: 'HASH_MISMATCH',
        field: 'reportedHash',
        message: expect.stringContaining(`reported xyz but CRM Pro 1.0.0 is ${SEED.hashes.crm100}`),
      },
    ]);
    const failed = await lastLog(inst.id);
    expect(failed).toMatchObject({
      eventType: 'activation',
      status: 'failed',
      errorCode: 'HASH_MISMATCH',
      errorMessage: expect.stringMatching(/^Hash mismatch/),
      performedById: 43,
      instanceModuleId: null,
      moduleId: 1,
      moduleVersionId: 1,
      licenseId: 3,
      metadata: { expected: SEED.hashes.crm100, got: 'xyz', ip: expect.any(String), version: '1.0.0' },
    });
    expect(await t.prisma.instanceModule.count({ where: { instanceId: inst.id } })).toBe(0);

    const ok = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartCrm,
      moduleVersionId: SEED.versions.crm100,
      reportedHash: SEED.hashes.crm100.toUpperCase(),
      consentedPermissions: [...SEED.permissions.crm],
    });
    expect(ok.errors).toEqual([]);
    expect(ok.instanceModule).toMatchObject({
      isActive: true,
      version: { version: '1.0.0' },
      license: { licenseKey: 'MODLIC-CRM-102-DEF456' },
      module: { slug: 'crm-pro' },
    });
    const success = await lastLog(inst.id);
    expect(success).toMatchObject({
      status: 'success',
      errorCode: null,
      instanceModuleId: ok.instanceModule.id,
      performedById: 43,
      metadata: { ip: expect.any(String), version: '1.0.0' },
    });
    const audit = await t.prisma.auditLog.findFirstOrThrow({
      where: { actionType: 'activate', entityType: 'instance', entityId: String(inst.id) },
    });
    expect(audit).toMatchObject({
      userId: 43,
      orgId: SEED.techstart,
      newValue: { module_id: 1, module_version_id: 1, license_id: 3, instance_module_id: ok.instanceModule.id },
    });
  });

  it("Analytics Pro 2.0.0 (core 1.8.0–1.9.5) on Acme's core 2.0.0 is VERSION_INCOMPATIBLE and names the range", async () => {
    const lic = await acmeAnalyticsLicense();
    const r = await activate('dev@acme.test', {
      instanceId: SEED.instances.acmeProd,
      licenseId: lic.id,
      moduleVersionId: SEED.versions.analytics200,
      reportedHash: 'whatever',
    });
    expect(r.errors).toEqual([
      {
        code: 'VERSION_INCOMPATIBLE',
        field: 'moduleVersionId',
        message: 'Analytics Pro 2.0.0 supports Webkernel core 1.8.0–1.9.5; Acme Production runs 2.0.0.',
      },
    ]);
    expect(await lastLog(SEED.instances.acmeProd)).toMatchObject({
      status: 'failed',
      errorCode: 'VERSION_INCOMPATIBLE',
      metadata: { core_version: '2.0.0', supported: '1.8.0–1.9.5' },
    });
  });

  it('LICENSE_NOT_FOUND: another org’s license, or a license of another module', async () => {
    const before = await logCount(SEED.instances.acmeStaging);
    const other = await activate('alice@acme.test', {
      instanceId: SEED.instances.acmeStaging,
      licenseId: SEED.licenses.techstartErp,
      moduleVersionId: SEED.versions.erp100,
      reportedHash: SEED.hashes.erp100,
      consentedPermissions: [...SEED.permissions.erp100],
    });
    expect(other.errors).toEqual([expect.objectContaining({ code: 'LICENSE_NOT_FOUND', field: 'licenseId' })]);
    const wrongModule = await activate('alice@acme.test', {
      instanceId: SEED.instances.acmeStaging,
      licenseId: SEED.licenses.acmeCrm,
      moduleVersionId: SEED.versions.erp100,
      reportedHash: SEED.hashes.erp100,
      consentedPermissions: [...SEED.permissions.erp100],
    });
    expect(wrongModule.errors[0].code).toBe('LICENSE_NOT_FOUND');
    expect(await logCount(SEED.instances.acmeStaging)).toBe(before + 2);
    expect(await lastLog(SEED.instances.acmeStaging)).toMatchObject({
      status: 'failed',
      errorCode: 'LICENSE_NOT_FOUND',
      licenseId: null,
      moduleId: 2,
    });
  });

  it('LICENSE_NOT_ACTIVE and LICENSE_EXPIRED (expiry is exclusive: expiresAt = now is expired)', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.origin195 });
    const suspended = await acmeAnalyticsLicense({ status: 'suspended' });
    const r1 = await activate('dev@acme.test', {
      instanceId: inst.id,
      licenseId: suspended.id,
      moduleVersionId: SEED.versions.analytics200,
      reportedHash: 'x',
    });
    expect(r1.errors).toEqual([
      { code: 'LICENSE_NOT_ACTIVE', field: 'licenseId', message: 'The Analytics Pro license is suspended, not active.' },
    ]);
    const expired = await acmeAnalyticsLicense({ expiresAt: clock.now() });
    const r2 = await activate('dev@acme.test', {
      instanceId: inst.id,
      licenseId: expired.id,
      moduleVersionId: SEED.versions.analytics200,
      reportedHash: 'x',
    });
    expect(r2.errors).toEqual([
      { code: 'LICENSE_EXPIRED', field: 'licenseId', message: 'The Analytics Pro license expired on 2025-03-01.' },
    ]);
    expect(await lastLog(inst.id)).toMatchObject({
      errorCode: 'LICENSE_EXPIRED',
      licenseId: expired.id,
      metadata: { expires_at: '2025-03-01T12:00:00.000Z' },
    });
  });

  it('a pending version of another vendor is NOT_FOUND and never named (issue 12, item 1); its vendor sees VERSION_NOT_APPROVED', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.origin195 });
    const lic = await acmeAnalyticsLicense();
    const input = {
      instanceId: inst.id,
      licenseId: lic.id,
      moduleVersionId: SEED.versions.analytics210,
      reportedHash: 'f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c3',
    };
    const r = await t.gql(ACTIVATE, { input }, { as: 'dev@acme.test' });
    expect(r.errors).toEqual([expect.objectContaining({ message: 'Module version not found.', extensions: { code: 'NOT_FOUND' } })]);
    expect(JSON.stringify(r)).not.toMatch(/Analytics|2\.1\.0/);
    // John runs Analytics Pro's vendor: on an instance of his own he is told why.
    const m = await t.prisma.membership.create({
      data: { userId: await t.userId('john@johndoe.test'), orgId: SEED.acme, role: 'developer' },
    });
    try {
      expect((await activate('john@johndoe.test', input)).errors).toEqual([
        {
          code: 'VERSION_NOT_APPROVED',
          field: 'moduleVersionId',
          message: 'Analytics Pro 2.1.0 is not approved for installation (status: pending).',
        },
      ]);
    } finally {
      await t.prisma.membership.delete({ where: { id: m.id } });
    }
  });

  it('DEPENDENCY_MISSING: Custom ERP requires CRM Pro ≥ 1.0.0; once CRM Pro is active, ERP activates', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200, name: 'TechStart ERP box' });
    const r = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartErp,
      moduleVersionId: SEED.versions.erp100,
      reportedHash: SEED.hashes.erp100,
      consentedPermissions: [...SEED.permissions.erp100],
    });
    expect(r.errors).toEqual([
      {
        code: 'DEPENDENCY_MISSING',
        field: 'moduleVersionId',
        message: 'Custom ERP 1.0.0 requires CRM Pro ≥ 1.0.0 (not active) on this instance: activate or update it first.',
      },
    ]);
    expect(await lastLog(inst.id)).toMatchObject({
      errorCode: 'DEPENDENCY_MISSING',
      metadata: { missing: [{ module_id: 1, min_version: '1.0.0', active_version: null }] },
    });

    const crm = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartCrm,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: SEED.hashes.crm110,
      consentedPermissions: [...SEED.permissions.crm],
    });
    expect(crm.errors).toEqual([]);
    const erp = await activate('tom@techstart.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.techstartErp,
      moduleVersionId: SEED.versions.erp100,
      reportedHash: SEED.hashes.erp100,
      consentedPermissions: [...SEED.permissions.erp100],
    });
    expect(erp.errors).toEqual([]);
    expect(erp.hints).toEqual([
      { code: 'CORE_NOT_VALIDATED', message: 'Webkernel Horizon 2.0.0 is still pending platform validation.', moduleId: null },
    ]);

    // Deactivating CRM Pro now is refused: ERP depends on it (logged).
    const dep = await t.gqlOk(DEACTIVATE, { input: { instanceId: inst.id, moduleId: SEED.modules.crm } }, { as: 'tom@techstart.test' });
    expect(dep.instanceDeactivateModule.errors).toEqual([
      { code: 'DEPENDENTS_ACTIVE', field: 'moduleId', message: 'Custom ERP requires CRM Pro: deactivate it first.' },
    ]);
    expect(await lastLog(inst.id)).toMatchObject({ eventType: 'deactivation', status: 'failed', errorCode: 'DEPENDENTS_ACTIVE' });
  });

  it('optional dependencies are only hints', async () => {
    const v = await makeVersion(t.prisma, {
      moduleId: SEED.modules.analytics,
      version: '2.2.0',
      status: 'stable',
      compat: [{ min: '1.8.0', max: '1.9.5' }],
    });
    await t.prisma.moduleDependency.create({
      data: { versionId: v.id, dependsOnModuleId: SEED.modules.crm, dependencyType: 'integration', minVersion: '1.0.0', isRequired: false },
    });
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195 });
    const lic = await makeLicense(t.prisma, { orgId: SEED.techstart, moduleId: SEED.modules.analytics });
    const r = await activate('tom@techstart.test', { instanceId: inst.id, licenseId: lic.id, moduleVersionId: v.id, reportedHash: v.hash });
    expect(r.errors).toEqual([]);
    expect(r.hints).toEqual([
      {
        code: 'OPTIONAL_DEPENDENCY_MISSING',
        message: 'Optional: CRM Pro ≥ 1.0.0 adds features to Analytics Pro (not required).',
        moduleId: 1,
      },
    ]);
    await t.prisma.moduleVersion.update({ where: { id: v.id }, data: { status: 'rejected' } }); // keep later planner tests on seed versions
  });

  it('INSTANCE_LIMIT_REACHED comes before HASH_MISMATCH; deactivating frees the slot; reactivation updates the same row', async () => {
    const plan = await makePlan(t.prisma, SEED.modules.crm, { maxInstances: 1, name: 'Solo' });
    const lic = await makeLicense(t.prisma, { orgId: SEED.techstart, moduleId: SEED.modules.crm, planId: plan.id });
    const a = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200 });
    const b = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200 });
    const first = await activate('tom@techstart.test', {
      instanceId: a.id,
      licenseId: lic.id,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: SEED.hashes.crm110,
      consentedPermissions: [...SEED.permissions.crm],
    });
    expect(first.errors).toEqual([]);
    const second = await activate('tom@techstart.test', {
      instanceId: b.id,
      licenseId: lic.id,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: 'wrong',
    });
    expect(second.errors).toEqual([
      {
        code: 'INSTANCE_LIMIT_REACHED',
        field: 'licenseId',
        message: 'The Solo plan allows 1 instance and this license is active on 1: deactivate it elsewhere or buy another license.',
      },
    ]);
    expect(await lastLog(b.id)).toMatchObject({ errorCode: 'INSTANCE_LIMIT_REACHED', metadata: { max_instances: 1, active_instances: 1 } });

    const off = await t.gqlOk(DEACTIVATE, { input: { instanceId: a.id, moduleId: SEED.modules.crm } }, { as: 'tom@techstart.test' });
    expect(off.instanceDeactivateModule).toMatchObject({
      errors: [],
      instanceModule: { id: first.instanceModule.id, isActive: false, deactivatedAt: clock.now().toISOString() },
    });
    expect(await lastLog(a.id)).toMatchObject({ eventType: 'deactivation', status: 'success', instanceModuleId: first.instanceModule.id });
    expect(await t.prisma.auditLog.count({ where: { actionType: 'deactivate', entityType: 'instance', entityId: String(a.id) } })).toBe(1);

    const onB = await activate('tom@techstart.test', {
      instanceId: b.id,
      licenseId: lic.id,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: SEED.hashes.crm110,
      consentedPermissions: [...SEED.permissions.crm],
    });
    expect(onB.errors).toEqual([]);
    // Back on A: the limit applies again; after B releases, reactivation reuses A's row.
    expect(
      (
        await activate('tom@techstart.test', {
          instanceId: a.id,
          licenseId: lic.id,
          moduleVersionId: SEED.versions.crm100,
          reportedHash: SEED.hashes.crm100,
          consentedPermissions: [...SEED.permissions.crm],
        })
      ).errors[0].code,
    ).toBe('INSTANCE_LIMIT_REACHED');
    await t.gqlOk(DEACTIVATE, { input: { instanceId: b.id, moduleId: SEED.modules.crm } }, { as: 'tom@techstart.test' });
    const again = await activate('tom@techstart.test', {
      instanceId: a.id,
      licenseId: lic.id,
      moduleVersionId: SEED.versions.crm100,
      reportedHash: SEED.hashes.crm100,
      consentedPermissions: [...SEED.permissions.crm],
    });
    expect(again.instanceModule).toMatchObject({ id: first.instanceModule.id, isActive: true, version: { version: '1.0.0' } });
    expect(await t.prisma.instanceModule.count({ where: { instanceId: a.id } })).toBe(1);
    expect(await lastLog(a.id)).toMatchObject({ status: 'success', metadata: { reactivation: true } });
  });

  it('the first failing check wins (expired license + pending version + wrong hash → LICENSE_EXPIRED)', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const lic = await acmeAnalyticsLicense({ expiresAt: new Date('2025-02-01T00:00:00Z') });
    // John runs Analytics Pro's vendor, so its pending version is visible to him (others: NOT_FOUND).
    const m = await t.prisma.membership.create({
      data: { userId: await t.userId('john@johndoe.test'), orgId: SEED.acme, role: 'developer' },
    });
    try {
      const r = await activate('john@johndoe.test', {
        instanceId: inst.id,
        licenseId: lic.id,
        moduleVersionId: SEED.versions.analytics210,
        reportedHash: 'nope',
      });
      expect(r.errors.map((e: any) => e.code)).toEqual(['LICENSE_EXPIRED']);
    } finally {
      await t.prisma.membership.delete({ where: { id: m.id } });
    }
  });

  it('INSTANCE_INACTIVE and MODULE_ALREADY_ACTIVE', async () => {
    const already = await activate('alice@acme.test', {
      instanceId: SEED.instances.acmeProd,
      licenseId: SEED.licenses.acmeCrm,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: SEED.hashes.crm110,
      consentedPermissions: [...SEED.permissions.crm],
    });
    expect(already.errors).toEqual([
      {
        code: 'MODULE_ALREADY_ACTIVE',
        field: 'moduleVersionId',
        message: 'CRM Pro 1.1.0 is already active on Acme Production. Use an update to change its version.',
      },
    ]);
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    await t.prisma.instance.update({ where: { id: inst.id }, data: { isActive: false } });
    const r = await activate('alice@acme.test', {
      instanceId: inst.id,
      licenseId: SEED.licenses.acmeCrm,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: SEED.hashes.crm110,
      consentedPermissions: [...SEED.permissions.crm],
    });
    expect(r.errors[0]).toMatchObject({ code: 'INSTANCE_INACTIVE', field: 'instanceId' });
  });

  it('MODULE_NOT_ACTIVE on deactivation of a module that is not active (logged)', async () => {
    const r = await t.gqlOk(
      DEACTIVATE,
      { input: { instanceId: SEED.instances.acmeStaging, moduleId: SEED.modules.erp } },
      { as: 'dev@acme.test' },
    );
    expect(r.instanceDeactivateModule.errors).toEqual([
      { code: 'MODULE_NOT_ACTIVE', field: 'moduleId', message: 'Custom ERP is not active on Acme Staging.' },
    ]);
    expect(await lastLog(SEED.instances.acmeStaging)).toMatchObject({
      eventType: 'deactivation',
      status: 'failed',
      errorCode: 'MODULE_NOT_ACTIVE',
      moduleId: 2,
    });
  });

  it('refuses the viewer (FORBIDDEN), other orgs and admins (NOT_FOUND), anonymous callers; nothing is logged', async () => {
    const input = {
      instanceId: SEED.instances.acmeStaging,
      licenseId: SEED.licenses.acmeCrm,
      moduleVersionId: SEED.versions.crm110,
      reportedHash: SEED.hashes.crm110,
      consentedPermissions: [...SEED.permissions.crm],
    };
    const before = await logCount(SEED.instances.acmeStaging);
    expect(code(await t.gql(ACTIVATE, { input }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(
      code(await t.gql(DEACTIVATE, { input: { instanceId: SEED.instances.acmeStaging, moduleId: 1 } }, { as: 'viewer@acme.test' })),
    ).toBe('FORBIDDEN');
    for (const who of ['tom@techstart.test', 'john@johndoe.test', 'admin@webkernel.com']) {
      expect(code(await t.gql(ACTIVATE, { input }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(DEACTIVATE, { input: { instanceId: SEED.instances.acmeStaging, moduleId: 1 } }, { as: who }))).toBe(
        'NOT_FOUND',
      );
    }
    expect(code(await t.gql(ACTIVATE, { input }))).toBe('UNAUTHENTICATED');
    expect(await logCount(SEED.instances.acmeStaging)).toBe(before);
    expect((await t.prisma.instanceModule.findUniqueOrThrow({ where: { id: 2 } })).isActive).toBe(true);
  });
});

describe('activation log', () => {
  it('lists every attempt newest first with names, versions and metadata; paginates', async () => {
    const all = (await t.gqlOk(LOG, { id: SEED.instances.techstartMain, first: 10 }, { as: 'tom@techstart.test' })).instance.activationLog;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        eventType: 'activation',
        status: 'success',
        metadata: { retry: 1 },
        performedByName: 'Tom Durand',
        module: { slug: 'custom-erp' },
        version: { version: '1.0.0' },
      }),
      expect.objectContaining({
        status: 'failed',
        errorCode: 'HASH_MISMATCH',
        errorMessage: 'Hash mismatch',
        metadata: { expected: 'abc', got: 'xyz' },
      }),
    ]);
    const p1 = (await t.gqlOk(LOG, { id: SEED.instances.techstartMain, first: 1 }, { as: 'tom@techstart.test' })).instance.activationLog;
    const p2 = (
      await t.gqlOk(LOG, { id: SEED.instances.techstartMain, first: 1, after: p1.pageInfo.endCursor }, { as: 'tom@techstart.test' })
    ).instance.activationLog;
    expect([p1.edges[0].node.id, p2.edges[0].node.id]).toEqual(all.edges.map((e: any) => e.node.id));
    expect(code(await t.gql(LOG, { id: SEED.instances.techstartMain }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
  });
});
