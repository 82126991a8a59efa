/** The core API manifest (webkernel-api.json) and the PHP declarations it is checked against. */
import { parseCoreApiManifest, undeclaredExports } from './core-api-manifest';
import { extractCoreSurface } from './core-surface-extract';
import type { TextFile } from './review-findings';

const file = (path: string, text: string): TextFile => ({ path, text, lines: text.split('\n') });
const core = { version: '2.0.0', softwareSlug: 'webkernel' };
const manifest = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o));

const ROUTER = `<?php
declare(strict_types=1);

namespace Webkernel\\Http;

final class Router
{
    public static function get(string $path, callable|array $action): void
    {
        $inner = function () { return 1; };
    }

    public static function group(string $prefix, \\Closure $routes): void {}
    // public static function commented(): void {}
    private function resolve(): void
    {
    }
}

class Route { public function name(): string { return ''; } }
`;
const FUNCTIONS = `<?php
namespace Webkernel;

function config(string $key): mixed
{
    return null;
}

interface Hooks
{
    public static function on(string $name, callable $fn): void;
}
`;

describe('webkernel-api.json', () => {
  it('gives the surface of the release it describes', () => {
    const r = parseCoreApiManifest(
      manifest({ software: 'webkernel', version: '2.0.0', classes: { '\\Webkernel\\Http\\Router': ['get', 'get'] }, hooks: ['app.boot'] }),
      core,
    );
    expect(r).toEqual({ ok: true, surface: { classes: { 'Webkernel\\Http\\Router': ['get'] }, functions: [], hooks: ['app.boot'] } });
    expect(parseCoreApiManifest(manifest({ version: '2.0.0' }), core)).toEqual({
      ok: true,
      surface: { classes: {}, functions: [], hooks: [] },
    });
  });

  it('is refused when it is not JSON, names another release or software, or lists a malformed name', () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from('{ "version": '), 'API_MANIFEST_INVALID', 'webkernel-api.json is not valid JSON'],
      [manifest([] as never), 'API_MANIFEST_INVALID', 'must be a JSON object'],
      [manifest({ classes: {} }), 'API_MANIFEST_INVALID', 'must name the core "version"'],
      [manifest({ version: '2.1.0' }), 'API_MANIFEST_VERSION_MISMATCH', 'describes version 2.1.0, but this core release is 2.0.0'],
      [manifest({ version: '2.0.0', software: 'shopkernel' }), 'API_MANIFEST_SOFTWARE_MISMATCH', 'belongs to "webkernel"'],
      [
        manifest({ version: '2.0.0', classes: { 'Not valid': [] } }),
        'API_MANIFEST_INVALID',
        'classes.Not valid: "Not valid" is not a qualified class name.',
      ],
      [manifest({ version: '2.0.0', hooks: 'app.boot' }), 'API_MANIFEST_INVALID', 'hooks: "hooks" must be a list of hook names.'],
    ];
    for (const [bytes, code, message] of cases) {
      const r = parseCoreApiManifest(bytes, core);
      expect(r.ok).toBe(false);
      expect(r).toMatchObject({ code, message: expect.stringContaining(message) });
    }
  });
});

describe('what the manifest lists, against the code', () => {
  it('reports what the manifest lists but the code does not declare publicly', () => {
    const declared = extractCoreSurface([file('src/Http/Router.php', ROUTER), file('src/functions.php', FUNCTIONS)], 'Webkernel').surface;
    const listed = {
      classes: {
        'Webkernel\\Http\\Router': ['get', 'GROUP', 'middleware', 'resolve'],
        'Webkernel\\Http\\Missing': [],
        'Webkernel\\Hooks': ['on'],
      },
      functions: ['Webkernel\\config', 'Webkernel\\route'],
      hooks: ['app.boot'],
    };
    expect(undeclaredExports(listed, declared)).toEqual([
      'Webkernel\\Http\\Router::middleware',
      'Webkernel\\Http\\Router::resolve', // private
      'Webkernel\\Http\\Missing',
      'Webkernel\\route()',
    ]);
    expect(
      undeclaredExports({ classes: { 'Webkernel\\Http\\Router': ['get'] }, functions: ['Webkernel\\config'], hooks: ['any'] }, declared),
    ).toEqual([]);
  });
});
