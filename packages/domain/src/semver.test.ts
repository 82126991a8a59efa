import fc from 'fast-check';
import { DomainError } from './errors';
import {
  compareSemver,
  isGreaterThanAll,
  isValidCoreRange,
  isValidSemver,
  maxSemver,
  parseSemver,
  satisfiesCoreRange,
  sortSemver,
} from './semver';

describe('parseSemver', () => {
  it('parses a plain version', () => {
    expect(parseSemver('1.9.5')).toEqual({ major: 1, minor: 9, patch: 5, prerelease: [], build: [], raw: '1.9.5' });
  });

  it('parses pre-release and build', () => {
    expect(parseSemver('1.0.0-alpha.1+build.5.sha-abc')).toEqual({
      major: 1,
      minor: 0,
      patch: 0,
      prerelease: ['alpha', '1'],
      build: ['build', '5', 'sha-abc'],
      raw: '1.0.0-alpha.1+build.5.sha-abc',
    });
    expect(parseSemver('1.0.0+20130313144700').build).toEqual(['20130313144700']);
    expect(parseSemver('1.0.0-x-y-z.--').prerelease).toEqual(['x-y-z', '--']);
  });

  it.each([
    '0.0.0',
    '1.0.0',
    '10.20.30',
    '1.1.2-prerelease+meta',
    '1.0.0-alpha',
    '1.0.0-0.3.7',
    '1.0.0-x.7.z.92',
    '1.0.0-alpha+001',
    '1.0.0+21AF26D3----117B344092BD',
    '1.0.0-0A.is.legal',
    '1.0.0-rc.1+build.1',
    '2.0.0-rc.1+build.123',
    '1.2.3-----RC-SNAPSHOT.12.9.1--.12+788',
    '9007199254740991.0.0',
    '1.0.0-alpha.0valid',
    '1.0.0-00a',
  ])('accepts %p', (version) => {
    expect(isValidSemver(version)).toBe(true);
  });

  it.each([
    '',
    '1',
    '1.2',
    '1.2.3.4',
    '01.1.1',
    '1.01.1',
    '1.1.01',
    'v1.2.3',
    ' 1.2.3',
    '1.2.3 ',
    '1.2.3-',
    '1.2.3+',
    '1.2.3-01',
    '1.2.3-alpha.01',
    '1.2.3-alpha..1',
    '1.2.3-alpha_beta',
    '1.2.3+build..1',
    '1.2.3+build_1',
    '-1.2.3',
    '1.-2.3',
    'a.b.c',
    '1.2.x',
    '1.2.3-+',
    '9007199254740992.0.0',
    `1.0.0-${'a'.repeat(300)}`,
  ])('rejects %p with INVALID_SEMVER', (version) => {
    expect(isValidSemver(version)).toBe(false);
    expect(() => parseSemver(version)).toThrow(DomainError);
    try {
      parseSemver(version, 'version');
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_SEMVER');
      expect((error as DomainError).field).toBe('version');
    }
  });

  it('isValidSemver is false for non-strings', () => {
    expect(isValidSemver(1)).toBe(false);
    expect(isValidSemver(null)).toBe(false);
  });

  it('allows build metadata with leading zeros (only pre-release numbers forbid them)', () => {
    expect(isValidSemver('1.0.0+001')).toBe(true);
  });
});

describe('compareSemver', () => {
  it('compares numerically, not lexically', () => {
    expect(compareSemver('1.10.0', '1.9.0')).toBe(1);
    expect(compareSemver('1.9.0', '1.10.0')).toBe(-1);
    expect(compareSemver('2.0.0', '10.0.0')).toBe(-1);
    expect(compareSemver('1.0.10', '1.0.9')).toBe(1);
  });

  it.each([
    ['1.0.0', '2.0.0'],
    ['2.0.0', '2.1.0'],
    ['2.1.0', '2.1.1'],
    ['1.9.5', '2.0.0'],
    ['1.0.0-alpha', '1.0.0'],
  ])('%s < %s', (a, b) => {
    expect(compareSemver(a, b)).toBe(-1);
    expect(compareSemver(b, a)).toBe(1);
  });

  it('follows the SemVer 2.0.0 §11 example chain', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let i = 0; i < chain.length; i += 1) {
      for (let j = 0; j < chain.length; j += 1) {
        expect(compareSemver(chain[i] as string, chain[j] as string)).toBe(Math.sign(i - j));
      }
    }
  });

  it('numeric identifiers are lower than alphanumeric ones', () => {
    expect(compareSemver('1.0.0-1', '1.0.0-a')).toBe(-1);
    expect(compareSemver('1.0.0-alpha.999', '1.0.0-alpha.a')).toBe(-1);
    expect(compareSemver('1.0.0-0a', '1.0.0-1')).toBe(1);
  });

  it('compares alphanumeric identifiers in ASCII order', () => {
    expect(compareSemver('1.0.0-Beta', '1.0.0-alpha')).toBe(-1); // 'B' < 'a'
    expect(compareSemver('1.0.0-rc-1', '1.0.0-rc.1')).toBe(1); // '-' after end of 'rc'
  });

  it('compares huge pre-release numbers exactly', () => {
    expect(compareSemver('1.0.0-99999999999999999999', '1.0.0-99999999999999999998')).toBe(1);
    expect(compareSemver('1.0.0-100000000000000000000', '1.0.0-99999999999999999999')).toBe(1);
  });

  it('ignores build metadata', () => {
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(compareSemver('1.0.0-rc.1+a', '1.0.0-rc.1')).toBe(0);
    expect(compareSemver('1.0.0+z', '1.0.1+a')).toBe(-1);
  });

  it('accepts parsed values', () => {
    expect(compareSemver(parseSemver('1.2.3'), '1.2.3')).toBe(0);
  });

  it('throws on invalid input', () => {
    expect(() => compareSemver('1.0', '1.0.0')).toThrow(DomainError);
  });

  const version = fc
    .tuple(
      fc.nat(20),
      fc.nat(20),
      fc.nat(20),
      fc.array(fc.oneof(fc.nat(20).map(String), fc.constantFrom('alpha', 'beta', 'rc', 'a-b')), { maxLength: 3 }),
    )
    .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre.length ? `-${pre.join('.')}` : ''}`);

  it('is a total order (antisymmetric, transitive, reflexive)', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(compareSemver(a, a)).toBe(0);
        expect(compareSemver(a, b)).toBe(-compareSemver(b, a) || 0);
        if (compareSemver(a, b) <= 0 && compareSemver(b, c) <= 0) {
          expect(compareSemver(a, c)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('orders release cores like number tuples', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000)), fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000)), (x, y) => {
        const expected = Math.sign(x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
        expect(compareSemver(x.join('.'), y.join('.'))).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('satisfiesCoreRange', () => {
  it('uses inclusive bounds', () => {
    expect(satisfiesCoreRange('1.9.0', '1.9.0', '1.9.5')).toBe(true);
    expect(satisfiesCoreRange('1.9.5', '1.9.0', '1.9.5')).toBe(true);
    expect(satisfiesCoreRange('1.9.3', '1.9.0', '1.9.5')).toBe(true);
    expect(satisfiesCoreRange('1.8.9', '1.9.0', '1.9.5')).toBe(false);
    expect(satisfiesCoreRange('1.9.6', '1.9.0', '1.9.5')).toBe(false);
    expect(satisfiesCoreRange('2.0.0', '1.9.0', '1.9.5')).toBe(false);
  });

  it('treats a null max as open', () => {
    expect(satisfiesCoreRange('2.0.0', '2.0.0', null)).toBe(true);
    expect(satisfiesCoreRange('99.0.0', '2.0.0', null)).toBe(true);
    expect(satisfiesCoreRange('1.9.5', '2.0.0', null)).toBe(false);
  });

  it('follows pre-release precedence', () => {
    expect(satisfiesCoreRange('2.0.0-rc.1', '2.0.0', null)).toBe(false);
    expect(satisfiesCoreRange('2.0.0-rc.1', '1.9.0', '2.0.0')).toBe(true);
    expect(satisfiesCoreRange('2.0.0+build', '1.0.0', '2.0.0')).toBe(true);
  });

  it('seed compatibility rows', () => {
    // module 1 on core 2 (Webkernel Origin 1.9.5): [1.9.0, 1.9.5]; core 1 (1.0.1) is not compatible
    expect(satisfiesCoreRange('1.9.5', '1.9.0', '1.9.5')).toBe(true);
    expect(satisfiesCoreRange('1.0.1', '1.9.0', '1.9.5')).toBe(false);
    // module 2 on core 3 (Webkernel Horizon 2.0.0): [2.0.0, open)
    expect(satisfiesCoreRange('2.0.0', '2.0.0', null)).toBe(true);
  });

  it('throws on invalid versions', () => {
    expect(() => satisfiesCoreRange('2', '1.0.0', null)).toThrow(DomainError);
    expect(() => satisfiesCoreRange('2.0.0', 'x', null)).toThrow(DomainError);
    expect(() => satisfiesCoreRange('2.0.0', '1.0.0', '3')).toThrow(DomainError);
  });

  it('isValidCoreRange', () => {
    expect(isValidCoreRange('1.9.0', '1.9.5')).toBe(true);
    expect(isValidCoreRange('1.9.0', '1.9.0')).toBe(true);
    expect(isValidCoreRange('2.0.0', null)).toBe(true);
    expect(isValidCoreRange('1.9.5', '1.9.0')).toBe(false);
    expect(isValidCoreRange('1.9', null)).toBe(false);
    expect(isValidCoreRange('1.9.0', 'x')).toBe(false);
  });
});

describe('isGreaterThanAll / maxSemver / sortSemver', () => {
  it('isGreaterThanAll', () => {
    expect(isGreaterThanAll('1.0.0', [])).toBe(true);
    expect(isGreaterThanAll('1.1.0', ['1.0.0'])).toBe(true);
    expect(isGreaterThanAll('1.1.0', ['1.0.0', '1.1.0'])).toBe(false);
    expect(isGreaterThanAll('1.1.0+build.2', ['1.1.0+build.1'])).toBe(false);
    expect(isGreaterThanAll('1.10.0', ['1.9.0', '1.2.0'])).toBe(true);
    expect(isGreaterThanAll('2.1.0', ['2.0.0', '2.1.0-rc.1'])).toBe(true);
    expect(isGreaterThanAll('2.1.0-rc.2', ['2.1.0'])).toBe(false);
    expect(isGreaterThanAll('1.0.0-beta.11', ['1.0.0-beta.2'])).toBe(true);
  });

  it('maxSemver', () => {
    expect(maxSemver([])).toBeNull();
    expect(maxSemver(['1.0.0'])).toBe('1.0.0');
    expect(maxSemver(['1.9.0', '1.10.0', '1.2.0'])).toBe('1.10.0');
    expect(maxSemver(['2.0.0-rc.1', '1.9.9'])).toBe('2.0.0-rc.1');
    expect(maxSemver(['2.0.0-rc.1', '2.0.0'])).toBe('2.0.0');
    expect(maxSemver(['1.0.0+a', '1.0.0+b'])).toBe('1.0.0+a');
    expect(() => maxSemver(['1.0.0', 'nope'])).toThrow(DomainError);
  });

  it('sortSemver', () => {
    const shuffled = [
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0-beta.11',
      '1.0.0-alpha',
      '1.0.0-beta.2',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-alpha.1',
    ];
    const ascending = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    expect(sortSemver(shuffled)).toEqual(ascending);
    expect(sortSemver(shuffled, 'asc')).toEqual(ascending);
    expect(sortSemver(shuffled, 'desc')).toEqual([...ascending].reverse());
    expect(sortSemver(['1.10.0', '1.9.0', '1.2.0'])).toEqual(['1.2.0', '1.9.0', '1.10.0']);
    expect(sortSemver([])).toEqual([]);
  });

  it('sortSemver is stable and does not mutate its input', () => {
    const input = ['1.0.0+b', '0.1.0', '1.0.0+a'];
    expect(sortSemver(input)).toEqual(['0.1.0', '1.0.0+b', '1.0.0+a']);
    expect(sortSemver(input, 'desc')).toEqual(['1.0.0+b', '1.0.0+a', '0.1.0']);
    expect(input).toEqual(['1.0.0+b', '0.1.0', '1.0.0+a']);
  });
});
