/**
 * Platform review: the queue, a submission's detail (manifest, diff, artifact download), the three
 * checks, approval (live on its channel, published, flows approved, vendor and license holders
 * notified, visible to buyers right after) and rejection (notes to the vendor), admin-only.
 */
import { createHash } from 'node:crypto';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import {
  approveVersion,
  createModule,
  moduleZip,
  publishingSandbox,
  runChecks,
  uploadArtifact,
  uploadVersion,
  validationIdOf,
} from '../publishing/test-support/publishing-fixtures';

const sandbox = publishingSandbox();
const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
const t = useTestApp({ ...sandbox.options, clock });
afterAll(() => sandbox.cleanup());

const ADMIN = 'admin@webkernel.com';
const ALICE = 'alice@acme.test';
const NON_ADMINS = ['alice@acme.test', 'john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test'];
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

const QUEUE = `query($filter: AdminValidationQueueFilter, $first: Int, $after: String) { adminValidationQueue(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status submittedAt version { version } module { slug } vendor { slug } } } } }`;
const DETAIL = `query($id: Int!) { adminSubmission(id: $id) { id status artifactDownloadUrl version { version hash manifest changelog } diff { previousVersion { version } compatibility { software { slug } before after change } dependencies { module { slug } before { minVersion isRequired } after { minVersion isRequired } change } } } }`;
const RECORD = `mutation($input: ValidationRecordChecksInput!) { validationRecordChecks(input: $input) { submission { id checks { kind passed notes } reviewerName } errors { code field message } } }`;
const APPROVE = `mutation($input: ValidationApproveInput!) { validationApprove(input: $input) { submission { id status reviewedAt notes } errors { code field message } } }`;
const REJECT = `mutation($input: ValidationRejectInput!) { validationReject(input: $input) { submission { id status notes } errors { code field message } } }`;

describe('the queue', () => {
  it('lists submissions oldest first, with vendor/module/status filters and keyset pages', async () => {
    const m = await createModule(t, ALICE, 2, 'queue-a');
    clock.set(new Date('2026-03-02T00:00:00Z'));
    await uploadVersion(t, ALICE, m, { slug: 'queue-a', version: '1.0.0' });
    clock.set(new Date('2026-03-03T00:00:00Z'));
    await uploadVersion(t, ALICE, m, { slug: 'queue-a', version: '1.1.0' });
    const pending = await t.gqlOk(QUEUE, { filter: { status: 'pending' } }, { as: ADMIN });
    expect(pending.adminValidationQueue.edges.map((e: any) => `${e.node.module.slug}@${e.node.version.version}`)).toEqual([
      'analytics-pro@2.1.0',
      'queue-a@1.0.0',
      'queue-a@1.1.0',
    ]);
    const page1 = await t.gqlOk(QUEUE, { filter: { status: 'pending' }, first: 2 }, { as: ADMIN });
    expect(page1.adminValidationQueue.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gqlOk(
      QUEUE,
      { filter: { status: 'pending' }, first: 2, after: page1.adminValidationQueue.pageInfo.endCursor },
      { as: ADMIN },
    );
    expect(page2.adminValidationQueue.edges.map((e: any) => e.node.version.version)).toEqual(['1.1.0']);
    const byVendor = await t.gqlOk(QUEUE, { filter: { vendorId: 3 } }, { as: ADMIN });
    expect(byVendor.adminValidationQueue.edges.map((e: any) => e.node.vendor.slug)).toEqual(['john-doe']);
    const byModule = await t.gqlOk(QUEUE, { filter: { moduleId: m } }, { as: ADMIN });
    expect(byModule.adminValidationQueue.totalCount).toBe(2);
    const approved = await t.gqlOk(QUEUE, { filter: { status: 'approved' } }, { as: ADMIN });
    expect(approved.adminValidationQueue.totalCount).toBe(3); // seed validations 1, 2, 4
  });
});

describe('a submission', () => {
  it('shows the manifest, the diff against the previous approved version and an admin-only artifact download', async () => {
    // Custom ERP 1.0.0 (seed): webkernel 2.0.0+, depends on crm-pro ≥ 1.0.0 (required).
    const zip = await moduleZip({
      slug: 'custom-erp',
      version: '1.1.0',
      core: [{ software: 'webkernel', min: '1.9.5', max: null }],
      dependencies: [
        { module: 'crm-pro', minVersion: '1.1.0', required: true, type: 'functional' },
        { module: 'analytics-pro', minVersion: '2.0.0', required: false, type: 'integration' },
      ],
    });
    const up = await uploadArtifact(t, 2, zip, { as: ALICE, fields: { changelog: 'ERP 1.1', submit: 'true' } });
    expect(up.status).toBe(201);
    const id = await validationIdOf(t, up.body.version.id);
    const r = (await t.gqlOk(DETAIL, { id }, { as: ADMIN })).adminSubmission;
    expect(r.version).toMatchObject({ version: '1.1.0', hash: createHash('sha256').update(zip).digest('hex'), changelog: 'ERP 1.1' });
    expect(r.version.manifest).toMatchObject({ slug: 'custom-erp', version: '1.1.0' });
    expect(r.diff).toEqual({
      previousVersion: { version: '1.0.0' },
      compatibility: [{ software: { slug: 'webkernel' }, before: ['2.0.0 – any'], after: ['1.9.5 – any'], change: 'CHANGED' }],
      dependencies: [
        {
          module: { slug: 'crm-pro' },
          before: { minVersion: '1.0.0', isRequired: true },
          after: { minVersion: '1.1.0', isRequired: true },
          change: 'CHANGED',
        },
        { module: { slug: 'analytics-pro' }, before: null, after: { minVersion: '2.0.0', isRequired: false }, change: 'ADDED' },
      ],
    });
    expect(r.artifactDownloadUrl).toBe(`/api/admin/versions/${up.body.version.id}/artifact`);

    const url = `${t.baseUrl}${r.artifactDownloadUrl}`;
    const res = await fetch(url, { headers: { cookie: await t.sessionCookie(ADMIN) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="custom-erp-1.1.0.zip"');
    expect(res.headers.get('x-artifact-sha256')).toBe(createHash('sha256').update(zip).digest('hex'));
    expect(Buffer.from(await res.arrayBuffer()).equals(zip)).toBe(true);

    expect((await fetch(url)).status).toBe(401);
    for (const as of NON_ADMINS) expect((await fetch(url, { headers: { cookie: await t.sessionCookie(as) } })).status).toBe(403);
    expect(
      (await fetch(`${t.baseUrl}/api/admin/versions/999999/artifact`, { headers: { cookie: await t.sessionCookie(ADMIN) } })).status,
    ).toBe(404);
    // Seed releases have no artifact in this test's own storage.
    expect((await fetch(`${t.baseUrl}/api/admin/versions/1/artifact`, { headers: { cookie: await t.sessionCookie(ADMIN) } })).status).toBe(
      404,
    );
  });
});

describe('approval', () => {
  it('requires the three checks to pass, then puts the version live and notifies the vendor and every license holder', async () => {
    const versionId = (await t.prisma.moduleVersion.findFirstOrThrow({ where: { moduleId: 2, version: '1.1.0' } })).id;
    const id = await validationIdOf(t, versionId);
    const publicVersions = async () =>
      (await t.gqlOk(`{ module(slug: "custom-erp") { versions { version } } }`, {}, {})).module.versions.map((v: any) => v.version);
    expect(await publicVersions()).toEqual(['1.0.0']); // pending: invisible to buyers

    // The automated checks have not run yet: approval is refused (fail closed).
    const none = await t.gqlOk(APPROVE, { input: { validationId: id } }, { as: ADMIN });
    expect(none.validationApprove.errors).toEqual([expect.objectContaining({ code: 'CHECKS_NOT_PASSED', field: 'validationId' })]);
    await runChecks(t, versionId);
    const partial = await t.gqlOk(
      RECORD,
      { input: { validationId: id, codeReviewPassed: false, codeReviewNotes: 'SQL built by hand in Invoice.php' } },
      { as: ADMIN },
    );
    expect(partial.validationRecordChecks.submission).toEqual({
      id,
      reviewerName: 'System Admin',
      checks: [
        { kind: 'SECURITY_SCAN', passed: true, notes: 'Automated — Secrets: passed; Dangerous code: passed' },
        { kind: 'CODE_REVIEW', passed: false, notes: 'SQL built by hand in Invoice.php' },
        { kind: 'PERFORMANCE_TEST', passed: true, notes: 'Automated — Budget: passed' },
      ],
    });
    const stillNot = await t.gqlOk(APPROVE, { input: { validationId: id } }, { as: ADMIN });
    expect(stillNot.validationApprove.errors).toEqual([expect.objectContaining({ code: 'CHECKS_INCOMPLETE', field: 'validationId' })]);
    expect(stillNot.validationApprove.errors[0].message).toContain('code review');
    // Security and performance are derived from the automated checks, never recorded by hand.
    const derived = await t.gqlOk(RECORD, { input: { validationId: id, performanceTested: true } }, { as: ADMIN });
    expect(derived.validationRecordChecks.errors).toEqual([expect.objectContaining({ code: 'CHECK_DERIVED', field: 'performanceTested' })]);

    await t.gqlOk(RECORD, { input: { validationId: id, codeReviewPassed: true, codeReviewNotes: 'Fixed' } }, { as: ADMIN });
    clock.set(new Date('2026-03-05T09:00:00Z'));
    const ok = await t.gqlOk(APPROVE, { input: { validationId: id, notes: 'Good release' } }, { as: ADMIN });
    expect(ok.validationApprove).toEqual({
      submission: { id, status: 'approved', reviewedAt: '2026-03-05T09:00:00.000Z', notes: 'Good release' },
      errors: [],
    });

    const v = await t.prisma.moduleVersion.findUniqueOrThrow({
      where: { id: versionId },
      include: { compatibility: true, updatesTo: true },
    });
    expect(v.status).toBe('stable');
    expect(v.releaseDate).toEqual(clock.now());
    expect(v.compatibility.every((c) => c.isVerified)).toBe(true);
    expect(v.updatesTo).toEqual([expect.objectContaining({ fromVersionId: 3, updateType: 'minor', approvedAt: clock.now() })]);
    expect(await publicVersions()).toEqual(['1.1.0', '1.0.0']); // visible right after
    const m = await t.prisma.module.findUniqueOrThrow({ where: { id: 2 } });
    expect(m.publishedAt).toEqual(new Date('2024-07-01T00:00:00Z')); // already published: unchanged

    // Vendor: DevShop is run by Acme's admins (Alice).
    const vendorNote = await t.prisma.notification.findFirstOrThrow({ where: { type: 'validation_approved', relatedEntityId: versionId } });
    expect(vendorNote).toMatchObject({ recipientUserId: 42, title: 'Version approved' });
    expect(vendorNote.message).toContain('Custom ERP 1.1.0 was approved');
    // Buyers: TechStart holds license 2 of Custom ERP.
    const buyers = await t.prisma.notification.findMany({ where: { type: 'module_update', relatedEntityId: versionId } });
    expect(buyers).toEqual([
      expect.objectContaining({
        recipientType: 'organization',
        recipientOrgId: 102,
        title: 'New module version available',
        message: 'Custom ERP v1.1.0 is now available.',
      }),
    ]);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'approve', entityId: String(versionId) } });
    expect(audit).toMatchObject({ userId: 5, entityType: 'module_version', oldValue: { status: 'pending', moduleStatus: 'published' } });

    // Nothing more to do on it.
    expect((await t.gqlOk(APPROVE, { input: { validationId: id } }, { as: ADMIN })).validationApprove.errors[0].code).toBe(
      'VALIDATION_NOT_PENDING',
    );
    expect((await t.gqlOk(REJECT, { input: { validationId: id, notes: 'late' } }, { as: ADMIN })).validationReject.errors[0].code).toBe(
      'VALIDATION_NOT_PENDING',
    );
    expect(
      (await t.gqlOk(RECORD, { input: { validationId: id, codeReviewPassed: false } }, { as: ADMIN })).validationRecordChecks.errors[0]
        .code,
    ).toBe('VALIDATION_NOT_PENDING');
  });

  it('publishes a new module on its first approval: it enters the storefront then', async () => {
    const m = await createModule(t, ALICE, 2, 'brand-new', { shortDescription: 'Fresh', category: 'tools' });
    const v = await uploadVersion(t, ALICE, m, { slug: 'brand-new', version: '0.9.0' }, { channel: 'beta' });
    expect((await t.prisma.module.findUniqueOrThrow({ where: { id: m } })).status).toBe('pending');
    expect(code(await t.gql(`{ module(slug: "brand-new") { slug } }`))).toBe('NOT_FOUND');
    const catalogSlugs = async () =>
      (await t.gqlOk(`{ catalogModules(first: 100) { edges { node { slug } } } }`, {}, {})).catalogModules.edges.map(
        (e: any) => e.node.slug,
      );
    expect(await catalogSlugs()).not.toContain('brand-new');
    clock.set(new Date('2026-03-06T10:00:00Z'));
    await approveVersion(t, v);
    const mod = await t.prisma.module.findUniqueOrThrow({ where: { id: m } });
    expect(mod).toMatchObject({ status: 'published', publishedAt: clock.now() });
    expect((await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: v } })).status).toBe('beta');
    expect(await catalogSlugs()).toContain('brand-new');
    expect((await t.gqlOk(`{ module(slug: "brand-new") { slug } }`, {}, {})).module.slug).toBe('brand-new');
    // Nobody holds a license yet: no buyer notification.
    expect(await t.prisma.notification.count({ where: { type: 'module_update', relatedEntityId: v } })).toBe(0);
  });

  it('re-checks dependencies at approval: a cycle formed since submission is refused', async () => {
    const x = await createModule(t, ALICE, 2, 'cycle-x');
    const y = await createModule(t, ALICE, 2, 'cycle-y');
    await approveVersion(t, await uploadVersion(t, ALICE, x, { slug: 'cycle-x', version: '1.0.0' }));
    await approveVersion(t, await uploadVersion(t, ALICE, y, { slug: 'cycle-y', version: '1.0.0' }));
    const x2 = await uploadVersion(t, ALICE, x, {
      slug: 'cycle-x',
      version: '2.0.0',
      dependencies: [{ module: 'cycle-y', minVersion: '1.0.0', required: true, type: 'functional' }],
    });
    const y2 = await uploadVersion(t, ALICE, y, {
      slug: 'cycle-y',
      version: '2.0.0',
      dependencies: [{ module: 'cycle-x', minVersion: '1.0.0', required: true, type: 'functional' }],
    });
    await approveVersion(t, x2);
    const id = await validationIdOf(t, y2);
    await runChecks(t, y2);
    await t.gqlOk(RECORD, { input: { validationId: id, codeReviewPassed: true } }, { as: ADMIN });
    const r = await t.gqlOk(APPROVE, { input: { validationId: id } }, { as: ADMIN });
    expect(r.validationApprove.errors).toEqual([
      expect.objectContaining({ code: 'DEPENDENCY_CYCLE', field: 'dependencies[0].moduleSlug' }),
    ]);
    expect(r.validationApprove.errors[0].message).toContain('cycle-y → cycle-x → cycle-y');
    expect((await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: y2 } })).status).toBe('pending');
  });
});

describe('rejection', () => {
  it('requires notes, rejects, sends the notes to the vendor, and lets the vendor resubmit a new version', async () => {
    const m = await createModule(t, 'john@johndoe.test', 3, 'johns-widget');
    const v = await uploadVersion(t, 'john@johndoe.test', m, { slug: 'johns-widget', version: '1.0.0' });
    const id = await validationIdOf(t, v);
    const empty = await t.gqlOk(REJECT, { input: { validationId: id, notes: '   ' } }, { as: ADMIN });
    expect(empty.validationReject.errors).toEqual([expect.objectContaining({ code: 'NOTES_REQUIRED', field: 'notes' })]);
    await t.gqlOk(
      RECORD,
      { input: { validationId: id, codeReviewPassed: false, codeReviewNotes: 'eval() on user input in src/Module.php' } },
      { as: ADMIN },
    );
    const r = await t.gqlOk(REJECT, { input: { validationId: id, notes: 'Remove eval() and resubmit.' } }, { as: ADMIN });
    expect(r.validationReject).toEqual({ submission: { id, status: 'rejected', notes: 'Remove eval() and resubmit.' }, errors: [] });
    expect((await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: v } })).status).toBe('rejected');
    expect((await t.prisma.module.findUniqueOrThrow({ where: { id: m } })).status).toBe('draft');
    const note = await t.prisma.notification.findFirstOrThrow({ where: { type: 'validation_rejected', relatedEntityId: v } });
    expect(note).toMatchObject({
      recipientUserId: 87,
      title: 'Version rejected',
      message: 'Johns Widget 1.0.0 was rejected: Remove eval() and resubmit.',
    });

    // The vendor sees the status and the reviewer's notes per check.
    const seen = await t.gqlOk(
      `{ vendorSubmissions(vendorId: 3, moduleId: ${m}) { edges { node { status notes reviewerName checks { kind passed notes } version { version stage } } } } }`,
      {},
      { as: 'john@johndoe.test' },
    );
    expect(seen.vendorSubmissions.edges[0].node).toEqual({
      status: 'rejected',
      notes: 'Remove eval() and resubmit.',
      reviewerName: 'System Admin',
      version: { version: '1.0.0', stage: 'REJECTED' },
      checks: [
        { kind: 'SECURITY_SCAN', passed: null, notes: 'Secrets: pending; Dangerous code: pending' },
        { kind: 'CODE_REVIEW', passed: false, notes: 'eval() on user input in src/Module.php' },
        { kind: 'PERFORMANCE_TEST', passed: null, notes: 'Budget: pending' },
      ],
    });
    // Same version number again: refused; a new version: accepted.
    const same = await uploadArtifact(t, m, await moduleZip({ slug: 'johns-widget', version: '1.0.0' }), { as: 'john@johndoe.test' });
    expect(same.status).toBe(409);
    const v2 = await uploadVersion(t, 'john@johndoe.test', m, { slug: 'johns-widget', version: '1.0.1' });
    expect((await t.prisma.module.findUniqueOrThrow({ where: { id: m } })).status).toBe('pending');
    await approveVersion(t, v2);
    expect((await t.prisma.module.findUniqueOrThrow({ where: { id: m } })).status).toBe('published');
  });
});

describe('refusals', () => {
  it.each(NON_ADMINS)('refuses every review operation to %s (FORBIDDEN)', async (as) => {
    const id = 3; // seed validation of Analytics Pro 2.1.0 (pending)
    expect(code(await t.gql(QUEUE, {}, { as }))).toBe('FORBIDDEN');
    expect(code(await t.gql(DETAIL, { id }, { as }))).toBe('FORBIDDEN');
    expect(code(await t.gql(RECORD, { input: { validationId: id, securityScanPassed: true } }, { as }))).toBe('FORBIDDEN');
    expect(code(await t.gql(APPROVE, { input: { validationId: id } }, { as }))).toBe('FORBIDDEN');
    expect(code(await t.gql(REJECT, { input: { validationId: id, notes: 'x' } }, { as }))).toBe('FORBIDDEN');
    expect((await t.prisma.moduleValidation.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
  });

  it('refuses anonymous callers', async () => {
    expect(code(await t.gql(QUEUE, {}))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(APPROVE, { input: { validationId: 3 } }))).toBe('UNAUTHENTICATED');
  });

  it('answers NOT_FOUND for an unknown submission', async () => {
    expect(code(await t.gql(DETAIL, { id: 99999 }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(code(await t.gql(APPROVE, { input: { validationId: 99999 } }, { as: ADMIN }))).toBe('NOT_FOUND');
  });
});
