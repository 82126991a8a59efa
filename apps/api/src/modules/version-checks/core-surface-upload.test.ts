/**
 * A core release's API surface extracted from its zip (POST /api/admin/software-cores/:id/api-surface):
 * the archive gets the module uploads' inspection, its PHP code is parsed (php-parser) for the
 * public classes, methods, functions and hooks of the core's namespace; an optional
 * webkernel-api.json must describe this release and may list only what the code declares.
 * Refusals leave the registered surface, the audit log and the temp folder as they were.
 */
import { buildRawZip, buildZipWithYazl, type YazlEntry } from '../artifacts/test-support/zip-fixtures';
import { publishingSandbox } from '../publishing/test-support/publishing-fixtures';
import { useTestApp } from '../../test/harness';
import { webkernelCoreEntries } from './test-support/webkernel-core';

const sandbox = publishingSandbox({ maxUploadBytes: 64 * 1024 });
const t = useTestApp(sandbox.options);
afterAll(() => sandbox.cleanup());

const ADMIN = 'admin@webkernel.com';
const CORE = 3; // Webkernel Horizon 2.0.0

const ROUTER = `<?php
namespace Webkernel\\Http;

final class Router
{
    public static function get(string $path, array $action): void {}
    public static function group(string $prefix, \\Closure $routes): void {}
}
`;
const FUNCTIONS = `<?php
namespace Webkernel;

function config(string $key): mixed
{
    return null;
}
`;
const API = {
  software: 'webkernel',
  version: '2.0.0',
  classes: { 'Webkernel\\Http\\Router': ['get', 'group'] },
  functions: ['Webkernel\\config'],
  hooks: ['app.boot', 'http.request'],
};
const coreZip = (api: unknown = API, extra: YazlEntry[] = []) =>
  buildZipWithYazl([
    ...(api === null ? [] : [{ name: 'webkernel-api.json', data: typeof api === 'string' ? api : JSON.stringify(api) }]),
    { name: 'src/Http/Router.php', data: ROUTER },
    { name: 'src/functions.php', data: FUNCTIONS },
    ...extra,
  ]);

async function post(coreId: number | string, zip: Buffer, o: { as?: string; csrf?: boolean } = { as: ADMIN }) {
  const headers: Record<string, string> = {};
  if (o.as) headers.cookie = await t.sessionCookie(o.as);
  if (o.as && o.csrf !== false) headers['x-wk-upload'] = '1';
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'webkernel-2.0.0.zip');
  const res = await fetch(`${t.baseUrl}/api/admin/software-cores/${coreId}/api-surface`, { method: 'POST', headers, body: fd });
  return { status: res.status, body: (await res.json()) as any };
}

const surfaceOf = async (id = CORE) => (await t.prisma.softwareCore.findUniqueOrThrow({ where: { id } })).apiSurface;
const audits = () => t.prisma.auditLog.count({ where: { actionType: 'set_api_surface' } });

describe("extracting a core release's API surface from its zip", () => {
  it("extracts the public surface of a real core release's PHP code, audited with the archive it came from", async () => {
    const r = await post(CORE, await buildZipWithYazl(webkernelCoreEntries()));
    expect(r).toEqual({
      status: 200,
      body: {
        errors: [],
        surface: { coreId: CORE, classes: 5, functions: 3, hooks: 4 },
        extraction: { files: 7, methods: 16, manifest: false },
      },
    });
    // The demo data's surface of Webkernel 2.0.0, found in the code: public methods only (not
    // Hooks::listenersOf, Query::__construct, BaseModule::load), the functions, the fired hooks and
    // the @hook tags; nothing from vendor/ or tests/.
    const stored = (await surfaceOf()) as { classes: Record<string, string[]>; functions: string[]; hooks: string[] };
    expect(stored).toEqual({
      classes: {
        'Webkernel\\Db\\Query': ['table', 'where', 'get', 'insert', 'paginate'],
        'Webkernel\\Events\\Dispatcher': ['listen', 'dispatch'],
        'Webkernel\\Hooks': ['on', 'emit'],
        'Webkernel\\Http\\Router': ['get', 'post', 'group', 'middleware'],
        'Webkernel\\Module\\BaseModule': ['register', 'boot', 'config'],
      },
      functions: ['Webkernel\\config', 'Webkernel\\route', 'Webkernel\\view'],
      hooks: ['app.boot', 'http.request', 'http.response', 'module.activated'],
    });
    const a = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'set_api_surface', entityId: String(CORE) } });
    expect(a.newValue).toMatchObject({
      classes: 5,
      functions: 3,
      hooks: 4,
      source: { kind: 'zip', filename: 'webkernel-2.0.0.zip', sha256: expect.stringMatching(/^[a-f0-9]{64}$/), files: 7, manifest: false },
    });
    expect(a.oldValue).toEqual({ classes: 5, functions: 3, hooks: 4 });
    expect(sandbox.tempFiles()).toEqual([]);
    expect(sandbox.storedFiles()).toEqual([]); // the core zip itself is not kept

    // The same core without Router::middleware: the surface follows the code.
    const r2 = await post(CORE, await buildZipWithYazl(webkernelCoreEntries({ withoutMiddleware: true })));
    expect(r2.body.extraction).toEqual({ files: 7, methods: 15, manifest: false });
    expect(((await surfaceOf()) as typeof stored).classes['Webkernel\\Http\\Router']).toEqual(['get', 'post', 'group']);
  });

  it('adds the names an optional webkernel-api.json lists for this release', async () => {
    const r = await post(CORE, await coreZip());
    expect(r).toEqual({
      status: 200,
      body: {
        errors: [],
        surface: { coreId: CORE, classes: 1, functions: 1, hooks: 2 },
        extraction: { files: 2, methods: 2, manifest: true },
      },
    });
    expect(await surfaceOf()).toEqual({
      classes: { 'Webkernel\\Http\\Router': ['get', 'group'] },
      functions: ['Webkernel\\config'],
      hooks: ['app.boot', 'http.request'],
    });
    const a = await t.prisma.auditLog.findFirstOrThrow({
      where: { actionType: 'set_api_surface', entityId: String(CORE) },
      orderBy: { id: 'desc' },
    });
    expect(a.newValue).toMatchObject({ source: { kind: 'zip', manifest: true, files: 2 } });
  });

  it('refuses, on the field "file" with a clear code, an archive that is unsafe, unparsable, without code of the core, or with a manifest for another release', async () => {
    const before = await surfaceOf();
    const auditsBefore = await audits();
    const cases: [string, Buffer, number, string, string][] = [
      [
        'no PHP of the namespace',
        await buildZipWithYazl([{ name: 'src/Lib.php', data: '<?php\nnamespace Other;\nclass Lib { public function x() {} }\n' }]),
        400,
        'CORE_SURFACE_EMPTY',
        'No public class or function of the namespace Webkernel was found in the archive',
      ],
      [
        'syntax error',
        await coreZip(null, [{ name: 'src/Broken.php', data: '<?php\nnamespace Webkernel;\n\nclass {\n' }]),
        400,
        'CORE_PARSE_ERROR',
        "The core's PHP code could not be parsed: src/Broken.php, line 4: ",
      ],
      [
        'binary PHP file',
        await coreZip(null, [{ name: 'src/Encoded.php', data: Buffer.from([0x3c, 0x3f, 0, 1, 2, 3]) }]),
        400,
        'CORE_SOURCE_UNREADABLE',
        'src/Encoded.php could not be read as PHP source (binary content)',
      ],
      ['not JSON', await coreZip('{ "version": "2.0.0", '), 400, 'API_MANIFEST_INVALID', 'webkernel-api.json is not valid JSON'],
      ['other release', await coreZip({ ...API, version: '1.9.5' }), 400, 'API_MANIFEST_VERSION_MISMATCH', 'describes version 1.9.5'],
      ['other software', await coreZip({ ...API, software: 'shopkernel' }), 400, 'API_MANIFEST_SOFTWARE_MISMATCH', '"shopkernel"'],
      ['bad name', await coreZip({ ...API, functions: ['not a function'] }), 400, 'API_MANIFEST_INVALID', 'functions:'],
      [
        'undeclared',
        await coreZip({ ...API, classes: { 'Webkernel\\Http\\Router': ['get', 'middleware'], 'Webkernel\\Cache': [] } }),
        400,
        'API_MANIFEST_UNDECLARED',
        'no PHP file of the archive declares: Webkernel\\Http\\Router::middleware, Webkernel\\Cache.',
      ],
      [
        'zip slip',
        buildRawZip([
          { name: 'webkernel-api.json', data: JSON.stringify(API) },
          { name: '../../etc/evil.php', data: '<?php' },
        ]),
        400,
        'ARTIFACT_PATH_TRAVERSAL',
        '',
      ],
      ['not a zip', Buffer.from('definitely not a zip archive'), 400, 'ARTIFACT_NOT_ZIP', ''],
      ['too large', Buffer.alloc(80 * 1024, 1), 413, 'UPLOAD_TOO_LARGE', ''],
    ];
    for (const [label, zip, status, code, message] of cases) {
      const r = await post(CORE, zip);
      expect([label, r.status, r.body.surface, r.body.errors]).toEqual([
        label,
        status,
        null,
        [expect.objectContaining({ code, field: 'file', message: expect.stringContaining(message) })],
      ]);
    }
    expect(await surfaceOf()).toEqual(before);
    expect(await audits()).toBe(auditsBefore);
    expect(sandbox.tempFiles()).toEqual([]);
  });
});

describe('refusals', () => {
  it('only a platform admin, in a session with the upload header, may upload; an unknown core is not found', async () => {
    const before = await surfaceOf(1);
    const auditsBefore = await audits();
    const zip = await coreZip({ ...API, version: '1.0.1' });
    for (const who of ['alice@acme.test', 'john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test']) {
      const r = await post(1, zip, { as: who });
      expect([who, r.status, r.body.errors[0].code]).toEqual([who, 403, 'FORBIDDEN']);
    }
    expect(await post(1, zip, {})).toMatchObject({ status: 401, body: { errors: [{ code: 'UNAUTHENTICATED' }] } });
    expect(await post(1, zip, { as: ADMIN, csrf: false })).toMatchObject({
      status: 403,
      body: { errors: [{ code: 'CSRF_HEADER_MISSING' }] },
    });
    expect(await post(999, zip)).toMatchObject({ status: 404, body: { errors: [{ code: 'NOT_FOUND', field: 'coreId' }] } });
    expect(await post('abc', zip)).toMatchObject({ status: 404, body: { errors: [{ code: 'NOT_FOUND' }] } });
    expect(await surfaceOf(1)).toEqual(before);
    expect(await audits()).toBe(auditsBefore);
    expect(sandbox.tempFiles()).toEqual([]);
  });
});
