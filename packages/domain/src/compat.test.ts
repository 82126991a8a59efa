import { DomainError } from './errors';
import {
  detectDependencyCycle,
  isVersionCompatibleWithCore,
  unmetDependencies,
  type CoreCompatibility,
  type ModuleDependency,
} from './compat';

describe('isVersionCompatibleWithCore', () => {
  // Seed module_core_compatibility for module 1 (CRM Pro), software 1 (Webkernel).
  const crmPro: CoreCompatibility[] = [
    { softwareId: 1, minCoreVersion: '2.0.0', maxCoreVersion: null },
    { softwareId: 1, minCoreVersion: '1.9.0', maxCoreVersion: '1.9.5' },
  ];

  it.each([
    ['1.0.1', false],
    ['1.8.9', false],
    ['1.9.0', true],
    ['1.9.5', true],
    ['1.9.6', false],
    ['2.0.0-rc.1', false],
    ['2.0.0', true],
    ['3.4.5', true],
  ])('CRM Pro on Webkernel %s → %p', (version, expected) => {
    expect(isVersionCompatibleWithCore(crmPro, { softwareId: 1, version })).toBe(expected);
  });

  it('never matches another software', () => {
    expect(isVersionCompatibleWithCore(crmPro, { softwareId: 2, version: '2.0.0' })).toBe(false);
  });

  it('a version without declarations is not compatible', () => {
    expect(isVersionCompatibleWithCore([], { softwareId: 1, version: '2.0.0' })).toBe(false);
  });

  it('throws on an invalid core version', () => {
    expect(() => isVersionCompatibleWithCore(crmPro, { softwareId: 1, version: '2.0' })).toThrow(DomainError);
  });
});

describe('detectDependencyCycle', () => {
  // Seed module_dependencies: ERP (2) → CRM (1); Analytics (3) → CRM (1).
  const seed = new Map<number, number[]>([
    [2, [1]],
    [3, [1]],
  ]);

  it('accepts edges that keep the graph acyclic', () => {
    expect(detectDependencyCycle(seed, 3, 2)).toBeNull();
    expect(detectDependencyCycle(seed, 4, 1)).toBeNull();
    expect(detectDependencyCycle(new Map(), 1, 2)).toBeNull();
    expect(detectDependencyCycle(seed, 2, 1)).toBeNull(); // already there, still acyclic
  });

  it('detects a direct cycle', () => {
    expect(detectDependencyCycle(seed, 1, 2)).toEqual([1, 2, 1]);
  });

  it('detects a self-dependency', () => {
    expect(detectDependencyCycle(seed, 5, 5)).toEqual([5, 5]);
  });

  it('returns the shortest cycle through longer chains', () => {
    const chain = new Map<number, number[]>([
      [2, [3, 9]],
      [3, [4]],
      [4, [1]],
      [9, [1]],
    ]);
    expect(detectDependencyCycle(chain, 1, 2)).toEqual([1, 2, 9, 1]);
    const long = new Map<number, number[]>([
      [2, [3]],
      [3, [4]],
      [4, [1]],
    ]);
    expect(detectDependencyCycle(long, 1, 2)).toEqual([1, 2, 3, 4, 1]);
  });

  it('terminates on graphs that already contain cycles', () => {
    const cyclic = new Map<number, number[]>([
      [2, [3]],
      [3, [2]],
    ]);
    expect(detectDependencyCycle(cyclic, 1, 2)).toBeNull();
    expect(detectDependencyCycle(cyclic, 3, 2)).toEqual([3, 2, 3]);
  });

  it('works with string ids', () => {
    const graph = new Map<string, string[]>([
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(detectDependencyCycle(graph, 'a', 'b')).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('unmetDependencies', () => {
  const erpNeedsCrm: ModuleDependency = { dependsOnModuleId: 1, minVersion: '1.0.0', isRequired: true };
  const optionalCrm: ModuleDependency = { dependsOnModuleId: 1, minVersion: '1.0.0', isRequired: false };

  it('is satisfied when the dependency is active at or above its minimum', () => {
    expect(unmetDependencies([erpNeedsCrm], new Map([[1, '1.0.0']]))).toEqual([]);
    expect(unmetDependencies([erpNeedsCrm], new Map([[1, '1.1.0']]))).toEqual([]);
  });

  it('reports a missing required dependency', () => {
    expect(unmetDependencies([erpNeedsCrm], new Map())).toEqual([{ dependency: erpNeedsCrm, reason: 'MISSING', activeVersion: null }]);
  });

  it('reports a version below the minimum', () => {
    const needs11 = { ...erpNeedsCrm, minVersion: '1.1.0' };
    expect(unmetDependencies([needs11], new Map([[1, '1.0.0']]))).toEqual([
      { dependency: needs11, reason: 'VERSION_TOO_LOW', activeVersion: '1.0.0' },
    ]);
    expect(unmetDependencies([needs11], new Map([[1, '1.1.0-rc.1']]))).toHaveLength(1);
  });

  it('never reports optional dependencies', () => {
    expect(unmetDependencies([optionalCrm], new Map())).toEqual([]);
  });
});
