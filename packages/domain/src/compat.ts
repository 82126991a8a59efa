import { compareSemver, satisfiesCoreRange } from './semver';

/** A module version's declared compatibility with one software's core versions. */
export interface CoreCompatibility {
  softwareId: number;
  /** Inclusive lower bound (semver). */
  minCoreVersion: string;
  /** Inclusive upper bound (semver), or null for no upper bound. */
  maxCoreVersion: string | null;
}

/** A running core: which software, at which version. */
export interface CoreVersion {
  softwareId: number;
  version: string;
}

/**
 * Whether a module version can run on a core: one of its compatibility declarations for the
 * core's software contains the core version (inclusive bounds, open max when null). A version
 * without a declaration for that software is not compatible.
 *
 * @throws DomainError `INVALID_SEMVER` when a version involved is invalid.
 */
export function isVersionCompatibleWithCore(compat: readonly CoreCompatibility[], core: CoreVersion): boolean {
  return compat.some(
    (entry) => entry.softwareId === core.softwareId && satisfiesCoreRange(core.version, entry.minCoreVersion, entry.maxCoreVersion),
  );
}

/**
 * Whether adding the dependency edge `from → to` ("`from` depends on `to`") to the graph `edges`
 * (module → the modules it depends on) would create a cycle. Returns the shortest cycle it
 * would close, as a path starting and ending at `from` (`[from, to, …, from]`; `[from, from]`
 * for a self-dependency), or null when the edge is safe.
 */
export function detectDependencyCycle<Id>(edges: ReadonlyMap<Id, readonly Id[]>, from: Id, to: Id): Id[] | null {
  if (from === to) return [from, from];
  // Breadth-first search from `to` back to `from`, remembering how each node was reached.
  const previous = new Map<Id, Id>();
  const visited = new Set<Id>([to]);
  const queue: Id[] = [to];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head] as Id;
    for (const next of edges.get(node) ?? []) {
      if (visited.has(next)) continue;
      visited.add(next);
      previous.set(next, node);
      if (next === from) {
        const back: Id[] = []; // node, its predecessor, …, to
        for (let step: Id | undefined = node; step !== undefined; step = previous.get(step)) back.push(step);
        return [from, ...back.reverse(), from];
      }
      queue.push(next);
    }
  }
  return null;
}

/** A module version's dependency on another module. */
export interface ModuleDependency {
  dependsOnModuleId: number;
  /** Lowest acceptable version of the dependency (inclusive). */
  minVersion: string;
  isRequired: boolean;
}

/** A required dependency that is not satisfied on an instance. */
export interface UnmetDependency {
  dependency: ModuleDependency;
  reason: 'MISSING' | 'VERSION_TOO_LOW';
  /** The version active on the instance, when there is one. */
  activeVersion: string | null;
}

/**
 * The required dependencies not satisfied by the modules active on an instance
 * (`active`: module id → active version): missing, or active below `minVersion`.
 * Optional dependencies are never reported.
 *
 * @throws DomainError `INVALID_SEMVER` when a version involved is invalid.
 */
export function unmetDependencies(dependencies: readonly ModuleDependency[], active: ReadonlyMap<number, string>): UnmetDependency[] {
  const unmet: UnmetDependency[] = [];
  for (const dependency of dependencies) {
    if (!dependency.isRequired) continue;
    const activeVersion = active.get(dependency.dependsOnModuleId);
    if (activeVersion === undefined) {
      unmet.push({ dependency, reason: 'MISSING', activeVersion: null });
    } else if (compareSemver(activeVersion, dependency.minVersion) < 0) {
      unmet.push({ dependency, reason: 'VERSION_TOO_LOW', activeVersion });
    }
  }
  return unmet;
}
