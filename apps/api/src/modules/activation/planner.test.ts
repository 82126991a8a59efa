import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeActivation, makeInstance, makeLicense, makePlan, makeVersion } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const PLAN = `query($instanceId: Int!, $moduleId: Int!) { instanceActivationPlan(instanceId: $instanceId, moduleId: $moduleId) {
  instanceId canActivate core { version validationStatus } module { slug name }
  recommendedVersion { id version status hash }
  versions { version { version status } compatible compatibility recommended }
  licenses { id licenseKey usable activeInstances maxInstances } recommendedLicense { id licenseKey }
  activeOnInstance { id }
  requiredDependencies { module { slug } minVersion dependencyType isRequired state activeVersion fittingVersions { version } orgHasActiveLicense }
  optionalDependencies { module { slug } state }
  blockers { code field message } hints { code message } } }`;
const CANDIDATES = `query($instanceId: Int!) { instanceActivationCandidates(instanceId: $instanceId) { module { slug } licensed activeOnInstance } }`;
const UPGRADE = `query($instanceId: Int!, $targetCoreId: Int!) { coreUpgradeCheck(instanceId: $instanceId, targetCoreId: $targetCoreId) {
  currentCore { version } targetCore { version } staysCompatible needsUpdate wouldBreak safe
  modules { module { slug } currentVersion { version } outcome targetVersion { version } updatePathAvailable message } } }`;

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

describe('activation planner', () => {
  it('CRM Pro on a new Acme instance (core 2.0.0): compatible, 1.1.0 recommended, the Annual license to use', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const p = (await t.gqlOk(PLAN, { instanceId: inst.id, moduleId: SEED.modules.crm }, { as: 'viewer@acme.test' })).instanceActivationPlan;
    expect(p).toMatchObject({
      canActivate: true,
      blockers: [],
      core: { version: '2.0.0', validationStatus: 'pending' },
      recommendedVersion: { id: 2, version: '1.1.0', status: 'stable', hash: SEED.hashes.crm110 },
      recommendedLicense: { id: 1, licenseKey: 'MODLIC-CRM-101-ABC123' },
      versions: [
        { version: { version: '1.1.0', status: 'stable' }, compatible: true, compatibility: '1.9.0–1.9.5 or ≥ 2.0.0', recommended: true },
        { version: { version: '1.0.0', status: 'stable' }, compatible: true, compatibility: '1.9.0–1.9.5 or ≥ 2.0.0', recommended: false },
      ],
      requiredDependencies: [],
      optionalDependencies: [],
      activeOnInstance: null,
      hints: [{ code: 'CORE_NOT_VALIDATED', message: 'Webkernel Horizon 2.0.0 is still pending platform validation.' }],
    });
  });

  it('Custom ERP for Acme: no license, and CRM Pro ≥ 1.0.0 missing (the versions that fit, and Acme holds a CRM license)', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const p = (await t.gqlOk(PLAN, { instanceId: inst.id, moduleId: SEED.modules.erp }, { as: 'dev@acme.test' })).instanceActivationPlan;
    expect(p.canActivate).toBe(false);
    expect(p.recommendedVersion).toMatchObject({ version: '1.0.0' });
    expect(p.blockers.map((b: any) => b.code)).toEqual(['LICENSE_NOT_FOUND', 'DEPENDENCY_MISSING']);
    expect(p.blockers[1].message).toBe('Custom ERP 1.0.0 requires CRM Pro ≥ 1.0.0 active on this instance: activate it first.');
    expect(p.requiredDependencies).toEqual([
      {
        module: { slug: 'crm-pro' },
        minVersion: '1.0.0',
        dependencyType: 'functional',
        isRequired: true,
        state: 'MISSING',
        activeVersion: null,
        fittingVersions: [{ version: '1.1.0' }, { version: '1.0.0' }],
        orgHasActiveLicense: true,
      },
    ]);
    // On Acme Staging CRM Pro 1.1.0 is active: the dependency is satisfied, only the license blocks.
    const staging = (await t.gqlOk(PLAN, { instanceId: SEED.instances.acmeStaging, moduleId: SEED.modules.erp }, { as: 'dev@acme.test' }))
      .instanceActivationPlan;
    expect(staging.requiredDependencies[0]).toMatchObject({ state: 'SATISFIED', activeVersion: '1.1.0' });
    expect(staging.blockers.map((b: any) => b.code)).toEqual(['LICENSE_NOT_FOUND']);
  });

  it('Analytics Pro on Acme Production: no license and no version for core 2.0.0; on TechStart (1.9.5) only the beta fits', async () => {
    const p = (await t.gqlOk(PLAN, { instanceId: SEED.instances.acmeProd, moduleId: SEED.modules.analytics }, { as: 'alice@acme.test' }))
      .instanceActivationPlan;
    expect(p.recommendedVersion).toBeNull();
    expect(p.versions).toEqual([
      { version: { version: '2.0.1', status: 'beta' }, compatible: false, compatibility: '1.8.0–1.9.5', recommended: false },
      { version: { version: '2.0.0', status: 'beta' }, compatible: false, compatibility: '1.8.0–1.9.5', recommended: false },
    ]);
    expect(p.blockers).toEqual([
      { code: 'LICENSE_NOT_FOUND', field: 'licenseId', message: 'Your organization holds no Analytics Pro license: buy one first.' },
      {
        code: 'VERSION_INCOMPATIBLE',
        field: 'moduleVersionId',
        message: 'No approved version of Analytics Pro supports Webkernel core 2.0.0 (2.0.1: 1.8.0–1.9.5; 2.0.0: 1.8.0–1.9.5).',
      },
    ]);
    const ts = (
      await t.gqlOk(PLAN, { instanceId: SEED.instances.techstartMain, moduleId: SEED.modules.analytics }, { as: 'tom@techstart.test' })
    ).instanceActivationPlan;
    expect(ts.recommendedVersion).toMatchObject({ version: '2.0.1', status: 'beta' });
    expect(ts.hints).toEqual([{ code: 'BETA_VERSION', message: 'Only a beta release of Analytics Pro (2.0.1) supports this core.' }]);
    expect(ts.blockers.map((b: any) => b.code)).toEqual(['LICENSE_NOT_FOUND']);
  });

  it('reports already-active, expired and full licenses as blockers', async () => {
    const active = (await t.gqlOk(PLAN, { instanceId: SEED.instances.acmeProd, moduleId: SEED.modules.crm }, { as: 'alice@acme.test' }))
      .instanceActivationPlan;
    expect(active.blockers.map((b: any) => b.code)).toEqual(['MODULE_ALREADY_ACTIVE']);
    expect(active.activeOnInstance).toEqual({ id: 1 });

    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195 });
    clock.set(new Date('2025-04-01T00:00:00Z')); // TechStart's CRM license expired on 2025-03-15
    try {
      const expired = (await t.gqlOk(PLAN, { instanceId: inst.id, moduleId: SEED.modules.crm }, { as: 'tom@techstart.test' }))
        .instanceActivationPlan;
      expect(expired.blockers).toEqual([
        { code: 'LICENSE_EXPIRED', field: 'licenseId', message: 'Your CRM Pro license expired on 2025-03-15: renew it first.' },
      ]);
    } finally {
      clock.set(new Date('2025-03-01T12:00:00Z'));
    }
    const mod = await t.prisma.module.create({ data: { vendorId: 1, slug: 'gadgets-plan-limit', name: 'Gadgets', status: 'published' } });
    const v = await makeVersion(t.prisma, { moduleId: mod.id, version: '1.0.0', compat: [{ min: '1.9.0' }] });
    const plan = await makePlan(t.prisma, mod.id, { maxInstances: 1 });
    const lic = await makeLicense(t.prisma, { orgId: SEED.techstart, moduleId: mod.id, planId: plan.id });
    const other = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195 });
    await makeActivation(t.prisma, { instanceId: other.id, licenseId: lic.id, moduleId: mod.id, moduleVersionId: v.id });
    const full = (await t.gqlOk(PLAN, { instanceId: inst.id, moduleId: mod.id }, { as: 'tom@techstart.test' })).instanceActivationPlan;
    expect(full.blockers.map((b: any) => b.code)).toEqual(['INSTANCE_LIMIT_REACHED']);
    expect(full.licenses).toEqual([expect.objectContaining({ id: lic.id, usable: true, activeInstances: 1, maxInstances: 1 })]);
    expect(full.recommendedLicense).toBeNull();
  });

  it('modules without an approved version do not exist for the planner; other orgs get NOT_FOUND', async () => {
    const hidden = await t.prisma.module.create({
      data: {
        vendorId: 3,
        slug: 'hidden-draft',
        name: 'Hidden',
        status: 'draft',
        versions: { create: { version: '0.1.0', status: 'pending' } },
      },
    });
    expect(code(await t.gql(PLAN, { instanceId: SEED.instances.acmeProd, moduleId: hidden.id }, { as: 'alice@acme.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await t.gql(PLAN, { instanceId: SEED.instances.acmeProd, moduleId: 1 }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CANDIDATES, { instanceId: SEED.instances.acmeProd }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(PLAN, { instanceId: SEED.instances.acmeProd, moduleId: 1 }))).toBe('UNAUTHENTICATED');
  });

  it('candidates: published modules, licensed ones first, with what is already active', async () => {
    const c = (await t.gqlOk(CANDIDATES, { instanceId: SEED.instances.acmeProd }, { as: 'viewer@acme.test' })).instanceActivationCandidates;
    expect(c.slice(0, 1)).toEqual([{ module: { slug: 'crm-pro' }, licensed: true, activeOnInstance: true }]);
    expect(c.map((x: any) => x.module.slug)).toEqual(expect.arrayContaining(['analytics-pro', 'custom-erp']));
    expect(c.map((x: any) => x.module.slug)).not.toContain('hidden-draft');
  });
});

describe('core upgrade check', () => {
  it('TechStart Main 1.9.5 → 2.0.0: CRM Pro 1.0.0 and Custom ERP 1.0.0 both run on 2.0.0', async () => {
    const r = (
      await t.gqlOk(
        UPGRADE,
        { instanceId: SEED.instances.techstartMain, targetCoreId: SEED.cores.horizon200 },
        { as: 'tom@techstart.test' },
      )
    ).coreUpgradeCheck;
    expect(r).toMatchObject({
      currentCore: { version: '1.9.5' },
      targetCore: { version: '2.0.0' },
      staysCompatible: 2,
      needsUpdate: 0,
      wouldBreak: 0,
      safe: true,
    });
    expect(r.modules.map((m: any) => [m.module.slug, m.outcome])).toEqual([
      ['custom-erp', 'STAYS_COMPATIBLE'],
      ['crm-pro', 'STAYS_COMPATIBLE'],
    ]);
  });

  it('Acme Production 2.0.0 → 1.0.1 would break CRM Pro; 2.0.0 → 1.9.5 keeps it', async () => {
    const down = (
      await t.gqlOk(UPGRADE, { instanceId: SEED.instances.acmeProd, targetCoreId: SEED.cores.origin101 }, { as: 'viewer@acme.test' })
    ).coreUpgradeCheck;
    expect(down).toMatchObject({ wouldBreak: 1, safe: false });
    expect(down.modules[0]).toMatchObject({
      outcome: 'WOULD_BREAK',
      targetVersion: null,
      message: 'CRM Pro 1.1.0 supports 1.9.0–1.9.5 or ≥ 2.0.0 and no approved newer version supports 1.0.1: it would stop working.',
    });
    const ok = (
      await t.gqlOk(UPGRADE, { instanceId: SEED.instances.acmeProd, targetCoreId: SEED.cores.origin195 }, { as: 'viewer@acme.test' })
    ).coreUpgradeCheck;
    expect(ok.modules[0]).toMatchObject({ outcome: 'STAYS_COMPATIBLE' });
  });

  it('needs an update: names the version, whether an update path exists, and when to run it', async () => {
    const mod = await t.prisma.module.create({
      data: { vendorId: 1, slug: 'widgets-upgrade-check', name: 'Widgets', status: 'published' },
    });
    const v1 = await makeVersion(t.prisma, { moduleId: mod.id, version: '1.0.0', compat: [{ min: '2.0.0' }] });
    const v2 = await makeVersion(t.prisma, { moduleId: mod.id, version: '1.1.0', compat: [{ min: '1.0.0' }] });
    await makeVersion(t.prisma, {
      moduleId: mod.id,
      version: '2.0.0',
      status: 'beta',
      compat: [{ min: '1.0.0' }],
      isCompatibleWithPrevious: false,
    });
    const lic = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: mod.id });
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    await makeActivation(t.prisma, { instanceId: inst.id, licenseId: lic.id, moduleId: mod.id, moduleVersionId: v1.id });
    const r = (await t.gqlOk(UPGRADE, { instanceId: inst.id, targetCoreId: SEED.cores.origin101 }, { as: 'dev@acme.test' }))
      .coreUpgradeCheck;
    expect(r).toMatchObject({ needsUpdate: 1, wouldBreak: 0, safe: true });
    expect(r.modules[0]).toEqual({
      module: { slug: 'widgets-upgrade-check' },
      currentVersion: { version: '1.0.0' },
      outcome: 'NEEDS_UPDATE',
      targetVersion: { version: v2.version },
      updatePathAvailable: true,
      message: 'Update Widgets to 1.1.0 before the core upgrade (it runs on both 2.0.0 and 1.0.1).',
    });
  });

  it('refuses another software, unknown cores, other orgs and anonymous callers', async () => {
    const other = await t.prisma.software.create({ data: { name: 'Other', slug: 'other-upgrade' } });
    const core = await t.prisma.softwareCore.create({ data: { softwareId: other.id, name: 'Other', version: '3.0.0' } });
    expect(code(await t.gql(UPGRADE, { instanceId: SEED.instances.acmeProd, targetCoreId: core.id }, { as: 'alice@acme.test' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await t.gql(UPGRADE, { instanceId: SEED.instances.acmeProd, targetCoreId: 99999 }, { as: 'alice@acme.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await t.gql(UPGRADE, { instanceId: SEED.instances.acmeProd, targetCoreId: 2 }, { as: 'tom@techstart.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await t.gql(UPGRADE, { instanceId: SEED.instances.acmeProd, targetCoreId: 2 }))).toBe('UNAUTHENTICATED');
  });
});
