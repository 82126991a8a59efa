/**
 * Permissions in the manifest: a version's manifest lists codes from its software's vocabulary.
 * Upload refuses a malformed or unknown code (code + field, nothing stored); the automated review's
 * archive check fails a version whose code left the vocabulary; the module page shows what the
 * version a buyer would get asks for.
 */
import { useTestApp } from '../../test/harness';
import { createModule, moduleZip, publishingSandbox, runChecks, uploadArtifact } from '../publishing/test-support/publishing-fixtures';

const sandbox = publishingSandbox();
const t = useTestApp(sandbox.options);
afterAll(() => sandbox.cleanup());

const ALICE = 'alice@acme.test'; // runs DevShop Solutions (vendor 2)

describe('manifest permissions at upload', () => {
  it('stores the declared permissions of a valid manifest on the version', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'perm-ok');
    const r = await uploadArtifact(
      t,
      moduleId,
      await moduleZip({ slug: 'perm-ok', version: '1.0.0', permissions: ['contacts.read', 'mail.send'] }),
      { as: ALICE },
    );
    expect(r.status).toBe(201);
    const v = await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: r.body.version.id } });
    expect(v.permissions).toEqual(['contacts.read', 'mail.send']);
    expect(v.manifest).toMatchObject({ permissions: ['contacts.read', 'mail.send'] });
  });

  it('refuses a code outside the vocabulary with MANIFEST_PERMISSION_UNKNOWN on its field; nothing is stored', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'perm-unknown');
    const r = await uploadArtifact(
      t,
      moduleId,
      await moduleZip({ slug: 'perm-unknown', version: '1.0.0', permissions: ['contacts.read', 'payments.refund'] }),
      { as: ALICE },
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      {
        code: 'MANIFEST_PERMISSION_UNKNOWN',
        field: 'manifest.permissions[1]',
        message: 'The manifest asks for "payments.refund", which is not in Webkernel\'s permission vocabulary.',
      },
    ]);
    expect(await t.prisma.moduleVersion.count({ where: { moduleId } })).toBe(0);
  });

  it.each([
    ['not a list', 'contacts.read', 'permissions'],
    ['a code without a dot', ['contacts'], 'permissions[0]'],
    ['an uppercase code', ['contacts.read', 'Mail.Send'], 'permissions[1]'],
    ['a repeated code', ['contacts.read', 'contacts.read'], 'permissions[1]'],
  ])('refuses %s as MANIFEST_INVALID on its field', async (_name, permissions, field) => {
    const slug = `perm-bad-${field.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 6)}`;
    const moduleId = await createModule(t, ALICE, 2, slug);
    const r = await uploadArtifact(t, moduleId, await moduleZip({ slug, version: '1.0.0', permissions: permissions as unknown[] }), {
      as: ALICE,
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ code: 'MANIFEST_INVALID', field: `manifest.${field}` })]);
    expect(await t.prisma.moduleVersion.count({ where: { moduleId } })).toBe(0);
  });
});

describe('the automated review', () => {
  it('fails the archive check when a declared permission is no longer in the vocabulary (code and field in the finding)', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'perm-review');
    const r = await uploadArtifact(t, moduleId, await moduleZip({ slug: 'perm-review', version: '1.0.0', permissions: ['users.read'] }), {
      as: ALICE,
    });
    expect(r.status).toBe(201);
    // The vocabulary changed under the version (e.g. a platform data migration): the review catches it.
    await t.prisma.softwarePermission.delete({ where: { softwareId_code: { softwareId: 1, code: 'users.read' } } });
    await t.prisma.moduleVersionCheck.updateMany({ where: { versionId: r.body.version.id }, data: { status: 'queued' } });
    await runChecks(t, r.body.version.id);
    const archive = await t.prisma.moduleVersionCheck.findFirstOrThrow({
      where: { versionId: r.body.version.id, kind: 'archive' },
      include: { findings: true },
    });
    expect(archive.status).toBe('failed');
    expect(archive.findings).toEqual([
      expect.objectContaining({
        ruleId: 'archive.permission-unknown',
        severity: 'blocking',
        file: 'webkernel-module.json',
        message: 'PERMISSION_UNKNOWN (field permissions[0]): "users.read" is not in Webkernel\'s permission vocabulary.',
      }),
    ]);
  });

  it('passes the archive check of the demo releases, whose permissions are all registered', async () => {
    const checks = await t.prisma.moduleVersionCheck.findMany({ where: { versionId: { in: [1, 2, 3, 4, 5, 6] }, kind: 'archive' } });
    expect(checks.map((c) => c.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
  });
});

describe('the module page', () => {
  const PAGE = `query($slug: String!) { module(slug: $slug) { latestVersion { version permissions { code description } }
    versions { version permissions { code } } } }`;

  it('shows, before purchase and to anyone, what the version a buyer would get asks for, with descriptions', async () => {
    for (const as of [undefined, 'viewer@acme.test']) {
      const crm = (await t.gqlOk(PAGE, { slug: 'crm-pro' }, { as })).module;
      expect(crm.latestVersion).toEqual({
        version: '1.1.0',
        permissions: [
          { code: 'contacts.read', description: 'Read contacts, companies and their activity history.' },
          { code: 'contacts.write', description: 'Create, edit and delete contacts and companies.' },
        ],
      });
    }
    const analytics = (await t.gqlOk(PAGE, { slug: 'analytics-pro' })).module;
    expect(analytics.latestVersion.version).toBe('2.0.1');
    expect(analytics.latestVersion.permissions.map((p: { code: string }) => p.code)).toEqual([
      'contacts.read',
      'reports.read',
      'http.outbound',
    ]);
    expect(analytics.versions).toEqual([
      { version: '2.0.1', permissions: [{ code: 'contacts.read' }, { code: 'reports.read' }, { code: 'http.outbound' }] },
      { version: '2.0.0', permissions: [{ code: 'contacts.read' }, { code: 'reports.read' }] },
    ]);
  });
});
