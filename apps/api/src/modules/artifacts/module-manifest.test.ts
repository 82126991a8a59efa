import { isSlug, isStrictSemver, parseManifest, validateManifest } from './module-manifest';

const base = {
  slug: 'acme-blog',
  version: '1.2.3',
  core: [{ software: 'webkernel', min: '2.0.0' }],
};

describe('isStrictSemver', () => {
  it.each([
    '0.0.0',
    '1.2.3',
    '10.20.30',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-0.3.7',
    '1.0.0-x.7.z.92',
    '1.0.0+20130313144700',
    '1.0.0-beta+exp.sha.5114f85',
    '1.0.0-rc.1+build.1',
  ])('accepts %s', (v) => expect(isStrictSemver(v)).toBe(true));
  it.each([
    '1',
    '1.2',
    'v1.2.3',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-',
    '1.2.3+',
    '1.2.3-01',
    '1.2.3-a..b',
    ' 1.2.3',
    '1.2.3 ',
    '1.2.3.4',
    '',
    'x.y.z',
  ])('rejects %j', (v) => expect(isStrictSemver(v)).toBe(false));
  it('rejects non-strings', () => {
    expect(isStrictSemver(123)).toBe(false);
    expect(isStrictSemver(null)).toBe(false);
  });
});

describe('isSlug', () => {
  it.each(['a', 'acme', 'acme-blog', 'a1-b2-c3', 'webkernel'])('accepts %s', (s) => expect(isSlug(s)).toBe(true));
  it.each(['', 'Acme', 'acme_blog', '-acme', 'acme-', 'acme--blog', 'acme blog', 'acme/blog', 'a'.repeat(65), '../x'])('rejects %j', (s) =>
    expect(isSlug(s)).toBe(false),
  );
});

describe('validateManifest', () => {
  it('accepts a minimal manifest and returns a sanitised copy', () => {
    const result = validateManifest({ ...base, name: 'ignored', core: [{ ...base.core[0], extra: 1 }] });
    expect(result).toEqual({ ok: true, manifest: base });
  });

  it('accepts a full manifest (max null, dependencies, update scripts present, "./" prefix normalised)', () => {
    const raw = {
      ...base,
      core: [
        { software: 'webkernel', min: '2.0.0', max: null },
        { software: 'other-core', min: '1.0', max: '1.9' },
      ],
      dependencies: [
        { module: 'acme-seo', minVersion: '1.0.0', required: true, type: 'functional' },
        { module: 'acme-shop', minVersion: '2.1.0', required: false, type: 'integration' },
      ],
      update: { migrationScript: './migrations/up.php', rollbackScript: 'migrations/down.php' },
    };
    const result = validateManifest(raw, ['migrations/up.php', 'migrations/down.php']);
    if (!result.ok) throw new Error(result.message);
    expect(result.manifest.core[0]).toEqual({ software: 'webkernel', min: '2.0.0', max: null });
    expect(result.manifest.core[1]).toEqual({ software: 'other-core', min: '1.0', max: '1.9' });
    expect(result.manifest.dependencies).toHaveLength(2);
    expect(result.manifest.update).toEqual({ migrationScript: 'migrations/up.php', rollbackScript: 'migrations/down.php' });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an object', [], '$', /must be a JSON object, got an array/],
    ['null', null, '$', /must be a JSON object, got null/],
    ['missing slug', { ...base, slug: undefined }, 'slug', /"slug" is required/],
    ['bad slug', { ...base, slug: 'Acme Blog' }, 'slug', /"slug" must be a slug.*got a string \("Acme Blog"\)/],
    ['numeric slug', { ...base, slug: 42 }, 'slug', /got a number/],
    ['missing version', { ...base, version: undefined }, 'version', /"version" is required/],
    ['non-semver version', { ...base, version: '1.2' }, 'version', /"version" must be a semantic version/],
    ['v-prefixed version', { ...base, version: 'v1.2.3' }, 'version', /semantic version/],
    ['missing core', { ...base, core: undefined }, 'core', /"core" is required/],
    ['core not array', { ...base, core: { software: 'webkernel', min: '1' } }, 'core', /"core" must be an array/],
    ['empty core', { ...base, core: [] }, 'core', /at least one core requirement/],
    ['core item not object', { ...base, core: ['webkernel'] }, 'core[0]', /"core\[0\]" must be an object/],
    ['core software missing', { ...base, core: [{ min: '1.0.0' }] }, 'core[0].software', /"core\[0\]\.software" is required/],
    ['core software bad', { ...base, core: [{ software: 'Web_Kernel', min: '1.0.0' }] }, 'core[0].software', /must be a slug/],
    ['core min missing', { ...base, core: [{ software: 'webkernel' }] }, 'core[0].min', /"core\[0\]\.min" is required/],
    ['core min empty', { ...base, core: [{ software: 'webkernel', min: '' }] }, 'core[0].min', /non-empty version string/],
    ['core max number', { ...base, core: [{ software: 'webkernel', min: '1', max: 2 }] }, 'core[0].max', /got a number/],
    ['second core bad', { ...base, core: [base.core[0], { software: 'x', min: 'a b' }] }, 'core[1].min', /without spaces/],
    ['dependencies not array', { ...base, dependencies: {} }, 'dependencies', /"dependencies" must be an array, got an object/],
    ['dependency not object', { ...base, dependencies: [1] }, 'dependencies[0]', /must be an object/],
    [
      'dependency module bad',
      { ...base, dependencies: [{ module: 'A', minVersion: '1', required: true, type: 'functional' }] },
      'dependencies[0].module',
      /must be a slug/,
    ],
    [
      'dependency on itself',
      { ...base, dependencies: [{ module: 'acme-blog', minVersion: '1', required: true, type: 'functional' }] },
      'dependencies[0].module',
      /must not name the module itself/,
    ],
    [
      'dependency minVersion missing',
      { ...base, dependencies: [{ module: 'a', required: true, type: 'functional' }] },
      'dependencies[0].minVersion',
      /is required/,
    ],
    [
      'dependency required not boolean',
      { ...base, dependencies: [{ module: 'a', minVersion: '1', required: 'yes', type: 'functional' }] },
      'dependencies[0].required',
      /must be a boolean/,
    ],
    [
      'dependency required missing',
      { ...base, dependencies: [{ module: 'a', minVersion: '1', type: 'functional' }] },
      'dependencies[0].required',
      /is required/,
    ],
    [
      'dependency type bad',
      { ...base, dependencies: [{ module: 'a', minVersion: '1', required: true, type: 'optional' }] },
      'dependencies[0].type',
      /must be one of "functional", "integration"/,
    ],
    [
      'dependency type missing',
      { ...base, dependencies: [{ module: 'a', minVersion: '1', required: true }] },
      'dependencies[0].type',
      /is required/,
    ],
    ['update not object', { ...base, update: 'up.php' }, 'update', /"update" must be an object/],
    ['update script not string', { ...base, update: { migrationScript: 5 } }, 'update.migrationScript', /non-empty path string/],
    ['update script empty', { ...base, update: { rollbackScript: '  ' } }, 'update.rollbackScript', /non-empty path string/],
  ])('%s → %s', (_label, raw, field, message) => {
    const result = validateManifest(raw, []);
    if (result.ok) throw new Error('expected failure');
    expect(result.field).toBe(field);
    expect(result.message).toMatch(message);
  });

  it('requires update scripts to be files of the archive when the file list is given', () => {
    const raw = { ...base, update: { migrationScript: 'up.php' } };
    expect(validateManifest(raw).ok).toBe(true); // no file list: presence not checked
    const result = validateManifest(raw, new Set(['down.php']));
    expect(result).toEqual({
      ok: false,
      field: 'update.migrationScript',
      message: 'manifest field "update.migrationScript" names "up.php", which is not a file in the archive',
    });
  });
});

describe('parseManifest', () => {
  it('parses UTF-8 JSON with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(base))]);
    expect(parseManifest(bytes)).toEqual({ ok: true, manifest: base });
  });
  it('rejects invalid UTF-8', () => {
    const result = parseManifest(Buffer.from([0x7b, 0xff, 0x7d]));
    expect(result).toMatchObject({ ok: false, field: '$', message: expect.stringMatching(/not valid UTF-8/) });
  });
  it('rejects invalid JSON', () => {
    expect(parseManifest(Buffer.from('{nope'))).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
  });
});
