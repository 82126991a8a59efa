/**
 * Sold means installable: every catalog module of the demo data is downloaded through the instance
 * API and activated on a compatible demo instance. Withdrawal (yank): the catalog, the instance
 * API, the activation planner and notices; restore; re-scan of published versions with progress;
 * registering a core's API surface. Uses the default artifact storage, where the seed built the
 * demo releases' artifacts.
 */
import { createHash } from 'node:crypto';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import type { BaseDeps } from '../../core/context';
import { makeInstance, makeLicense } from '../../test/factories';
import { SEED } from '../../test/seed-ids';
import { sweepChecks } from './version-checks.service';

const t = useTestApp({ clock: new FixedClock(new Date('2025-06-01T12:00:00Z')) }); // inside the demo licenses' periods
const ADMIN = 'admin@webkernel.com';
const deps = (): BaseDeps => ({ prisma: t.prisma, config: t.config, clock: t.clock, services: t.services });

const CATALOG = `{ catalogModules(first: 50, sort: NAME) { edges { node { id slug } } } }`;
const PAGE = `query($slug: String!) { module(slug: $slug) { id slug versions { id version status permissions { code description } } } }`;
const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;
const ACTIVATE = `mutation($input: InstanceActivateModuleInput!) { instanceActivateModule(input: $input) { instanceModule { id } errors { code message } } }`;
const WITHDRAW = `mutation($input: ModuleVersionWithdrawInput!) { moduleVersionWithdraw(input: $input) { version { id status withdrawnAt withdrawnReason } errors { code field message } } }`;
const RESTORE = `mutation($input: ModuleVersionRestoreInput!) { moduleVersionRestore(input: $input) { version { id status withdrawnReason } errors { code field message } } }`;
const QUOTE = `query($input: PurchaseQuoteInput!) { purchaseQuote(input: $input) { quote { total { amount } } errors { code field message } } }`;

async function credential(instanceId: number, as: string) {
  const r = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
  return `Basic ${Buffer.from(`${r.credential.keyId}:${r.secret}`).toString('base64')}`;
}

async function instanceApi(path: string, auth: string) {
  const res = await fetch(`${t.baseUrl}/api/instance/v1${path}`, { headers: { authorization: auth } });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: type.includes('json') ? ((await res.json()) as any) : Buffer.from(await res.arrayBuffer()) };
}

const catalogSlugs = async () => ((await t.gqlOk(CATALOG)).catalogModules.edges as { node: { slug: string } }[]).map((e) => e.node.slug);

describe('the demo data sells only what installs', () => {
  it('every demo release has a real stored artifact (sha256), its seed hash kept as history, and passed checks', async () => {
    const versions = await t.prisma.moduleVersion.findMany({ where: { id: { in: [1, 2, 3, 4, 5, 6] } }, orderBy: { id: 'asc' } });
    expect(versions.map((v) => v.hash)).toEqual([
      SEED.hashes.crm100,
      SEED.hashes.crm110,
      SEED.hashes.erp100,
      SEED.hashes.analytics200,
      SEED.hashes.analytics210,
      SEED.hashes.analytics201,
    ]);
    expect(versions.map((v) => v.importedHash)).toEqual([
      SEED.importedHashes.crm100,
      SEED.importedHashes.crm110,
      SEED.importedHashes.erp100,
      null, // 2.0.0 had no release row, so no hash to keep
      'f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c3',
      null, // 2.0.1 is not in seed 000
    ]);
    for (const v of versions) expect(await t.services.storage!.exists(v.artifactKey!)).toBe(true);
    const checks = await t.prisma.moduleVersionCheck.findMany({ where: { versionId: { in: [1, 2, 3, 4, 5, 6] } } });
    expect(checks).toHaveLength(36);
    expect(checks.filter((c) => c.status !== 'passed')).toEqual([]);
    // The seed's pending 2.1.0 submission shows the derived columns.
    expect(await t.prisma.moduleValidation.findUniqueOrThrow({ where: { id: 3 } })).toMatchObject({
      securityScanPassed: true,
      performanceTested: true,
    });
  });

  it('every catalog module can be downloaded and activated on a compatible instance of the demo data', async () => {
    const slugs = await catalogSlugs();
    expect(slugs).toEqual(['analytics-pro', 'crm-pro', 'custom-erp']);
    // Acme's instances on the demo cores: Horizon 2.0.0 and Origin 1.9.5.
    const horizon = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200, name: 'Install check 2.0.0' });
    const origin = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.origin195, name: 'Install check 1.9.5' });
    const targets: Record<string, number> = { 'crm-pro': horizon.id, 'custom-erp': horizon.id, 'analytics-pro': origin.id };
    const auth = { [horizon.id]: await credential(horizon.id, 'dev@acme.test'), [origin.id]: await credential(origin.id, 'dev@acme.test') };
    // Dependencies first: Custom ERP requires CRM Pro on the instance.
    for (const slug of ['crm-pro', 'custom-erp', 'analytics-pro']) {
      const page = (await t.gqlOk(PAGE, { slug })).module;
      const latest = page.versions[0];
      const license = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: page.id });
      const instanceId = targets[slug]!;
      const dl = await instanceApi(`/artifacts/${latest.id}`, auth[instanceId]!);
      expect([slug, dl.status]).toEqual([slug, 200]);
      const sha256 = createHash('sha256')
        .update(dl.body as Buffer)
        .digest('hex');
      expect(sha256).toMatch(/^[a-f0-9]{64}$/);
      // Every demo release asks for permissions: Acme's admin consents to them.
      const consentedPermissions = latest.permissions.map((p: { code: string }) => p.code);
      expect(consentedPermissions.length).toBeGreaterThan(0);
      const r = await t.gqlOk(
        ACTIVATE,
        { input: { instanceId, licenseId: license.id, moduleVersionId: latest.id, reportedHash: sha256, consentedPermissions } },
        { as: 'alice@acme.test' },
      );
      expect([slug, latest.version, r.instanceActivateModule.errors]).toEqual([slug, latest.version, []]);
    }
  });

  it('a module whose approved versions lack an artifact cannot be bought', async () => {
    const keys = await t.prisma.moduleVersion.findMany({ where: { id: { in: [SEED.versions.analytics200, SEED.versions.analytics201] } } });
    await t.prisma.moduleVersion.updateMany({ where: { id: { in: keys.map((k) => k.id) } }, data: { artifactKey: null } });
    try {
      const r = await t.gqlOk(
        QUOTE,
        { input: { orgId: SEED.acme, moduleId: SEED.modules.analytics, planId: 6 } },
        { as: 'alice@acme.test' },
      );
      expect(r.purchaseQuote.errors).toEqual([expect.objectContaining({ code: 'MODULE_NOT_AVAILABLE', field: 'moduleId' })]);
    } finally {
      for (const k of keys) await t.prisma.moduleVersion.update({ where: { id: k.id }, data: { artifactKey: k.artifactKey } });
    }
  });
});

describe('withdrawal (yank)', () => {
  it('leaves the catalog, answers "withdrawn" on the instance API, blocks activation, notifies holders; restore brings it back', async () => {
    const auth = await credential(SEED.instances.acmeProd, 'dev@acme.test'); // runs CRM Pro 1.1.0 under license 1
    const noReason = await t.gqlOk(WITHDRAW, { input: { versionId: SEED.versions.crm110, reason: '' } }, { as: ADMIN });
    expect(noReason.moduleVersionWithdraw.errors).toEqual([expect.objectContaining({ code: 'REASON_REQUIRED', field: 'reason' })]);
    const pending = await t.gqlOk(WITHDRAW, { input: { versionId: SEED.versions.analytics210, reason: 'x' } }, { as: ADMIN });
    expect(pending.moduleVersionWithdraw.errors).toEqual([expect.objectContaining({ code: 'VERSION_NOT_APPROVED', field: 'versionId' })]);

    const r = await t.gqlOk(
      WITHDRAW,
      { input: { versionId: SEED.versions.crm110, reason: 'Malware found in the export script.' } },
      { as: ADMIN },
    );
    expect(r.moduleVersionWithdraw).toMatchObject({
      errors: [],
      version: { status: 'withdrawn', withdrawnReason: 'Malware found in the export script.' },
    });

    // Catalog: the module page no longer offers 1.1.0.
    expect((await t.gqlOk(PAGE, { slug: 'crm-pro' })).module.versions.map((v: any) => v.version)).toEqual(['1.0.0']);
    // Instance API: validate and download answer "withdrawn".
    const validate = await instanceApi('/licenses/MODLIC-CRM-101-ABC123/validate', auth);
    expect(validate.status).toBe(200);
    expect(validate.body.license).toMatchObject({
      valid: false,
      reason: 'WITHDRAWN',
      withdrawn: { version: '1.1.0', reason: 'Malware found in the export script.' },
    });
    const dl = await instanceApi(`/artifacts/${SEED.versions.crm110}`, auth);
    expect(dl.status).toBe(410);
    expect(dl.body.error).toMatchObject({
      code: 'VERSION_WITHDRAWN',
      message: 'This version was withdrawn by the platform: Malware found in the export script. Install another version.',
    });
    // The activation planner refuses it.
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const license = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: SEED.modules.crm });
    const act = await t.gql(
      ACTIVATE,
      { input: { instanceId: inst.id, licenseId: license.id, moduleVersionId: SEED.versions.crm110, reportedHash: SEED.hashes.crm110 } },
      { as: 'dev@acme.test' },
    );
    // Only approved versions can be activated: a withdrawn one is not found for buyers.
    expect(act.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await t.prisma.instanceModule.count({ where: { instanceId: inst.id } })).toBe(0);
    // Every org holding CRM Pro (Acme: license 1; TechStart: license 3) gets the notice.
    const notices = await t.prisma.notification.findMany({ where: { type: 'version_withdrawn', relatedEntityId: SEED.versions.crm110 } });
    expect([...new Set(notices.map((n) => n.recipientOrgId))].sort()).toEqual([SEED.acme, SEED.techstart]);
    expect(notices[0]!.message).toContain('CRM Pro 1.1.0 was withdrawn by the platform: Malware found in the export script.');
    expect(await t.prisma.auditLog.count({ where: { actionType: 'withdraw', entityId: String(SEED.versions.crm110) } })).toBe(1);

    const restored = await t.gqlOk(RESTORE, { input: { versionId: SEED.versions.crm110, reason: 'False positive' } }, { as: ADMIN });
    expect(restored.moduleVersionRestore).toMatchObject({ errors: [], version: { status: 'stable', withdrawnReason: null } });
    expect((await t.gqlOk(PAGE, { slug: 'crm-pro' })).module.versions.map((v: any) => v.version)).toEqual(['1.1.0', '1.0.0']);
    expect((await instanceApi('/licenses/MODLIC-CRM-101-ABC123/validate', auth)).body.license).toMatchObject({
      valid: true,
      reason: null,
      withdrawn: null,
    });
    const again = await t.gqlOk(RESTORE, { input: { versionId: SEED.versions.crm110 } }, { as: ADMIN });
    expect(again.moduleVersionRestore.errors).toEqual([expect.objectContaining({ code: 'VERSION_NOT_WITHDRAWN' })]);
  });

  it('withdrawing every approved version of a module takes the module out of the catalog', async () => {
    await t.gqlOk(WITHDRAW, { input: { versionId: SEED.versions.analytics200, reason: 'Leaks data.' } }, { as: ADMIN });
    expect(await catalogSlugs()).toEqual(['analytics-pro', 'crm-pro', 'custom-erp']); // 2.0.1 is still approved
    await t.gqlOk(WITHDRAW, { input: { versionId: SEED.versions.analytics201, reason: 'Leaks data.' } }, { as: ADMIN });
    try {
      expect(await catalogSlugs()).toEqual(['crm-pro', 'custom-erp']);
    } finally {
      await t.gqlOk(RESTORE, { input: { versionId: SEED.versions.analytics200 } }, { as: ADMIN });
      await t.gqlOk(RESTORE, { input: { versionId: SEED.versions.analytics201 } }, { as: ADMIN });
    }
    expect(await catalogSlugs()).toEqual(['analytics-pro', 'crm-pro', 'custom-erp']);
  });
});

describe('re-scan of every published version', () => {
  it('runs as jobs; admins see its progress', async () => {
    const START = `mutation($input: ReviewRescanStartInput!) { reviewRescanStart(input: $input) { rescan { id total reason } errors { code } } }`;
    const PROGRESS = `{ adminReviewRescan { id total progress { queued running passed failed errored failedVersionIds } } }`;
    const started = (await t.gqlOk(START, { input: { reason: 'secret rules updated' } }, { as: ADMIN })).reviewRescanStart;
    expect(started).toMatchObject({ errors: [], rescan: { total: 30, reason: 'secret rules updated' } }); // 5 approved × 6 checks
    expect((await t.gqlOk(PROGRESS, {}, { as: ADMIN })).adminReviewRescan.progress).toMatchObject({ queued: 30, passed: 0 });
    await sweepChecks(deps());
    expect((await t.gqlOk(PROGRESS, {}, { as: ADMIN })).adminReviewRescan).toMatchObject({
      id: started.rescan.id,
      total: 30,
      progress: { queued: 0, running: 0, passed: 30, failed: 0, errored: 0, failedVersionIds: [] },
    });
    expect(await t.prisma.auditLog.count({ where: { actionType: 'rescan' } })).toBe(1);
  });

  it("re-scans started at the same moment both succeed; the last one owns each version's six checks", async () => {
    const START = `mutation { reviewRescanStart(input: { reason: "twice" }) { rescan { id } errors { code } } }`;
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => t.gqlOk(START, {}, { as: ADMIN })));
    for (const r of [a, b, c]) expect(r.reviewRescanStart.errors).toEqual([]);
    const rows = await t.prisma.moduleVersionCheck.groupBy({
      by: ['versionId'],
      where: { rescanId: { not: null } },
      _count: { _all: true },
    });
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r._count._all).toBe(6);
  });
});

describe("registering a core release's API surface", () => {
  it('validates the JSON and records it (audited)', async () => {
    const SET = `mutation($input: SoftwareCoreApiSurfaceSetInput!) { softwareCoreApiSurfaceSet(input: $input) { surface { coreId classes functions hooks } errors { code field message } } }`;
    const bad = await t.gqlOk(SET, { input: { coreId: 1, surface: { classes: { 'Not valid': [] } } } }, { as: ADMIN });
    expect(bad.softwareCoreApiSurfaceSet.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_API_SURFACE', field: 'surface.classes.Not valid' }),
    ]);
    const ok = await t.gqlOk(
      SET,
      {
        input: {
          coreId: 1,
          surface: { classes: { 'Webkernel\\Http\\Router': ['get'] }, functions: ['Webkernel\\config'], hooks: ['app.boot'] },
        },
      },
      { as: ADMIN },
    );
    expect(ok.softwareCoreApiSurfaceSet).toEqual({ errors: [], surface: { coreId: 1, classes: 1, functions: 1, hooks: 1 } });
    expect(code404(await t.gql(SET, { input: { coreId: 999, surface: {} } }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(await t.prisma.auditLog.count({ where: { actionType: 'set_api_surface', entityId: '1' } })).toBe(1);
  });
});

const code404 = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
