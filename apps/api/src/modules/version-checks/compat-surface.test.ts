import { compatibilityCheck, type CheckInput } from './review-checks';
import { extractReferences, parseApiSurface } from './compat-surface';
import type { TextFile } from './review-findings';
import { DEFAULT_REVIEW_LIMITS } from './review-limits';
import { DEFAULT_ARTIFACT_LIMITS } from '../artifacts';

const file = (path: string, text: string): TextFile => ({ path, text, lines: text.split('\n') });

const MODULE = file(
  'src/Module.php',
  `<?php
namespace Acme\\Shop;

use Webkernel\\Http\\Router;
use Webkernel\\Hooks as H;
use function Webkernel\\config;

final class Module extends \\Webkernel\\Module\\BaseModule
{
    public function register(): void
    {
        Router::get('/shop', fn () => config('shop.title'));
        Router::group('/admin', fn () => null);
        H::on('order.created', [$this, 'onOrder']);
        \\Webkernel\\view('shop');
        $pdo->exec('x'); // not the core
    }
}
`,
);

/** Core 1.9.0 lacks Router::group and the order.created hook; core 2.0.0 has everything. */
const CORE_190 = {
  classes: { 'Webkernel\\Http\\Router': ['get', 'post'], 'Webkernel\\Hooks': ['on'], 'Webkernel\\Module\\BaseModule': ['register'] },
  functions: ['Webkernel\\config', 'Webkernel\\view'],
  hooks: ['app.boot'],
};
const CORE_200 = {
  classes: { ...CORE_190.classes, 'Webkernel\\Http\\Router': ['get', 'post', 'group'] },
  functions: CORE_190.functions,
  hooks: ['app.boot', 'order.created'],
};

const input = (min: string, max: string | null, cores: { version: string; apiSurface: unknown }[]): CheckInput => ({
  version: { id: 1, version: '1.0.0', moduleSlug: 'shop', sizeBytes: 100 },
  archivePath: '/dev/null',
  contents: { files: [{ path: MODULE.path, size: MODULE.text.length }], texts: [MODULE] },
  manifest: null,
  compatibility: [
    {
      software: { id: 1, slug: 'webkernel', name: 'Webkernel', namespace: 'Webkernel' },
      min,
      max,
      cores: cores.map((c, i) => ({ id: i + 1, ...c })),
    },
  ],
  dependencies: [],
  artifactLimits: DEFAULT_ARTIFACT_LIMITS,
  limits: DEFAULT_REVIEW_LIMITS,
});

describe('compatibility verification against core API surfaces', () => {
  it('extracts the references into the core namespace (aliases, use function, fully qualified, hooks)', () => {
    expect(extractReferences([MODULE], 'Webkernel').map((r) => `${r.kind} ${r.name} @${r.line}`)).toEqual([
      'class Webkernel\\Http\\Router @4',
      'class Webkernel\\Hooks @5',
      'function Webkernel\\config @6',
      'class Webkernel\\Module\\BaseModule @8',
      'method Webkernel\\Http\\Router::get @12',
      'method Webkernel\\Http\\Router::group @13',
      'method Webkernel\\Hooks::on @14',
      'hook order.created @14',
      'function Webkernel\\view @15',
    ]);
  });

  it('a range over two cores: reports what is absent in the older one, with file and line', async () => {
    const out = await compatibilityCheck(
      input('1.9.0', null, [
        { version: '1.9.0', apiSurface: CORE_190 },
        { version: '2.0.0', apiSurface: CORE_200 },
      ]),
    );
    expect(out.findings.map((f) => [f.ruleId, f.message, f.file, f.line])).toEqual([
      ['compat.missing-symbol', 'Uses Webkernel\\Http\\Router::group, absent in 1.9.0 (declared range 1.9.0 – any).', 'src/Module.php', 13],
      ['compat.missing-symbol', 'Uses hook "order.created", absent in 1.9.0 (declared range 1.9.0 – any).', 'src/Module.php', 14],
    ]);
  });

  it('the same module verified against 2.0.0 only passes', async () => {
    const out = await compatibilityCheck(
      input('2.0.0', null, [
        { version: '1.9.0', apiSurface: CORE_190 },
        { version: '2.0.0', apiSurface: CORE_200 },
      ]),
    );
    expect(out.findings).toEqual([]);
    expect(out.summary).toBe('Verified against 1 core release(s)');
  });

  it('fails closed: a core without a surface, or a range without any registered core, cannot be verified', async () => {
    const noSurface = await compatibilityCheck(input('2.0.0', null, [{ version: '2.0.0', apiSurface: null }]));
    expect(noSurface.findings.map((f) => f.ruleId)).toEqual(['compat.surface-missing']);
    const empty = await compatibilityCheck(input('3.0.0', null, [{ version: '2.0.0', apiSurface: CORE_200 }]));
    expect(empty.findings.map((f) => f.ruleId)).toEqual(['compat.no-core-in-range']);
  });

  it('validates uploaded surfaces', () => {
    expect(parseApiSurface(CORE_200)).toMatchObject({ ok: true });
    expect(parseApiSurface({ classes: { 'Not a class': [] } })).toMatchObject({ ok: false, field: 'classes.Not a class' });
    expect(parseApiSurface({ classes: {}, functions: 'x' })).toMatchObject({ ok: false, field: 'functions' });
    expect(parseApiSurface([])).toMatchObject({ ok: false, field: '$' });
  });
});
