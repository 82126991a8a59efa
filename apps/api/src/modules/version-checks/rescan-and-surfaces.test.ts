/**
 * What the admin screens for re-scans and core API surfaces read: a re-scan's failed versions
 * (module, status, failed checks, the submission to open) and each core release's registered
 * surface; refused to everyone but platform admins, at the query and at the field. Uses the
 * default artifact storage, where the seed built the demo releases' artifacts.
 */
import { CheckKind } from '@wk/db';
import { FixedClock } from '../../core/clock';
import type { BaseDeps } from '../../core/context';
import { useTestApp } from '../../test/harness';
import { SEED } from '../../test/seed-ids';
import { coreApiSurfaceSummary, rescanProgressOf, sweepChecks } from './version-checks.service';

const t = useTestApp({ clock: new FixedClock(new Date('2025-06-01T12:00:00Z')) });
const ADMIN = 'admin@webkernel.com';
const OTHERS = ['alice@acme.test', 'john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test'];
const deps = (): BaseDeps => ({ prisma: t.prisma, config: t.config, clock: t.clock, services: t.services });
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

const START = `mutation($input: ReviewRescanStartInput!) { reviewRescanStart(input: $input) { rescan { id total } errors { code field message } } }`;
const PROGRESS = `{ adminReviewRescan { id total progress { queued running passed failed errored failedVersionIds
  failedVersions { versionId moduleId moduleName version status failedChecks validationId } } } }`;
const CORES = `{ adminSoftwares { slug cores { id version apiSurface { coreId classes functions hooks } } } }`;
const SET = `mutation($input: SoftwareCoreApiSurfaceSetInput!) { softwareCoreApiSurfaceSet(input: $input) { surface { coreId classes functions hooks } errors { code field message } } }`;

describe('re-scan progress names the versions that failed', () => {
  it('a core surface without Router::middleware: the re-scan lists Custom ERP 1.0.0 with its failed check and submission', async () => {
    const core = await t.prisma.softwareCore.findUniqueOrThrow({ where: { id: SEED.cores.horizon200 } });
    const surface = core.apiSurface as { classes: Record<string, string[]>; functions: string[]; hooks: string[] };
    const reduced = { ...surface, classes: { ...surface.classes, 'Webkernel\\Http\\Router': ['get', 'post', 'group'] } };
    const set = await t.gqlOk(SET, { input: { coreId: core.id, surface: reduced } }, { as: ADMIN });
    expect(set.softwareCoreApiSurfaceSet.errors).toEqual([]);

    expect((await t.gqlOk(PROGRESS, {}, { as: ADMIN })).adminReviewRescan).toBeNull(); // no re-scan yet
    const started = (await t.gqlOk(START, { input: { reason: 'core 2.0.0 surface corrected' } }, { as: ADMIN })).reviewRescanStart;
    expect(started.errors).toEqual([]);
    const running = (await t.gqlOk(PROGRESS, {}, { as: ADMIN })).adminReviewRescan;
    // Every check of every approved version is queued again.
    const approved = await t.prisma.moduleVersion.count({ where: { status: { in: ['stable', 'beta'] } } });
    const checksPerVersion = Object.keys(CheckKind).length; // archive, secrets, code, compatibility, dependencies, budget
    expect(running.progress).toMatchObject({ queued: approved * checksPerVersion, running: 0, passed: 0, failedVersions: [] });
    expect(running.progress.queued).toBeGreaterThan(0);

    await sweepChecks(deps());
    const erp = await t.prisma.moduleVersion.findUniqueOrThrow({
      where: { id: SEED.versions.erp100 },
      include: { module: true, validations: { orderBy: { id: 'desc' }, take: 1 } },
    });
    const done = (await t.gqlOk(PROGRESS, {}, { as: ADMIN })).adminReviewRescan;
    const total = approved * checksPerVersion;
    expect(done).toMatchObject({ id: started.rescan.id, total });
    expect(done.progress).toEqual({
      queued: 0,
      running: 0,
      passed: total - 1,
      failed: 1,
      errored: 0,
      failedVersionIds: [SEED.versions.erp100],
      failedVersions: [
        {
          versionId: SEED.versions.erp100,
          moduleId: SEED.modules.erp,
          moduleName: erp.module.name,
          version: '1.0.0',
          status: 'stable',
          failedChecks: ['compatibility'],
          validationId: erp.validations[0]!.id,
        },
      ],
    });
  });
});

describe("each core release's registered API surface", () => {
  it('shows the counts of the demo surfaces, null for a core without one, and the new counts after a replacement', async () => {
    const before = (await t.gqlOk(CORES, {}, { as: ADMIN })).adminSoftwares.find((s: any) => s.slug === 'webkernel');
    expect(before.cores.map((c: any) => [c.version, c.apiSurface])).toEqual([
      ['2.0.0', { coreId: SEED.cores.horizon200, classes: 5, functions: 3, hooks: 4 }],
      ['1.9.5', { coreId: 2, classes: 5, functions: 2, hooks: 3 }],
      ['1.0.1', { coreId: 1, classes: 4, functions: 2, hooks: 2 }],
    ]);
    await t.prisma.softwareCore.update({ where: { id: 1 }, data: { apiSurface: null as never } });
    const set = await t.gqlOk(
      SET,
      { input: { coreId: 2, surface: { classes: { 'Webkernel\\Hooks': ['on'] }, functions: [], hooks: ['app.boot', 'app.boot'] } } },
      { as: ADMIN },
    );
    expect(set.softwareCoreApiSurfaceSet).toEqual({ errors: [], surface: { coreId: 2, classes: 1, functions: 0, hooks: 1 } });
    const after = (await t.gqlOk(CORES, {}, { as: ADMIN })).adminSoftwares.find((s: any) => s.slug === 'webkernel');
    expect(after.cores.map((c: any) => [c.version, c.apiSurface])).toEqual([
      ['2.0.0', { coreId: SEED.cores.horizon200, classes: 5, functions: 3, hooks: 4 }],
      ['1.9.5', { coreId: 2, classes: 1, functions: 0, hooks: 1 }],
      ['1.0.1', null],
    ]);
  });

  it('an invalid surface is refused with the field that is wrong, and nothing is written', async () => {
    const before = await t.prisma.softwareCore.findUniqueOrThrow({ where: { id: 2 } });
    const audits = await t.prisma.auditLog.count({ where: { actionType: 'set_api_surface' } });
    for (const [surface, field] of [
      [[], 'surface.$'],
      [{ classes: [] }, 'surface.classes'],
      [{ classes: { 'Webkernel\\Http\\Router': 'get' } }, 'surface.classes.Webkernel\\Http\\Router'],
      [{ functions: ['not a name'] }, 'surface.functions'],
      [{ hooks: [42] }, 'surface.hooks'],
    ] as const) {
      const r = (await t.gqlOk(SET, { input: { coreId: 2, surface } }, { as: ADMIN })).softwareCoreApiSurfaceSet;
      expect([field, r.surface, r.errors]).toEqual([field, null, [expect.objectContaining({ code: 'INVALID_API_SURFACE', field })]]);
    }
    expect((await t.prisma.softwareCore.findUniqueOrThrow({ where: { id: 2 } })).apiSurface).toEqual(before.apiSurface);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'set_api_surface' } })).toBe(audits);
  });
});

describe('the withdrawal notice', () => {
  it('reads as sentences whether or not the reason ends with a full stop', async () => {
    const WITHDRAW = `mutation($input: ModuleVersionWithdrawInput!) { moduleVersionWithdraw(input: $input) { errors { code } } }`;
    const RESTORE = `mutation($input: ModuleVersionRestoreInput!) { moduleVersionRestore(input: $input) { errors { code } } }`;
    const messages: string[] = [];
    for (const reason of ['Malware found in the export script', 'Malware found in the export script.']) {
      (t.clock as FixedClock).advance(60_000); // each withdrawal is a new notice
      expect(
        (await t.gqlOk(WITHDRAW, { input: { versionId: SEED.versions.crm110, reason } }, { as: ADMIN })).moduleVersionWithdraw.errors,
      ).toEqual([]);
      const n = await t.prisma.notification.findFirstOrThrow({
        where: { type: 'version_withdrawn', relatedEntityId: SEED.versions.crm110 },
        orderBy: { id: 'desc' },
      });
      messages.push(n.message);
      await t.gqlOk(RESTORE, { input: { versionId: SEED.versions.crm110 } }, { as: ADMIN });
    }
    const expected =
      'CRM Pro 1.1.0 was withdrawn by the platform: Malware found in the export script. It can no longer be downloaded or activated; update to another version.';
    expect(messages).toEqual([expected, expected]);
    expect(await t.prisma.notification.count({ where: { type: 'version_withdrawn', relatedEntityId: SEED.versions.crm110 } })).toBe(4); // Acme and TechStart, twice
  });
});

describe('refusals', () => {
  it('only platform admins read re-scan progress and core surfaces, at the query and at the field', async () => {
    await t.gqlOk(START, { input: {} }, { as: ADMIN });
    for (const who of OTHERS) {
      expect([who, code(await t.gql(PROGRESS, {}, { as: who }))]).toEqual([who, 'FORBIDDEN']);
      expect([who, code(await t.gql(CORES, {}, { as: who }))]).toEqual([who, 'FORBIDDEN']);
      // The field resolvers check too (a core or a re-scan reached some other way).
      const ctx = await t.ctxAs(who);
      expect(() => coreApiSurfaceSummary(ctx, { id: 1, apiSurface: { classes: {}, functions: [], hooks: [] } })).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      );
      await expect(rescanProgressOf(ctx, 1)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    }
    expect(code(await t.gql(PROGRESS))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(CORES))).toBe('UNAUTHENTICATED');
  });
});
