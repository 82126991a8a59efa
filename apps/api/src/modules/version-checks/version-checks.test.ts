/**
 * The automated review pipeline through the real API and database: checks queued on upload and
 * run by the job, findings with file and line, submission gating and justifications, fail-closed
 * errors and timeouts, two workers, admin overrides and approval, refusals for roles and vendors.
 */
import { createPrismaClient, type PrismaClient } from '@wk/db';
import { useTestApp } from '../../test/harness';
import type { BaseDeps } from '../../core/context';
import { JobRunner } from '../../jobs/runner';
import {
  createModule,
  moduleZip,
  publishingSandbox,
  uploadArtifact,
  validationIdOf,
  type ManifestInput,
} from '../publishing/test-support/publishing-fixtures';
import { buildZipWithYazl } from '../artifacts/test-support/zip-fixtures';
import { DEFAULT_REVIEW_LIMITS } from './review-limits';
import { runVersionChecks, sweepChecks } from './version-checks.service';

const sandbox = publishingSandbox();
const t = useTestApp({ ...sandbox.options, poolSize: 12 });
afterAll(() => sandbox.cleanup());

const ADMIN = 'admin@webkernel.com';
const ALICE = 'alice@acme.test'; // runs DevShop Solutions (vendor 2)
const JOHN = 'john@johndoe.test'; // vendor 3
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const deps = (): BaseDeps => ({ prisma: t.prisma, config: t.config, clock: t.clock, services: t.services });

const SECRET_FILE = "<?php\n// storage settings\n$s3 = ['key' => 'AKIAIOSFODNN7EXAMPLX'];\n";
const VERSION = `query($id: Int!) { vendorModuleVersion(id: $id) { id status automatedChecks { kind status effective summary errorMessage findings { id ruleId severity file line message snippet snippetStartLine justification justificationSource } } submitBlockers { code message } } }`;
const SUBMIT = `mutation($input: ModuleVersionIdInput!) { moduleVersionSubmit(input: $input) { version { id } errors { code field message } } }`;
const RECHECK = `mutation($input: ModuleVersionIdInput!) { moduleVersionCheck(input: $input) { version { id } errors { code field message } } }`;
const JUSTIFY = `mutation($input: VersionFindingJustifyInput!) { versionFindingJustify(input: $input) { finding { id justification justificationSource } errors { code field message } } }`;
const OVERRIDE = `mutation($input: ValidationCheckOverrideInput!) { validationCheckOverride(input: $input) { check { kind status effective overrideReason overriddenByName } errors { code field message } } }`;
const RECORD = `mutation($input: ValidationRecordChecksInput!) { validationRecordChecks(input: $input) { submission { id } errors { code field message } } }`;
const APPROVE = `mutation($input: ValidationApproveInput!) { validationApprove(input: $input) { submission { id status checks { kind passed notes } } errors { code field message } } }`;
const SUBMISSION = `query($id: Int!) { adminSubmission(id: $id) { id automatedChecks { kind status effective findings { ruleId file line snippet justification } } } }`;

async function upload(
  moduleId: number,
  m: ManifestInput,
  files: { name: string; data: string }[] = [],
  fields: Record<string, string> = {},
) {
  const r = await uploadArtifact(t, moduleId, await moduleZip(m, files), {
    as: ALICE,
    fields: { changelog: `Release ${m.version}`, ...fields },
  });
  if (r.status !== 201) throw new Error(`upload failed ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.version.id as number;
}

async function checksOf(versionId: number, as = ALICE) {
  return (await t.gqlOk(VERSION, { id: versionId }, { as })).vendorModuleVersion;
}

describe('checks run as jobs right after upload, with findings tied to file and line', () => {
  it('a vendor sees the secret finding, fixes the archive, re-checks and submits', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-secret');
    const v1 = await upload(moduleId, { slug: 'chk-secret', version: '1.0.0' }, [{ name: 'src/Config.php', data: SECRET_FILE }]);
    const queued = await checksOf(v1);
    expect(queued.automatedChecks.map((c: any) => [c.kind, c.status])).toEqual([
      ['archive', 'queued'],
      ['secrets', 'queued'],
      ['code', 'queued'],
      ['compatibility', 'queued'],
      ['dependencies', 'queued'],
      ['budget', 'queued'],
    ]);
    expect(queued.submitBlockers.map((b: any) => b.code)).toEqual(['CHECKS_PENDING']);
    expect((await t.gqlOk(SUBMIT, { input: { versionId: v1 } }, { as: ALICE })).moduleVersionSubmit.errors[0].code).toBe('CHECKS_PENDING');

    expect(await runVersionChecks(deps(), v1)).toEqual({ ran: 6 });
    const done = await checksOf(v1);
    const byKind = Object.fromEntries(done.automatedChecks.map((c: any) => [c.kind, c]));
    expect(byKind.secrets).toMatchObject({ status: 'failed', effective: 'failed' });
    expect(byKind.secrets.findings).toEqual([
      expect.objectContaining({
        ruleId: 'secret.aws-access-key-id',
        severity: 'blocking',
        file: 'src/Config.php',
        line: 3,
        snippetStartLine: 1,
        snippet: "<?php\n// storage settings\n$s3 = ['key' => 'AKIA…[masked]'];\n",
        justification: null,
      }),
    ]);
    for (const k of ['archive', 'code', 'compatibility', 'dependencies', 'budget']) expect([k, byKind[k].status]).toEqual([k, 'passed']);
    const refused = (await t.gqlOk(SUBMIT, { input: { versionId: v1 } }, { as: ALICE })).moduleVersionSubmit;
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'BLOCKING_FINDINGS', field: 'versionId' })]);
    expect(refused.errors[0].message).toContain('secret.aws-access-key-id in src/Config.php:3');

    // The fixed archive replaces the draft; "Check my version" runs everything again.
    const v2 = await upload(
      moduleId,
      { slug: 'chk-secret', version: '1.0.0' },
      [{ name: 'src/Config.php', data: "<?php\n$s3 = ['key' => getenv('S3_KEY')];\n" }],
      {
        replaceDraft: 'true',
      },
    );
    expect(await t.prisma.moduleVersion.findUnique({ where: { id: v1 } })).toBeNull();
    await runVersionChecks(deps(), v2);
    expect((await t.gqlOk(RECHECK, { input: { versionId: v2 } }, { as: ALICE })).moduleVersionCheck.errors).toEqual([]);
    expect((await checksOf(v2)).automatedChecks.every((c: any) => c.status === 'queued')).toBe(true);
    await runVersionChecks(deps(), v2);
    const clean = await checksOf(v2);
    expect(clean.automatedChecks.map((c: any) => c.status)).toEqual(Array(6).fill('passed'));
    expect(clean.submitBlockers).toEqual([]);
    expect((await t.gqlOk(SUBMIT, { input: { versionId: v2 } }, { as: ALICE })).moduleVersionSubmit.errors).toEqual([]);
    // The seed's derived columns: security from secrets + code, performance from the budget.
    const validation = await t.prisma.moduleValidation.findFirstOrThrow({ where: { versionId: v2 } });
    expect(validation).toMatchObject({ securityScanPassed: true, performanceTested: true, codeReviewPassed: null });
    expect(await t.prisma.auditLog.count({ where: { actionType: 'check_finished', entityId: String(v2) } })).toBe(12);
  });

  it('a justified finding lets the vendor submit; the reviewer sees the justification', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-justify');
    const v = await upload(moduleId, { slug: 'chk-justify', version: '1.0.0' }, [
      { name: 'tests/fixtures/keys.php', data: "<?php\nreturn ['key' => 'AKIAIOSFODNN7EXAMPLX'];\n" },
    ]);
    await runVersionChecks(deps(), v);
    const finding = (await checksOf(v)).automatedChecks.find((c: any) => c.kind === 'secrets').findings[0];
    const empty = await t.gqlOk(JUSTIFY, { input: { findingId: finding.id, justification: '  ' } }, { as: ALICE });
    expect(empty.versionFindingJustify.errors).toEqual([
      expect.objectContaining({ code: 'JUSTIFICATION_REQUIRED', field: 'justification' }),
    ]);
    const ok = await t.gqlOk(
      JUSTIFY,
      { input: { findingId: finding.id, justification: "AWS's documented example key, used in tests." } },
      { as: ALICE },
    );
    expect(ok.versionFindingJustify).toMatchObject({ errors: [], finding: { justificationSource: 'vendor' } });
    const after = await checksOf(v);
    expect(after.automatedChecks.find((c: any) => c.kind === 'secrets').status).toBe('passed');
    expect(after.submitBlockers).toEqual([]);
    expect((await t.gqlOk(SUBMIT, { input: { versionId: v } }, { as: ALICE })).moduleVersionSubmit.errors).toEqual([]);
    const sub = (await t.gqlOk(SUBMISSION, { id: await validationIdOf(t, v) }, { as: ADMIN })).adminSubmission;
    expect(sub.automatedChecks.find((c: any) => c.kind === 'secrets').findings[0]).toMatchObject({
      ruleId: 'secret.aws-access-key-id',
      file: 'tests/fixtures/keys.php',
      line: 2,
      justification: "AWS's documented example key, used in tests.",
    });
  });

  it('a manifest justification per rule is applied to dangerous-code findings', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-manifest');
    // The manifest carries a justification for one rule.
    const withJustification = await buildZipWithYazl([
      {
        name: 'webkernel-module.json',
        data: JSON.stringify({
          slug: 'chk-manifest',
          version: '1.0.0',
          core: [{ software: 'webkernel', min: '2.0.0', max: null }],
          justifications: { 'code.php.shell': 'Thumbnails are made by ImageMagick.' },
        }),
      },
      { name: 'src/Thumbs.php', data: '<?php\nexec("convert in.png out.png");\n' },
    ]);
    const r = await uploadArtifact(t, moduleId, withJustification, { as: ALICE, fields: { changelog: 'First' } });
    expect(r.status).toBe(201);
    await runVersionChecks(deps(), r.body.version.id);
    const codeCheck = (await checksOf(r.body.version.id)).automatedChecks.find((c: any) => c.kind === 'code');
    expect(codeCheck).toMatchObject({
      status: 'passed',
      findings: [
        expect.objectContaining({
          ruleId: 'code.php.shell',
          line: 2,
          justification: 'Thumbnails are made by ImageMagick.',
          justificationSource: 'manifest',
        }),
      ],
    });
  });
});

describe('fail closed', () => {
  it('a check that throws ends as error: never a pass, submission and approval refused', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-error');
    const v = await upload(moduleId, { slug: 'chk-error', version: '1.0.0' });
    await runVersionChecks(deps(), v, { checks: { secrets: async () => Promise.reject(new Error('rule engine crashed')) } });
    const c = (await checksOf(v)).automatedChecks.find((x: any) => x.kind === 'secrets');
    expect(c).toMatchObject({ status: 'error', effective: 'failed', errorMessage: 'The check failed to run: rule engine crashed' });
    expect((await t.gqlOk(SUBMIT, { input: { versionId: v } }, { as: ALICE })).moduleVersionSubmit.errors[0].code).toBe(
      'BLOCKING_FINDINGS',
    );
  });

  it('a check that never finishes times out as error; a check whose worker died is errored by the sweep', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-timeout');
    const v = await upload(moduleId, { slug: 'chk-timeout', version: '1.0.0' });
    await runVersionChecks(deps(), v, { checks: { code: () => new Promise(() => undefined) }, timeoutMs: 50 });
    const c = (await checksOf(v)).automatedChecks.find((x: any) => x.kind === 'code');
    expect(c).toMatchObject({ status: 'error', effective: 'failed', errorMessage: 'The check did not finish within 50 ms.' });

    // A worker claimed the checks and died: the sweep ends them as errors.
    await t.prisma.moduleVersionCheck.updateMany({
      where: { versionId: v },
      data: { status: 'running', startedAt: new Date(Date.now() - 3_600_000), attempts: 1 },
    });
    const swept = await sweepChecks(deps(), { timeoutMs: 1000 });
    expect(swept.timedOut).toBeGreaterThanOrEqual(6);
    expect((await checksOf(v)).automatedChecks.map((x: any) => x.status)).toEqual(Array(6).fill('error'));
  });

  it('a version whose artifact is gone errors every check', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-gone');
    const v = await upload(moduleId, { slug: 'chk-gone', version: '1.0.0' });
    const row = await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: v } });
    await sandbox.storage.delete(row.artifactKey!);
    await runVersionChecks(deps(), v);
    expect((await checksOf(v)).automatedChecks.map((x: any) => x.status)).toEqual(Array(6).fill('error'));
  });
});

describe('two workers', () => {
  const extra: PrismaClient[] = [];
  afterAll(() => Promise.all(extra.map((c) => c.$disconnect())));
  const worker = (): BaseDeps => {
    const prisma = createPrismaClient(t.databaseUrl, { max: 4 });
    extra.push(prisma);
    return { ...deps(), prisma };
  };

  it('running the same version on two workers at once runs each check exactly once', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-two');
    const v = await upload(moduleId, { slug: 'chk-two', version: '1.0.0' }, [{ name: 'src/Config.php', data: SECRET_FILE }]);
    const [a, b] = await Promise.all([runVersionChecks(worker(), v), runVersionChecks(worker(), v)]);
    expect(a.ran + b.ran).toBe(6);
    const rows = await t.prisma.moduleVersionCheck.findMany({ where: { versionId: v }, include: { findings: true } });
    expect(rows.map((r) => r.attempts)).toEqual(Array(6).fill(1));
    expect(rows.find((r) => r.kind === 'secrets')!.findings).toHaveLength(1);
  });

  it('two pg-boss workers on the version-checks queue: both get a job for the version, the checks run once', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-boss');
    const v = await upload(moduleId, { slug: 'chk-boss', version: '1.0.0' });
    const runners = ['A', 'B'].map(
      (name) =>
        new JobRunner(worker(), {
          databaseUrl: t.databaseUrl,
          schedules: false,
          kickOnStart: false,
          pollingIntervalSeconds: 0.5,
          name,
          log: () => undefined,
        }),
    );
    try {
      for (const r of runners) await r.start();
      const ids = await Promise.all(runners.map((r) => r.enqueue('version-checks', { versionId: v })));
      const done = await Promise.all(ids.map((id, i) => runners[i]!.waitFor('version-checks', id, 60_000)));
      expect(done.map((d) => d.state)).toEqual(['completed', 'completed']);
      expect(done.reduce((n, d) => n + ((d.output as { checksRun?: number }).checksRun ?? 0), 0)).toBe(6);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    const rows = await t.prisma.moduleVersionCheck.findMany({ where: { versionId: v } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(6).fill(['passed', 1]));
  });
});

describe('budget', () => {
  it('archive size, file count and largest file are checked against the configured limits', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-budget');
    const v = await upload(moduleId, { slug: 'chk-budget', version: '1.0.0' }, [{ name: 'assets/big.txt', data: 'x'.repeat(5000) }]);
    const tight = {
      ...deps(),
      services: { ...t.services, reviewLimits: { ...DEFAULT_REVIEW_LIMITS, maxFiles: 2, maxFileBytes: 4000, maxArchiveBytes: 100 } },
    };
    await runVersionChecks(tight, v);
    const budget = (await checksOf(v)).automatedChecks.find((x: any) => x.kind === 'budget');
    expect(budget.status).toBe('failed');
    expect(budget.findings.map((f: any) => f.ruleId).sort()).toEqual(['budget.archive-size', 'budget.file-count', 'budget.largest-file']);
    expect(budget.findings.find((f: any) => f.ruleId === 'budget.largest-file')).toMatchObject({
      file: 'assets/big.txt',
      message: 'assets/big.txt is 4.9 KiB; the limit per file is 3.9 KiB.',
    });
  });
});

describe('approval: every check passed, or overridden with a reason; code review by the reviewer', () => {
  it('a range reaching core 1.0.1 uses Router::group, absent there: approval needs an audited override', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-compat');
    const v = await upload(moduleId, { slug: 'chk-compat', version: '1.0.0', core: [{ software: 'webkernel', min: '1.0.0', max: null }] }, [
      { name: 'src/Routes.php', data: "<?php\nuse Webkernel\\Http\\Router;\n\nRouter::group('/x', fn () => null);\n" },
    ]);
    await runVersionChecks(deps(), v);
    const compat = (await checksOf(v)).automatedChecks.find((x: any) => x.kind === 'compatibility');
    expect(compat.status).toBe('failed');
    expect(compat.findings).toEqual([
      expect.objectContaining({
        ruleId: 'compat.missing-symbol',
        file: 'src/Routes.php',
        line: 4,
        message: 'Uses Webkernel\\Http\\Router::group, absent in 1.0.1 (declared range 1.0.0 – any).',
      }),
    ]);
    // The vendor explains; submission is allowed, but the check itself stays failed.
    await t.gqlOk(
      JUSTIFY,
      { input: { findingId: compat.findings[0].id, justification: 'We guard the call with method_exists.' } },
      { as: ALICE },
    );
    expect((await t.gqlOk(SUBMIT, { input: { versionId: v } }, { as: ALICE })).moduleVersionSubmit.errors).toEqual([]);
    const validationId = await validationIdOf(t, v);

    const derived = await t.gqlOk(RECORD, { input: { validationId, securityScanPassed: true } }, { as: ADMIN });
    expect(derived.validationRecordChecks.errors).toEqual([
      expect.objectContaining({ code: 'CHECK_DERIVED', field: 'securityScanPassed' }),
    ]);
    await t.gqlOk(RECORD, { input: { validationId, codeReviewPassed: true, codeReviewNotes: 'Readable' } }, { as: ADMIN });
    const refused = (await t.gqlOk(APPROVE, { input: { validationId } }, { as: ADMIN })).validationApprove;
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'CHECKS_NOT_PASSED', field: 'validationId' })]);
    expect(refused.errors[0].message).toContain('Core compatibility (failed)');

    const noReason = await t.gqlOk(OVERRIDE, { input: { validationId, kind: 'compatibility', reason: ' ' } }, { as: ADMIN });
    expect(noReason.validationCheckOverride.errors[0]).toMatchObject({ code: 'REASON_REQUIRED', field: 'reason' });
    const passedOne = await t.gqlOk(OVERRIDE, { input: { validationId, kind: 'secrets', reason: 'x' } }, { as: ADMIN });
    expect(passedOne.validationCheckOverride.errors[0]).toMatchObject({ code: 'CHECK_NOT_FAILED', field: 'kind' });
    const ok = await t.gqlOk(
      OVERRIDE,
      { input: { validationId, kind: 'compatibility', reason: 'Guarded by method_exists; verified by hand on 1.0.1.' } },
      { as: ADMIN },
    );
    expect(ok.validationCheckOverride).toMatchObject({
      errors: [],
      check: { kind: 'compatibility', status: 'failed', effective: 'overridden', overriddenByName: 'System Admin' },
    });
    expect(await t.prisma.auditLog.count({ where: { actionType: 'override_check', entityId: String(v) } })).toBe(1);

    const approved = (await t.gqlOk(APPROVE, { input: { validationId } }, { as: ADMIN })).validationApprove;
    expect(approved.errors).toEqual([]);
    expect(approved.submission.status).toBe('approved');
    expect(approved.submission.checks).toEqual([
      expect.objectContaining({ kind: 'SECURITY_SCAN', passed: true, notes: expect.stringContaining('Secrets: passed') }),
      expect.objectContaining({ kind: 'CODE_REVIEW', passed: true, notes: 'Readable' }),
      expect.objectContaining({ kind: 'PERFORMANCE_TEST', passed: true }),
    ]);
  });

  it('a version without a stored artifact can never be approved (the seed pending 2.1.0 when its artifact is missing)', async () => {
    await t.prisma.moduleVersion.update({ where: { id: 5 }, data: { artifactKey: null } });
    await t.gqlOk(RECORD, { input: { validationId: 3, codeReviewPassed: true } }, { as: ADMIN });
    const r = (await t.gqlOk(APPROVE, { input: { validationId: 3 } }, { as: ADMIN })).validationApprove;
    expect(r.errors.map((e: any) => e.code)).toContain('ARTIFACT_MISSING');
    expect((await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: 5 } })).status).toBe('pending');
  });
});

describe('refusals', () => {
  it("another vendor, an org member who is not the vendor, and anonymous callers cannot see or act on a vendor's checks", async () => {
    const moduleId = await createModule(t, ALICE, 2, 'chk-refuse');
    const v = await upload(moduleId, { slug: 'chk-refuse', version: '1.0.0' }, [{ name: 'src/Config.php', data: SECRET_FILE }]);
    await runVersionChecks(deps(), v);
    const findingId = (await t.prisma.moduleVersionFinding.findFirstOrThrow({ where: { check: { versionId: v } } })).id;
    for (const who of [JOHN, 'tom@techstart.test', 'viewer@acme.test']) {
      expect(code(await t.gql(VERSION, { id: v }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(RECHECK, { input: { versionId: v } }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(JUSTIFY, { input: { findingId, justification: 'mine' } }, { as: who }))).toBe('NOT_FOUND');
    }
    expect(code(await t.gql(RECHECK, { input: { versionId: v } }))).toBe('UNAUTHENTICATED');
    expect(await t.prisma.moduleVersionFinding.count({ where: { id: findingId, justification: { not: null } } })).toBe(0);
  });

  it('only platform admins override, withdraw, restore, re-scan and register API surfaces', async () => {
    const ops: [string, Record<string, unknown>][] = [
      [OVERRIDE, { input: { validationId: 3, kind: 'secrets', reason: 'x' } }],
      [
        `mutation($input: ModuleVersionWithdrawInput!) { moduleVersionWithdraw(input: $input) { errors { code } } }`,
        { input: { versionId: 1, reason: 'x' } },
      ],
      [
        `mutation($input: ModuleVersionRestoreInput!) { moduleVersionRestore(input: $input) { errors { code } } }`,
        { input: { versionId: 1 } },
      ],
      [`mutation($input: ReviewRescanStartInput!) { reviewRescanStart(input: $input) { errors { code } } }`, { input: {} }],
      [`query { adminReviewRescan { id } }`, {}],
      [
        `mutation($input: SoftwareCoreApiSurfaceSetInput!) { softwareCoreApiSurfaceSet(input: $input) { errors { code } } }`,
        { input: { coreId: 1, surface: { classes: {}, functions: [], hooks: [] } } },
      ],
    ];
    for (const [q, vars] of ops) {
      for (const who of [ALICE, JOHN, 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test'])
        expect([q.slice(0, 40), who, code(await t.gql(q, vars, { as: who }))]).toEqual([q.slice(0, 40), who, 'FORBIDDEN']);
      expect(code(await t.gql(q, vars))).toBe('UNAUTHENTICATED');
    }
    expect((await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: 1 } })).status).toBe('stable');
    expect(await t.prisma.reviewRescan.count()).toBe(0);
  });
});
