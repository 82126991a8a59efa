/**
 * A core's public API surface extracted from its PHP code with php-parser, and the compatibility
 * check run against the surfaces extracted from two core releases.
 */
import { CoreParseError, extractCoreSurface, mergeSurfaces } from './core-surface-extract';
import { extractReferences, surfaceHas } from './compat-surface';
import type { TextFile } from './review-findings';

const file = (path: string, text: string): TextFile => ({ path, text, lines: text.split('\n') });

const BASE_ROUTER = `<?php
namespace Webkernel\\Http\\Support;

abstract class BaseRouter
{
    public static function get(string $path, array $action): void {}
    protected static function compile(): void {}
}
`;
const ROUTER = `<?php
declare(strict_types=1);

namespace Webkernel\\Http;

use Webkernel\\Http\\Support\\BaseRouter as Base;
use Webkernel\\Support\\Macroable;

/**
 * The router. Fires "http.request" and, per route, a computed hook.
 * @hook http.route.matched
 */
final class Router extends Base implements Contracts\\Routes
{
    use Macroable;

    public static function group(string $prefix, \\Closure $routes): void
    {
        $inner = function () { return 1; };
        \\Webkernel\\Hooks::emit('http.request', $prefix);
        $name = 'route.' . $prefix;
        \\Webkernel\\Hooks::emit($name);
    }

    static function post(string $path, array $action): void {}
    // public static function commented(): void {}
    private function resolve(): void {}
    protected function guard(): void {}
}

class Route { public function name(): string { return ''; } }
`;
const CONTRACTS = `<?php
namespace Webkernel\\Http\\Contracts;

interface Routes
{
    public function routes(): array;
}
`;
const MACROABLE = `<?php
namespace Webkernel\\Support;

trait Macroable
{
    public static function macro(string $name, callable $fn): void {}
    private static function macros(): array { return []; }
}
`;
const FUNCTIONS = `<?php
namespace Webkernel {
    function config(string $key): mixed
    {
        return null;
    }

    enum Stage: string
    {
        case Boot = 'boot';
        public function label(): string { return ''; }
    }
}

namespace Webkernel\\View {
    function view(string $name): string
    {
        $this->events?->dispatch("view.render");
        return '';
    }
}
`;
const KERNEL = `<?php
namespace Webkernel;

class App
{
    public function boot(): void
    {
        $this->events->dispatch('app.boot');
        Hooks::trigger('module.activated', []);
        $this->logger->info('not.a.hook');
    }
}
`;
const LIBRARY = `<?php
namespace Guzzle;
class Client { public function send(): void {} }
function helper() {}
`;

const CORE = [
  file('src/Http/Support/BaseRouter.php', BASE_ROUTER),
  file('src/Http/Router.php', ROUTER),
  file('src/Http/Contracts/Routes.php', CONTRACTS),
  file('src/Support/Macroable.php', MACROABLE),
  file('src/functions.php', FUNCTIONS),
  file('src/App.php', KERNEL),
  file('lib/Guzzle/Client.php', LIBRARY),
  file('vendor/acme/x/src/Webkernel/Fake.php', '<?php namespace Webkernel; class Fake { public function x() {} }'),
  file('tests/RouterTest.php', '<?php namespace Webkernel\\Tests; class RouterTest { public function testGet() {} }'),
  file('README.md', 'function fake() {}'),
];

describe("extracting a core's public API surface from its PHP code", () => {
  const { surface, files, methods } = extractCoreSurface(CORE, 'Webkernel');

  it('lists the classes of the namespace with their public methods, inherited ones included', () => {
    expect(Object.keys(surface.classes)).toEqual([
      'Webkernel\\App',
      'Webkernel\\Http\\Contracts\\Routes',
      'Webkernel\\Http\\Route',
      'Webkernel\\Http\\Router',
      'Webkernel\\Http\\Support\\BaseRouter',
      'Webkernel\\Stage',
      'Webkernel\\Support\\Macroable',
    ]);
    // own public (and visibility-less) methods, then the parent's, the interface's and the trait's
    // public ones; never private or protected, never a closure or a commented-out line.
    expect(surface.classes['Webkernel\\Http\\Router']!.sort()).toEqual(['get', 'group', 'macro', 'post', 'routes']);
    expect(surface.classes['Webkernel\\Http\\Route']).toEqual(['name']);
    expect(surface.classes['Webkernel\\Http\\Support\\BaseRouter']).toEqual(['get']);
    expect(surface.classes['Webkernel\\Support\\Macroable']).toEqual(['macro']);
    expect(surface.classes['Webkernel\\Stage']).toEqual(['label']);
    expect(methods).toBe(1 + 1 + 1 + 5 + 1 + 1 + 1);
  });

  it('lists namespace functions, from braced namespace blocks too', () => {
    expect(surface.functions).toEqual(['Webkernel\\config', 'Webkernel\\View\\view']);
  });

  it('finds the hooks the core fires with a literal name, and @hook tags', () => {
    expect(surface.hooks).toEqual(['app.boot', 'http.request', 'http.route.matched', 'module.activated', 'view.render']);
  });

  it('leaves out other namespaces (a bundled library), vendor/ and tests/', () => {
    expect(Object.keys(surface.classes).some((c) => /Guzzle|Fake|Tests/.test(c))).toBe(false);
    expect(surface.functions).not.toContain('Guzzle\\helper');
    expect(files).toBe(7); // the PHP files outside vendor/ and tests/
    expect(Object.keys(extractCoreSurface(CORE, '').surface.classes)).toContain('Guzzle\\Client');
  });

  it('refuses (fails closed) a file the parser cannot read, naming the file and the line', () => {
    const broken = [...CORE, file('src/Broken.php', '<?php\nnamespace Webkernel;\n\nclass {\n')];
    expect(() => extractCoreSurface(broken, 'Webkernel')).toThrow(CoreParseError);
    try {
      extractCoreSurface(broken, 'Webkernel');
    } catch (e) {
      expect((e as CoreParseError).file).toBe('src/Broken.php');
      expect((e as CoreParseError).line).toBe(4);
      expect((e as Error).message).toMatch(/^src\/Broken\.php, line 4: .*syntax error/);
    }
  });

  it('adds what a manifest lists (a hook under a computed name) without duplicates', () => {
    const merged = mergeSurfaces(surface, {
      classes: { 'webkernel\\app': ['BOOT', 'shutdown'] },
      functions: [],
      hooks: ['app.boot', 'route.home'],
    });
    expect(merged.classes['Webkernel\\App']).toEqual(['boot', 'shutdown']);
    expect(merged.hooks).toEqual([...surface.hooks, 'route.home']);
  });
});

describe('compatibility verified against the surfaces extracted from two core releases', () => {
  // Core 1.9.5 has no Router::middleware and no http.response hook; 2.0.0 has both.
  const core195 = extractCoreSurface(
    [file('src/Http/Router.php', `<?php\nnamespace Webkernel\\Http;\nclass Router { public static function group($p, $r) {} }\n`)],
    'Webkernel',
  ).surface;
  const core200 = extractCoreSurface(
    [
      file(
        'src/Http/Router.php',
        `<?php\nnamespace Webkernel\\Http;\nclass Router {\n  public static function group($p, $r) {}\n  public static function middleware($m) { \\Webkernel\\Hooks::emit('http.response'); }\n}\n`,
      ),
    ],
    'Webkernel',
  ).surface;
  const moduleCode = [
    file(
      'src/Module.php',
      `<?php\nnamespace Acme\\Erp;\nuse Webkernel\\Http\\Router;\nclass Module {\n  public function register(): void {\n    Router::middleware('auth');\n    Router::group('/erp', fn () => null);\n  }\n}\n`,
    ),
  ];

  it('reports the reference missing from the older release only', () => {
    const refs = extractReferences(moduleCode, 'Webkernel');
    const missingIn = (s: typeof core195) => refs.filter((r) => !surfaceHas(s, r)).map((r) => `${r.name} (${r.file}:${r.line})`);
    expect(missingIn(core195)).toEqual(['Webkernel\\Http\\Router::middleware (src/Module.php:6)']);
    expect(missingIn(core200)).toEqual([]);
  });
});
