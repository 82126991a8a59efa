/**
 * The artifact upload endpoint: authentication and CSRF, every refused archive (with its code
 * and nothing stored), the SHA-256, manifest checks, semver order, compatibility ranges,
 * dependencies (unknown, cycle), and vendor API tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import { useTestApp } from '../../test/harness';
import { buildRawZip, buildZipWithYazl } from '../artifacts/test-support/zip-fixtures';
import {
  MANIFEST,
  createModule,
  manifestOf,
  moduleZip,
  publishingSandbox,
  uploadArtifact,
  uploadVersion,
  approveVersion,
} from '../publishing/test-support/publishing-fixtures';

const sandbox = publishingSandbox({
  maxUploadBytes: 200 * 1024,
  maxEntries: 30,
  compressionRatioMinBytes: 64 * 1024,
  maxCompressionRatio: 100,
});
const t = useTestApp(sandbox.options);
afterAll(() => sandbox.cleanup());

const ALICE = 'alice@acme.test'; // runs DevShop Solutions (vendor 2)
const JOHN = 'john@johndoe.test'; // runs vendor John Doe (vendor 3)
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function nothingStored(moduleId: number) {
  const { slug } = await t.prisma.module.findUniqueOrThrow({ where: { id: moduleId } });
  expect(await t.prisma.moduleVersion.count({ where: { moduleId } })).toBe(0);
  expect(sandbox.storedFiles().filter((f) => f.startsWith(`modules/${slug}/`))).toEqual([]);
  expect(sandbox.tempFiles()).toEqual([]);
}

describe('upload: a valid archive', () => {
  it('stores it content-addressed with the SHA-256 computed while streaming, and records a draft version from the manifest', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'upload-ok');
    const zip = await moduleZip({
      slug: 'upload-ok',
      version: '1.0.0',
      core: [
        { software: 'webkernel', min: '1.9.0', max: '1.9.5' },
        { software: 'webkernel', min: '2.0.0' },
      ],
      dependencies: [{ module: 'crm-pro', minVersion: '1.0.0', required: true, type: 'functional' }],
    });
    const r = await uploadArtifact(t, moduleId, zip, {
      as: ALICE,
      fields: { version: '1.0.0', changelog: '# First\n\n- everything', channel: 'beta' },
      filename: 'upload-ok-1.0.0.zip',
    });
    expect(r.status).toBe(201);
    expect(r.body.errors).toEqual([]);
    expect(r.body.submitted).toBe(false);
    expect(r.body.version).toMatchObject({
      moduleSlug: 'upload-ok',
      version: '1.0.0',
      channel: 'beta',
      status: 'pending',
      stage: 'DRAFT',
      sha256: sha256(zip),
      sizeBytes: zip.length,
      filename: 'upload-ok-1.0.0.zip',
    });
    expect(r.body.version.manifest).toEqual(expect.objectContaining({ slug: 'upload-ok', version: '1.0.0' }));

    const v = await t.prisma.moduleVersion.findUniqueOrThrow({
      where: { id: r.body.version.id },
      include: { compatibility: true, dependencies: true, validations: true },
    });
    expect(v.hash).toBe(sha256(zip));
    expect(Number(v.sizeBytes)).toBe(zip.length);
    expect(v.artifactKey).toBe(`modules/upload-ok/1.0.0/${sha256(zip)}.zip`);
    expect(v.changelog).toBe('# First\n\n- everything');
    expect(v.validations).toEqual([]); // a draft: not submitted
    expect(v.compatibility.map((c) => [c.minCoreVersion, c.maxCoreVersion]).sort()).toEqual([
      ['1.9.0', '1.9.5'],
      ['2.0.0', null],
    ]);
    expect(v.dependencies).toEqual([
      expect.objectContaining({ dependsOnModuleId: 1, minVersion: '1.0.0', isRequired: true, dependencyType: 'functional' }),
    ]);
    // The stored object is byte-for-byte the upload.
    const chunks: Buffer[] = [];
    for await (const c of await sandbox.storage.createReadStream(v.artifactKey!)) chunks.push(c as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(zip));
    expect(sandbox.tempFiles()).toEqual([]);
    const auditRow = await t.prisma.auditLog.findFirstOrThrow({
      where: { entityType: 'module_version', entityId: String(v.id), actionType: 'upload' },
    });
    expect(auditRow).toMatchObject({ userId: 42, orgId: 101 });
  });

  it('accepts a raw application/zip body with the fields in the query string, and submits it when asked', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'upload-raw');
    const zip = await moduleZip({ slug: 'upload-raw', version: '0.1.0' });
    const r = await uploadArtifact(t, moduleId, zip, { as: ALICE, raw: true, fields: { changelog: 'First', submit: 'true' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ submitted: true, version: { stage: 'IN_REVIEW', sha256: sha256(zip) } });
    const validation = await t.prisma.moduleValidation.findFirstOrThrow({ where: { versionId: r.body.version.id } });
    expect(validation.status).toBe('pending');
    expect((await t.prisma.module.findUniqueOrThrow({ where: { id: moduleId } })).status).toBe('pending');
  });
});

describe('upload: refused archives leave no row, no stored object and no temp file', () => {
  let moduleId: number;
  beforeAll(async () => {
    moduleId = await createModule(t, ALICE, 2, 'bad-archives');
  });
  const good = () => ({ name: MANIFEST, data: JSON.stringify(manifestOf({ slug: 'bad-archives', version: '1.0.0' })) });

  const cases: [string, () => Promise<Buffer>, number, string, string | null][] = [
    [
      'zip-slip with ../',
      async () => buildRawZip([good(), { name: '../../etc/evil.php', data: 'pwned' }]),
      400,
      'ARTIFACT_PATH_TRAVERSAL',
      '../../etc/evil.php',
    ],
    [
      'zip-slip with .. after normalisation',
      async () => buildRawZip([good(), { name: 'src/../../evil.php', data: 'pwned' }]),
      400,
      'ARTIFACT_PATH_TRAVERSAL',
      'src/../../evil.php',
    ],
    [
      'an absolute path',
      async () => buildRawZip([good(), { name: '/etc/cron.d/evil', data: 'pwned' }]),
      400,
      'ARTIFACT_ABSOLUTE_PATH',
      '/etc/cron.d/evil',
    ],
    [
      'a symlink',
      async () => buildZipWithYazl([good(), { name: 'link', data: '/etc/passwd', mode: 0o120777 }]),
      400,
      'ARTIFACT_SYMLINK',
      'link',
    ],
    [
      'a bomb by compression ratio',
      async () => buildZipWithYazl([good(), { name: 'zeros.bin', data: Buffer.alloc(1024 * 1024) }]),
      400,
      'ARTIFACT_COMPRESSION_RATIO',
      'zeros.bin',
    ],
    [
      'too many entries',
      async () => buildZipWithYazl([good(), ...Array.from({ length: 40 }, (_, i) => ({ name: `f/${i}.txt`, data: `file ${i}` }))]),
      400,
      'ARTIFACT_TOO_MANY_ENTRIES',
      null,
    ],
    [
      'lying sizes (declared 1 KB, really 100 KB)',
      async () =>
        buildRawZip([
          good(),
          { name: 'tiny.txt', data: Buffer.alloc(100 * 1024, 65), centralUncompressedSize: 1024, localUncompressedSize: 1024 },
        ]),
      400,
      'ARTIFACT_SIZE_MISMATCH',
      'tiny.txt',
    ],
    ['not a zip', async () => Buffer.from('%PDF-1.7 this is not a zip archive at all'), 400, 'ARTIFACT_NOT_ZIP', null],
    ['no manifest', async () => buildZipWithYazl([{ name: 'src/a.php', data: 'x' }]), 400, 'MANIFEST_MISSING', null],
    [
      'an invalid manifest',
      async () => buildZipWithYazl([{ name: MANIFEST, data: JSON.stringify({ slug: 'bad-archives', version: 'one', core: [] }) }]),
      400,
      'MANIFEST_INVALID',
      null,
    ],
    [
      'a manifest naming an update script missing from the archive',
      async () =>
        buildZipWithYazl([
          {
            name: MANIFEST,
            data: JSON.stringify(manifestOf({ slug: 'bad-archives', version: '1.0.0', update: { migrationScript: 'migrations/up.php' } })),
          },
        ]),
      400,
      'MANIFEST_INVALID',
      null,
    ],
  ];

  it.each(cases)('refuses %s', async (_name, build, status, code, entry) => {
    const r = await uploadArtifact(t, moduleId, await build(), { as: ALICE, fields: { changelog: 'x', submit: 'true' } });
    expect(r.status).toBe(status);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0].code).toBe(code);
    expect(r.body.errors[0].message.length).toBeGreaterThan(5);
    if (entry) expect(r.body.errors[0].entry).toBe(entry);
    if (code.startsWith('MANIFEST_')) expect(r.body.errors[0].field).toMatch(/^manifest/);
    else expect(r.body.errors[0].field).toBe('file');
    await nothingStored(moduleId);
  });

  it('refuses an upload over the size limit (multipart, streamed) with 413', async () => {
    const zip = await buildZipWithYazl([good(), { name: 'noise.bin', data: randomBytes(300 * 1024), compress: false }]);
    const r = await uploadArtifact(t, moduleId, zip, { as: ALICE });
    expect(r.status).toBe(413);
    expect(r.body.errors[0]).toMatchObject({ code: 'UPLOAD_TOO_LARGE', field: 'file' });
    await nothingStored(moduleId);
  });

  it('refuses an upload over the size limit from its Content-Length before reading it (raw body)', async () => {
    const zip = await buildZipWithYazl([good(), { name: 'noise.bin', data: randomBytes(300 * 1024), compress: false }]);
    const r = await uploadArtifact(t, moduleId, zip, { as: ALICE, raw: true });
    expect(r.status).toBe(413);
    expect(r.body.errors[0].code).toBe('UPLOAD_TOO_LARGE');
    await nothingStored(moduleId);
  });

  it('refuses a manifest for another module, or a version that differs from the form', async () => {
    const other = await uploadArtifact(t, moduleId, await moduleZip({ slug: 'crm-pro', version: '9.0.0' }), { as: ALICE });
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([expect.objectContaining({ code: 'MANIFEST_SLUG_MISMATCH', field: 'manifest.slug' })]);
    const mismatch = await uploadArtifact(t, moduleId, await moduleZip({ slug: 'bad-archives', version: '1.0.0' }), {
      as: ALICE,
      fields: { version: '1.0.1' },
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ code: 'MANIFEST_VERSION_MISMATCH', field: 'version' })]);
    await nothingStored(moduleId);
  });

  it('refuses a submission without a changelog, before storing anything', async () => {
    const r = await uploadArtifact(t, moduleId, await moduleZip({ slug: 'bad-archives', version: '1.0.0' }), {
      as: ALICE,
      fields: { submit: 'true' },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ code: 'CHANGELOG_REQUIRED', field: 'changelog' })]);
    await nothingStored(moduleId);
  });
});

describe('upload: who may upload', () => {
  let moduleId: number;
  let zip: Buffer;
  beforeAll(async () => {
    moduleId = await createModule(t, ALICE, 2, 'upload-access');
    zip = await moduleZip({ slug: 'upload-access', version: '1.0.0' });
  });

  it('refuses an anonymous upload (401)', async () => {
    const r = await uploadArtifact(t, moduleId, zip, {});
    expect(r.status).toBe(401);
    expect(r.body.errors[0].code).toBe('UNAUTHENTICATED');
  });

  it('refuses a cookie upload without the x-wk-upload header (CSRF) with 403', async () => {
    const r = await uploadArtifact(t, moduleId, zip, { as: ALICE, csrf: false });
    expect(r.status).toBe(403);
    expect(r.body.errors[0].code).toBe('CSRF_HEADER_MISSING');
  });

  const OUTSIDERS = [
    [JOHN, 'a vendor of another vendor'],
    ['tom@techstart.test', 'a buyer (other org admin)'],
    ['dev@acme.test', 'a developer of the vendor’s org'],
    ['viewer@acme.test', 'a viewer of the vendor’s org'],
    ['admin@webkernel.com', 'a platform admin (not a member of this vendor)'],
  ];

  it.each(OUTSIDERS)('answers 404 to %s (%s)', async (as) => {
    const r = await uploadArtifact(t, moduleId, zip, { as });
    expect(r.status).toBe(404);
    expect(r.body.errors[0].code).toBe('NOT_FOUND');
  });

  it('answers 404 for a module that does not exist or a malformed id', async () => {
    expect((await uploadArtifact(t, 999999, zip, { as: ALICE })).status).toBe(404);
    expect((await uploadArtifact(t, 'abc', zip, { as: ALICE })).status).toBe(404);
  });

  it('stores nothing for any refused caller (each refused upload is sent here, so the test stands alone)', async () => {
    const statuses = [
      (await uploadArtifact(t, moduleId, zip, {})).status,
      (await uploadArtifact(t, moduleId, zip, { as: ALICE, csrf: false })).status,
    ];
    for (const [as] of OUTSIDERS) statuses.push((await uploadArtifact(t, moduleId, zip, { as })).status);
    expect(statuses).toEqual([401, 403, 404, 404, 404, 404, 404]);
    await nothingStored(moduleId);
  });
});

describe('upload: version order (semver, not strings)', () => {
  it('accepts 1.10.0 after 1.9.0, refuses 1.9.5 after it, and orders pre-releases', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'semver-order');
    const up = async (version: string) => uploadArtifact(t, moduleId, await moduleZip({ slug: 'semver-order', version }), { as: ALICE });
    expect((await up('1.9.0')).status).toBe(201);
    expect((await up('1.10.0')).status).toBe(201);
    const lower = await up('1.9.5');
    expect(lower.status).toBe(409);
    expect(lower.body.errors[0]).toMatchObject({ code: 'VERSION_NOT_GREATER', field: 'version' });
    expect(lower.body.errors[0].message).toContain('1.10.0');
    expect((await up('1.10.0')).status).toBe(409); // equal is not greater
    expect((await up('2.0.0-beta.1')).status).toBe(201);
    expect((await up('2.0.0-alpha.9')).status).toBe(409); // alpha < beta
    expect((await up('2.0.0-beta.10')).status).toBe(201); // numeric identifiers compare as numbers
    expect((await up('2.0.0')).status).toBe(201); // a release is greater than its pre-releases
    const versions = await t.prisma.moduleVersion.findMany({ where: { moduleId }, orderBy: { id: 'asc' } });
    expect(versions.map((v) => [v.version, v.channel])).toEqual([
      ['1.9.0', 'stable'],
      ['1.10.0', 'stable'],
      ['2.0.0-beta.1', 'beta'],
      ['2.0.0-beta.10', 'beta'],
      ['2.0.0', 'stable'],
    ]);
  });
});

describe('upload: core compatibility ranges', () => {
  let moduleId: number;
  beforeAll(async () => {
    moduleId = await createModule(t, ALICE, 2, 'compat-check');
  });
  const up = async (core: { software: string; min: string; max?: string | null }[]) =>
    uploadArtifact(t, moduleId, await moduleZip({ slug: 'compat-check', version: '1.0.0', core }), { as: ALICE });

  it('refuses an unknown software', async () => {
    const r = await up([{ software: 'wordpress', min: '6.0.0' }]);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ code: 'COMPAT_UNKNOWN_SOFTWARE', field: 'manifest.core[0].software' })]);
  });

  it('refuses min above max, and a non-semver bound', async () => {
    const r = await up([
      { software: 'webkernel', min: '2.0.0', max: '1.9.5' },
      { software: 'webkernel', min: '1.x' },
    ]);
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['COMPAT_INVALID_RANGE', 'manifest.core[0].maxCoreVersion'],
      ['COMPAT_INVALID_RANGE', 'manifest.core[1].minCoreVersion'],
    ]);
  });

  it('refuses a range that contains no known core version', async () => {
    const r = await up([{ software: 'webkernel', min: '3.0.0' }]);
    expect(r.status).toBe(422);
    expect(r.body.errors[0].code).toBe('COMPAT_NO_KNOWN_CORE');
    expect(r.body.errors[0].message).toContain('1.0.1, 1.9.5, 2.0.0');
  });

  it('accepts inclusive bounds that meet known cores (1.9.5 – 1.9.5)', async () => {
    const r = await up([{ software: 'webkernel', min: '1.9.5', max: '1.9.5' }]);
    expect(r.status).toBe(201);
    await nothingStoredExcept(moduleId, 1);
  });
});

async function nothingStoredExcept(moduleId: number, rows: number) {
  expect(await t.prisma.moduleVersion.count({ where: { moduleId } })).toBe(rows);
  expect(sandbox.tempFiles()).toEqual([]);
}

describe('upload: dependencies', () => {
  it('refuses an unknown module and a module that buyers cannot see (a draft)', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'deps-unknown');
    await createModule(t, JOHN, 3, 'johns-draft');
    const r = await uploadArtifact(
      t,
      moduleId,
      await moduleZip({
        slug: 'deps-unknown',
        version: '1.0.0',
        dependencies: [
          { module: 'does-not-exist', minVersion: '1.0.0', required: true, type: 'functional' },
          { module: 'johns-draft', minVersion: '1.0.0', required: false, type: 'integration' },
        ],
      }),
      { as: ALICE },
    );
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['DEPENDENCY_UNKNOWN_MODULE', 'manifest.dependencies[0].moduleSlug'],
      ['DEPENDENCY_UNKNOWN_MODULE', 'manifest.dependencies[1].moduleSlug'],
    ]);
    await nothingStored(moduleId);
  });

  it('refuses a dependency that closes a cycle through the latest approved versions (crm-pro → custom-erp → crm-pro)', async () => {
    // Custom ERP 1.0.0 (approved) depends on CRM Pro; CRM Pro is the official vendor's (run by platform admins).
    const r = await uploadArtifact(
      t,
      1,
      await moduleZip({
        slug: 'crm-pro',
        version: '1.2.0',
        dependencies: [{ module: 'custom-erp', minVersion: '1.0.0', required: true, type: 'integration' }],
      }),
      { as: 'admin@webkernel.com' },
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ code: 'DEPENDENCY_CYCLE', field: 'manifest.dependencies[0].moduleSlug' })]);
    expect(r.body.errors[0].message).toContain('crm-pro → custom-erp → crm-pro');
    expect(await t.prisma.moduleVersion.count({ where: { moduleId: 1, version: '1.2.0' } })).toBe(0);
  });

  it('finds longer cycles once the middle module is approved (new → custom-erp → new)', async () => {
    const midId = await createModule(t, ALICE, 2, 'erp-bridge');
    const v = await uploadVersion(t, ALICE, midId, {
      slug: 'erp-bridge',
      version: '1.0.0',
      dependencies: [{ module: 'custom-erp', minVersion: '1.0.0', required: true, type: 'functional' }],
    });
    await approveVersion(t, v);
    const r = await uploadArtifact(
      t,
      2,
      await moduleZip({
        slug: 'custom-erp',
        version: '1.1.0',
        dependencies: [{ module: 'erp-bridge', minVersion: '1.0.0', required: false, type: 'integration' }],
      }),
      { as: ALICE },
    );
    expect(r.status).toBe(422);
    expect(r.body.errors[0].code).toBe('DEPENDENCY_CYCLE');
    expect(r.body.errors[0].message).toContain('custom-erp → erp-bridge → custom-erp');
  });
});

describe('upload: vendor API tokens', () => {
  const CREATE = `mutation($input: VendorApiTokenCreateInput!) { vendorApiTokenCreate(input: $input) { secret token { id prefix scopes lastUsedAt isActive } errors { code field } } }`;
  const REVOKE = `mutation($input: VendorApiTokenIdInput!) { vendorApiTokenRevoke(input: $input) { token { revokedAt isActive } errors { code } } }`;

  it('lets CI upload with a bearer token (no cookie, no CSRF header), records its use, and stops after revocation', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'ci-upload');
    const created = (await t.gqlOk(CREATE, { input: { vendorId: 2, name: 'GitHub Actions' } }, { as: ALICE })).vendorApiTokenCreate;
    expect(created.errors).toEqual([]);
    expect(created.secret).toMatch(/^wkv_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toMatchObject({ prefix: created.secret.slice(0, 12), scopes: ['publish'], lastUsedAt: null, isActive: true });
    const stored = await t.prisma.vendorApiToken.findUniqueOrThrow({ where: { id: created.token.id } });
    expect(stored.tokenHash).toBe(createHash('sha256').update(created.secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(created.secret);

    const zip = await moduleZip({ slug: 'ci-upload', version: '1.0.0' });
    const r = await uploadArtifact(t, moduleId, zip, { token: created.secret, fields: { changelog: 'From CI', submit: 'true' } });
    expect(r.status).toBe(201);
    expect(r.body.submitted).toBe(true);
    expect((await t.prisma.vendorApiToken.findUniqueOrThrow({ where: { id: created.token.id } })).lastUsedAt).not.toBeNull();
    const v = await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: r.body.version.id } });
    expect(v.submittedById).toBe(42);

    // A token only reaches its own vendor's modules.
    const other = await uploadArtifact(
      t,
      3,
      await moduleZip({ slug: 'analytics-pro', version: '3.0.0', core: [{ software: 'webkernel', min: '1.9.0' }] }),
      { token: created.secret },
    );
    expect(other.status).toBe(404);

    const revoked = (await t.gqlOk(REVOKE, { input: { tokenId: created.token.id } }, { as: ALICE })).vendorApiTokenRevoke;
    expect(revoked.token.isActive).toBe(false);
    const after = await uploadArtifact(t, moduleId, await moduleZip({ slug: 'ci-upload', version: '1.0.1' }), { token: created.secret });
    expect(after.status).toBe(401);
    expect(after.body.errors[0].code).toBe('TOKEN_INVALID');
  });

  it('refuses malformed and unknown tokens', async () => {
    const zip = await moduleZip({ slug: 'ci-upload', version: '9.9.9' });
    expect((await uploadArtifact(t, 1, zip, { token: 'not-a-token' })).status).toBe(401);
    expect((await uploadArtifact(t, 1, zip, { token: `wkv_${randomBytes(32).toString('base64url')}` })).body.errors[0].code).toBe(
      'TOKEN_INVALID',
    );
  });
});
