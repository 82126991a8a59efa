/**
 * Listing screenshots and links: the upload refuses non-images whatever their name, files over
 * 2 MB and decompression bombs, re-encodes to WebP in the artifact storage; order, alt text,
 * deletion; support links shown to buyers; the preview; refusals for other vendors.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { useTestApp, type TestApp } from '../../test/harness';
import { createModule, publishingSandbox } from '../publishing/test-support/publishing-fixtures';

const sandbox = publishingSandbox();
const t = useTestApp(sandbox.options);
afterAll(() => sandbox.cleanup());

const ALICE = 'alice@acme.test'; // DevShop Solutions (vendor 2): Custom ERP (module 2, in the catalog)
const JOHN = 'john@johndoe.test'; // vendor John Doe (3)
const ERP = 2;

async function upload(
  app: TestApp,
  moduleId: number,
  file: Buffer,
  o: { as?: string | null; alt?: string | null; filename?: string; type?: string; csrf?: boolean } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  const as = o.as === undefined ? ALICE : o.as;
  if (as) headers.cookie = await app.sessionCookie(as);
  if (as && o.csrf !== false) headers['x-wk-upload'] = '1';
  const fd = new FormData();
  if (o.alt !== null) fd.append('altText', o.alt ?? 'The dashboard with three widgets');
  fd.append('file', new Blob([new Uint8Array(file)], { type: o.type ?? 'image/png' }), o.filename ?? 'shot.png');
  const res = await fetch(`${app.baseUrl}/api/vendor/modules/${moduleId}/screenshots`, { method: 'POST', headers, body: fd });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 200 } } })
    .png()
    .toBuffer();

/** A valid PNG whose header declares width × height, with only a few compressed rows: a decompression bomb. */
function bombPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = deflateSync(Buffer.alloc((width + 1) * 4), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function nothingStored(moduleId: number) {
  expect(await t.prisma.moduleScreenshot.count({ where: { moduleId } })).toBe(0);
  expect(sandbox.storedFiles().filter((f) => f.startsWith(`screenshots/${moduleId}/`))).toEqual([]);
  expect(sandbox.tempFiles()).toEqual([]);
}

const PAGE = `query($slug: String!) { module(slug: $slug) { id screenshots { id position altText url width height }
  support { email url documentationUrl sourceUrl issueTrackerUrl privacyPolicyUrl } } }`;
const LINKS = `mutation($input: ModuleListingLinksUpdateInput!) { moduleListingLinksUpdate(input: $input) {
  errors { code field message } links { supportEmail supportUrl documentationUrl sourceUrl issueTrackerUrl privacyPolicyUrl } } }`;
const REORDER = `mutation($m: Int!, $ids: [Int!]!) { moduleScreenshotsReorder(input: { moduleId: $m, screenshotIds: $ids }) {
  errors { code field } screenshots { id position } } }`;
const ALT = `mutation($id: Int!, $alt: String!) { moduleScreenshotUpdate(input: { screenshotId: $id, altText: $alt }) {
  errors { code field } screenshot { id altText } } }`;
const DELETE = `mutation($id: Int!) { moduleScreenshotDelete(input: { screenshotId: $id }) { errors { code } deletedScreenshotId } }`;
const PREVIEW = `query($m: Int!) { vendorModulePreview(moduleId: $m) { id slug name screenshots { id url altText } support { email } versions { id } } }`;

describe('screenshot upload', () => {
  it('re-encodes a PNG to WebP, fits it in 1600×1200, stores it and shows it on the module page', async () => {
    const r = await upload(t, ERP, await png(2400, 1500), { alt: '  The purchasing dashboard  ' });
    expect(r.status).toBe(201);
    expect(r.body.screenshot).toMatchObject({ position: 1, altText: 'The purchasing dashboard', width: 1600, height: 1000 });
    const row = await t.prisma.moduleScreenshot.findUniqueOrThrow({ where: { id: r.body.screenshot.id } });
    expect(row).toMatchObject({ contentType: 'image/webp', width: 1600, height: 1000 });
    expect(sandbox.storedFiles()).toContain(row.storageKey);
    expect(sandbox.tempFiles()).toEqual([]);

    const page = (await t.gqlOk(PAGE, { slug: 'custom-erp' })).module;
    expect(page.screenshots).toEqual([
      { id: row.id, position: 1, altText: 'The purchasing dashboard', url: `/api/screenshots/${row.id}.webp`, width: 1600, height: 1000 },
    ]);
    // Anyone may load the image of a catalog module; it is a real WebP of the stored size.
    const img = await fetch(`${t.baseUrl}${page.screenshots[0].url}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(bytes.length).toBe(row.byteSize);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 1600, height: 1000 });
    const audits = await t.prisma.auditLog.findMany({
      where: { entityType: 'module', entityId: String(ERP), actionType: 'screenshot_add' },
    });
    expect(audits).toHaveLength(1);
    await t.gqlOk(DELETE, { id: row.id }, { as: ALICE });
    expect(sandbox.storedFiles()).not.toContain(row.storageKey);
  });

  it('accepts JPEG and WebP recognised by content, whatever the file is called', async () => {
    const jpeg = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#0a0' } })
      .jpeg()
      .toBuffer();
    const webp = await sharp({ create: { width: 400, height: 640, channels: 3, background: '#00a' } })
      .webp()
      .toBuffer();
    const a = await upload(t, ERP, jpeg, { filename: 'photo.gif', type: 'image/gif' });
    const b = await upload(t, ERP, webp, { filename: 'noext' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.screenshot.width, a.body.screenshot.height, b.body.screenshot.width, b.body.screenshot.height]).toEqual([
      640, 400, 400, 640,
    ]);
    for (const s of [a, b]) await t.gqlOk(DELETE, { id: s.body.screenshot.id }, { as: ALICE });
  });

  it('refuses a non-image renamed .png (content decides), storing nothing', async () => {
    const r = await upload(t, ERP, Buffer.from('<html><script>alert(1)</script></html>'.repeat(20)), { filename: 'evil.png' });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { code: 'IMAGE_TYPE_UNSUPPORTED', field: 'file', message: 'Upload a PNG, JPEG or WebP image (the file content is not one).' },
    ]);
    await nothingStored(ERP);
  });

  it('refuses a file over 2 MB with 413, storing nothing', async () => {
    const big = Buffer.concat([await png(300, 300), Buffer.alloc(2 * 1024 * 1024)]);
    const r = await upload(t, ERP, big);
    expect(r.status).toBe(413);
    expect(r.body.errors[0]).toMatchObject({ code: 'UPLOAD_TOO_LARGE', field: 'file' });
    await nothingStored(ERP);
  });

  it('refuses a decompression-bomb PNG from its header, before decoding it', async () => {
    const bomb = bombPng(50_000, 50_000); // 2.5 gigapixels declared, a few hundred bytes sent
    expect(bomb.length).toBeLessThan(100_000);
    const r = await upload(t, ERP, bomb, { filename: 'bomb.png' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 'IMAGE_DIMENSIONS_TOO_LARGE', field: 'file' });
    expect(r.body.errors[0].message).toContain('50000 × 50000');
    await nothingStored(ERP);
  });

  it('refuses a damaged image and one without alt text', async () => {
    const truncated = (await png(600, 400)).subarray(0, 60);
    const damaged = await upload(t, ERP, truncated);
    expect([damaged.status, damaged.body.errors[0].code]).toEqual([400, 'IMAGE_INVALID']);
    const noAlt = await upload(t, ERP, await png(600, 400), { alt: '   ' });
    expect(noAlt.status).toBe(400);
    expect(noAlt.body.errors).toEqual([
      { code: 'ALT_TEXT_REQUIRED', field: 'altText', message: 'Describe the screenshot (alt text) for people who cannot see it.' },
    ]);
    await nothingStored(ERP);
  });

  it('keeps at most 8; orders, renames and deletes them (positions close up)', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'shots-eight');
    const ids: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const r = await upload(t, moduleId, await png(300 + i, 200), { alt: `Screen ${i}` });
      expect(r.status).toBe(201);
      ids.push(r.body.screenshot.id);
    }
    const ninth = await upload(t, moduleId, await png(300, 200), { alt: 'Screen 9' });
    expect(ninth.status).toBe(409);
    expect(ninth.body.errors[0].code).toBe('SCREENSHOT_LIMIT');
    expect(await t.prisma.moduleScreenshot.count({ where: { moduleId } })).toBe(8);

    const reversed = [...ids].reverse();
    const ok = (await t.gqlOk(REORDER, { m: moduleId, ids: reversed }, { as: ALICE })).moduleScreenshotsReorder;
    expect(ok.errors).toEqual([]);
    expect(ok.screenshots.map((s: any) => s.id)).toEqual(reversed);
    expect(ok.screenshots.map((s: any) => s.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const bad = (await t.gqlOk(REORDER, { m: moduleId, ids: reversed.slice(1) }, { as: ALICE })).moduleScreenshotsReorder;
    expect(bad.errors).toEqual([{ code: 'ORDER_MISMATCH', field: 'screenshotIds' }]);

    const renamed = (await t.gqlOk(ALT, { id: ids[0], alt: 'Settings page' }, { as: ALICE })).moduleScreenshotUpdate;
    expect(renamed.screenshot).toEqual({ id: ids[0], altText: 'Settings page' });
    expect((await t.gqlOk(ALT, { id: ids[0], alt: '' }, { as: ALICE })).moduleScreenshotUpdate.errors).toEqual([
      { code: 'ALT_TEXT_REQUIRED', field: 'altText' },
    ]);

    expect((await t.gqlOk(DELETE, { id: reversed[0] }, { as: ALICE })).moduleScreenshotDelete.deletedScreenshotId).toBe(reversed[0]);
    const left = await t.prisma.moduleScreenshot.findMany({ where: { moduleId }, orderBy: { position: 'asc' } });
    expect(left.map((s) => [s.id, s.position])).toEqual(reversed.slice(1).map((id, i) => [id, i + 1]));
  });

  it('refuses other vendors, anonymous callers and a missing CSRF header', async () => {
    const img = await png(400, 300);
    const john = await upload(t, ERP, img, { as: JOHN });
    expect([john.status, john.body.errors[0].code]).toEqual([404, 'NOT_FOUND']);
    expect((await upload(t, ERP, img, { as: 'dev@acme.test' })).status).toBe(404); // Acme developer: not a DevShop admin
    expect((await upload(t, ERP, img, { as: null })).status).toBe(401);
    expect((await upload(t, ERP, img, { csrf: false })).status).toBe(403);
    await nothingStored(ERP);

    const mine = await upload(t, ERP, img);
    const id = mine.body.screenshot.id;
    for (const [q, v] of [
      [ALT, { id, alt: 'Mine now' }],
      [DELETE, { id }],
      [REORDER, { m: ERP, ids: [id] }],
    ] as const) {
      const r = await t.gql(q, v, { as: JOHN });
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(r.errors)).not.toMatch(/ERP|DevShop/);
    }
    expect(await t.prisma.moduleScreenshot.count({ where: { id } })).toBe(1);
    await t.gqlOk(DELETE, { id }, { as: ALICE });
  });
});

describe('support links and the preview', () => {
  it('validates and saves the links; buyers see them, with the vendor’s e-mail as fallback', async () => {
    const before = (await t.gqlOk(PAGE, { slug: 'custom-erp' })).module.support;
    const vendor = await t.prisma.vendor.findUniqueOrThrow({ where: { id: 2 } });
    expect(before.email).toBe(vendor.supportEmail);

    const bad = (
      await t.gqlOk(
        LINKS,
        { input: { moduleId: ERP, supportEmail: 'nope', documentationUrl: 'javascript:alert(1)', sourceUrl: 'ftp://x.test' } },
        { as: ALICE },
      )
    ).moduleListingLinksUpdate;
    expect(bad.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_EMAIL', 'supportEmail'],
      ['INVALID_URL', 'documentationUrl'],
      ['INVALID_URL', 'sourceUrl'],
    ]);
    expect((await t.prisma.module.findUniqueOrThrow({ where: { id: ERP } })).documentationUrl).toBeNull();

    const links = {
      supportEmail: 'erp-help@devshop.test',
      supportUrl: 'https://help.devshop.test/erp',
      documentationUrl: 'https://docs.devshop.test/erp',
      sourceUrl: 'https://git.devshop.test/erp',
      issueTrackerUrl: 'https://git.devshop.test/erp/issues',
      privacyPolicyUrl: 'https://devshop.test/privacy',
    };
    const ok = (await t.gqlOk(LINKS, { input: { moduleId: ERP, ...links } }, { as: ALICE })).moduleListingLinksUpdate;
    expect(ok).toEqual({ errors: [], links });
    const { url, ...rest } = { url: links.supportUrl, ...links };
    expect((await t.gqlOk(PAGE, { slug: 'custom-erp' })).module.support).toEqual({
      email: rest.supportEmail,
      url,
      documentationUrl: rest.documentationUrl,
      sourceUrl: rest.sourceUrl,
      issueTrackerUrl: rest.issueTrackerUrl,
      privacyPolicyUrl: rest.privacyPolicyUrl,
    });
    const r = await t.gql(LINKS, { input: { moduleId: ERP, supportEmail: 'x@y.test' } }, { as: JOHN });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('previews a draft listing for its vendor only; its images are private until it is in the catalog', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'preview-draft', { shortDescription: 'Not live yet' });
    const shot = await upload(t, moduleId, await png(800, 500), { alt: 'Draft screen' });
    const preview = (await t.gqlOk(PREVIEW, { m: moduleId }, { as: ALICE })).vendorModulePreview;
    expect(preview).toMatchObject({ id: moduleId, slug: 'preview-draft', versions: [], screenshots: [{ altText: 'Draft screen' }] });
    expect((await t.gql(PREVIEW, { m: moduleId }, { as: JOHN })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await t.gql(PREVIEW, { m: moduleId })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(`{ module(slug: "preview-draft") { id } }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const imageUrl = `${t.baseUrl}/api/screenshots/${shot.body.screenshot.id}.webp`;
    expect((await fetch(imageUrl)).status).toBe(404);
    expect((await fetch(imageUrl, { headers: { cookie: await t.sessionCookie(JOHN) } })).status).toBe(404);
    const mine = await fetch(imageUrl, { headers: { cookie: await t.sessionCookie(ALICE) } });
    expect([mine.status, mine.headers.get('cache-control')]).toEqual([200, 'private, no-store']);
  });
});
