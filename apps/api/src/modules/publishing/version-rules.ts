/**
 * The rules a module version's declarations must satisfy — semver order, core compatibility,
 * dependencies (no unknown module, no cycle), integrations — shared by the upload, the draft
 * editor, submission and approval. Each check adds field errors to an ErrorBag and returns the
 * resolved rows to write.
 */
import type { DependencyType, Prisma, PrismaClient, UpdateType } from '@wk/db';
import {
  compareSemver,
  detectDependencyCycle,
  isGreaterThanAll,
  isValidCoreRange,
  isValidSemver,
  maxSemver,
  parseSemver,
  satisfiesCoreRange,
} from '@wk/domain';
import type { ErrorBag } from './payload';
import { PublishingErrorCode as E } from './publishing.errors';

export type Db = PrismaClient | Prisma.TransactionClient;

export const APPROVED_STATUSES = ['stable', 'beta'] as const;

export interface CompatDeclaration {
  /** Software id, or its slug (manifests name softwares by slug). */
  software: number | string;
  min: string;
  max: string | null;
}

export interface ResolvedCompat {
  softwareId: number;
  minCoreVersion: string;
  maxCoreVersion: string | null;
}

export interface DependencyDeclaration {
  moduleSlug: string;
  minVersion: string;
  isRequired: boolean;
  dependencyType: DependencyType;
}

export interface ResolvedDependency {
  dependsOnModuleId: number;
  minVersion: string;
  isRequired: boolean;
  dependencyType: DependencyType;
}

export interface IntegrationDeclaration {
  moduleSlug: string;
  integrationType: string;
  description?: string | null;
  isBidirectional: boolean;
}

export interface ResolvedIntegration {
  integratesWithModuleId: number;
  integrationType: string;
  description: string | null;
  isBidirectional: boolean;
}

/** A new version must be valid semver and greater than every version in `existing`. */
export function checkVersionOrder(bag: ErrorBag, version: string, existing: readonly string[], field = 'version'): boolean {
  if (!isValidSemver(version)) {
    bag.add(E.INVALID_SEMVER, `"${version}" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0).`, field);
    return false;
  }
  const valid = existing.filter((v) => isValidSemver(v));
  if (!isGreaterThanAll(version, valid)) {
    bag.add(
      E.VERSION_NOT_GREATER,
      `Version ${version} must be greater than every earlier version of this module (latest: ${maxSemver(valid)}).`,
      field,
    );
    return false;
  }
  return true;
}

/**
 * Core compatibility: at least one range; each names a registered, active software; min and
 * max are semver with min ≤ max; and the range contains at least one known core version of that
 * software (pending or validated), so a range cannot point at cores that do not exist.
 */
export async function resolveCompatibility(
  db: Db,
  bag: ErrorBag,
  entries: readonly CompatDeclaration[],
  base: string,
): Promise<ResolvedCompat[]> {
  if (entries.length === 0) {
    bag.add(E.COMPAT_REQUIRED, 'Declare at least one core compatibility range.', base);
    return [];
  }
  const ids = entries.map((e) => e.software).filter((s): s is number => typeof s === 'number');
  const slugs = entries.map((e) => e.software).filter((s): s is string => typeof s === 'string');
  const softwares = await db.software.findMany({
    where: { isActive: true, OR: [{ id: { in: ids } }, { slug: { in: slugs } }] },
    include: { cores: { where: { validationStatus: { not: 'rejected' } }, select: { version: true } } },
  });
  const out: ResolvedCompat[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const f = `${base}[${i}]`;
    const sw = softwares.find((s) => (typeof e.software === 'number' ? s.id === e.software : s.slug === e.software));
    if (!sw) {
      bag.add(
        E.COMPAT_UNKNOWN_SOFTWARE,
        `Unknown software ${JSON.stringify(e.software)}.`,
        typeof e.software === 'number' ? `${f}.softwareId` : `${f}.software`,
      );
      return;
    }
    const min = e.min.trim();
    const max = e.max?.trim() ? e.max.trim() : null;
    if (!isValidSemver(min))
      return void bag.add(E.COMPAT_INVALID_RANGE, `Minimum core version "${min}" is not a semantic version.`, `${f}.minCoreVersion`);
    if (max !== null && !isValidSemver(max))
      return void bag.add(E.COMPAT_INVALID_RANGE, `Maximum core version "${max}" is not a semantic version.`, `${f}.maxCoreVersion`);
    if (!isValidCoreRange(min, max))
      return void bag.add(E.COMPAT_INVALID_RANGE, `The minimum (${min}) must not be above the maximum (${max}).`, `${f}.maxCoreVersion`);
    const key = `${sw.id}:${min}`;
    if (seen.has(key)) return void bag.add(E.COMPAT_DUPLICATE, `${sw.name} ${min} is declared twice.`, `${f}.minCoreVersion`);
    seen.add(key);
    const known = sw.cores.map((c) => c.version).filter(isValidSemver);
    if (!known.some((v) => satisfiesCoreRange(v, min, max))) {
      bag.add(
        E.COMPAT_NO_KNOWN_CORE,
        `No known ${sw.name} core version lies in ${min} – ${max ?? 'any later'} (known: ${known.join(', ') || 'none'}).`,
        `${f}.minCoreVersion`,
      );
      return;
    }
    out.push({ softwareId: sw.id, minCoreVersion: min, maxCoreVersion: max });
  });
  return out;
}

/** Module id → the modules its latest approved version depends on (every dependency type). */
export async function approvedDependencyGraph(db: Db, excludeModuleId?: number): Promise<Map<number, number[]>> {
  const versions = await db.moduleVersion.findMany({
    where: { status: { in: [...APPROVED_STATUSES] }, ...(excludeModuleId ? { moduleId: { not: excludeModuleId } } : {}) },
    select: { moduleId: true, version: true, dependencies: { select: { dependsOnModuleId: true } } },
  });
  const latest = new Map<number, (typeof versions)[number]>();
  for (const v of versions) {
    const cur = latest.get(v.moduleId);
    if (!isValidSemver(v.version)) continue;
    if (!cur || compareSemver(v.version, cur.version) > 0) latest.set(v.moduleId, v);
  }
  const edges = new Map<number, number[]>();
  for (const [moduleId, v] of latest)
    edges.set(
      moduleId,
      v.dependencies.map((d) => d.dependsOnModuleId),
    );
  return edges;
}

/** Modules that buyers can see (at least one approved version), by slug. */
async function visibleModulesBySlug(db: Db, slugs: string[]) {
  if (!slugs.length) return new Map<string, { id: number; slug: string; name: string }>();
  const rows = await db.module.findMany({
    where: { slug: { in: slugs }, versions: { some: { status: { in: [...APPROVED_STATUSES] } } } },
    select: { id: true, slug: true, name: true },
  });
  return new Map(rows.map((r) => [r.slug, r]));
}

/**
 * Dependencies: each names a module that buyers can see (unknown → DEPENDENCY_UNKNOWN_MODULE),
 * not the module itself, once; a semver min version; and none closes a cycle through the
 * latest approved versions of the other modules (DEPENDENCY_CYCLE, with the path).
 */
export async function resolveDependencies(
  db: Db,
  bag: ErrorBag,
  module: { id: number; slug: string },
  deps: readonly DependencyDeclaration[],
  base: string,
): Promise<ResolvedDependency[]> {
  const found = await visibleModulesBySlug(
    db,
    deps.map((d) => d.moduleSlug.trim().toLowerCase()),
  );
  const out: ResolvedDependency[] = [];
  const seen = new Set<number>();
  for (const [i, d] of deps.entries()) {
    const f = `${base}[${i}]`;
    const slug = d.moduleSlug.trim().toLowerCase();
    if (slug === module.slug) {
      bag.add(E.DEPENDENCY_SELF, 'A module cannot depend on itself.', `${f}.moduleSlug`);
      continue;
    }
    const target = found.get(slug);
    if (!target) {
      bag.add(E.DEPENDENCY_UNKNOWN_MODULE, `No published module has the slug "${slug}".`, `${f}.moduleSlug`);
      continue;
    }
    if (seen.has(target.id)) {
      bag.add(E.DEPENDENCY_DUPLICATE, `The dependency on ${target.name} is declared twice.`, `${f}.moduleSlug`);
      continue;
    }
    seen.add(target.id);
    const minVersion = d.minVersion.trim();
    if (!isValidSemver(minVersion)) {
      bag.add(E.DEPENDENCY_INVALID_VERSION, `Minimum version "${minVersion}" is not a semantic version.`, `${f}.minVersion`);
      continue;
    }
    out.push({ dependsOnModuleId: target.id, minVersion, isRequired: d.isRequired, dependencyType: d.dependencyType });
  }
  if (out.length) {
    const edges = await approvedDependencyGraph(db, module.id);
    const names = new Map<number, string>([[module.id, module.slug]]);
    for (const t of found.values()) names.set(t.id, t.slug);
    for (const [i, d] of out.entries()) {
      const cycle = detectDependencyCycle(edges, module.id, d.dependsOnModuleId);
      if (cycle) {
        const missing = cycle.filter((id) => !names.has(id));
        if (missing.length)
          for (const m of await db.module.findMany({ where: { id: { in: missing } }, select: { id: true, slug: true } }))
            names.set(m.id, m.slug);
        const idx = deps.findIndex((x) => x.moduleSlug.trim().toLowerCase() === names.get(d.dependsOnModuleId));
        bag.add(
          E.DEPENDENCY_CYCLE,
          `This dependency would create a cycle: ${cycle.map((id) => names.get(id) ?? `#${id}`).join(' → ')}.`,
          `${base}[${idx >= 0 ? idx : i}].moduleSlug`,
        );
      }
    }
  }
  return bag.empty ? out : [];
}

const INTEGRATION_TYPE = /^[a-z][a-z0-9_]{1,63}$/;

export async function resolveIntegrations(
  db: Db,
  bag: ErrorBag,
  module: { id: number; slug: string },
  list: readonly IntegrationDeclaration[],
  base: string,
): Promise<ResolvedIntegration[]> {
  const found = await visibleModulesBySlug(
    db,
    list.map((d) => d.moduleSlug.trim().toLowerCase()),
  );
  const out: ResolvedIntegration[] = [];
  const seen = new Set<number>();
  for (const [i, d] of list.entries()) {
    const f = `${base}[${i}]`;
    const slug = d.moduleSlug.trim().toLowerCase();
    const target = slug === module.slug ? undefined : found.get(slug);
    if (!target) {
      bag.add(E.INTEGRATION_UNKNOWN_MODULE, `No other published module has the slug "${slug}".`, `${f}.moduleSlug`);
      continue;
    }
    if (seen.has(target.id)) {
      bag.add(E.INTEGRATION_DUPLICATE, `The integration with ${target.name} is declared twice.`, `${f}.moduleSlug`);
      continue;
    }
    seen.add(target.id);
    const type = d.integrationType.trim().toLowerCase();
    if (!INTEGRATION_TYPE.test(type)) {
      bag.add(E.INTEGRATION_INVALID, 'Use a short identifier such as data_sync, analytics or reporting.', `${f}.integrationType`);
      continue;
    }
    out.push({
      integratesWithModuleId: target.id,
      integrationType: type,
      description: d.description?.trim() || null,
      isBidirectional: d.isBidirectional,
    });
  }
  return out;
}

/** The approved version an update to `version` starts from: the highest approved one below it. */
export async function previousApprovedVersion(db: Db, moduleId: number, version: string) {
  const approved = await db.moduleVersion.findMany({
    where: { moduleId, status: { in: [...APPROVED_STATUSES] } },
    select: { id: true, version: true },
  });
  let best: (typeof approved)[number] | null = null;
  for (const v of approved) {
    if (!isValidSemver(v.version) || compareSemver(v.version, version) >= 0) continue;
    if (!best || compareSemver(v.version, best.version) > 0) best = v;
  }
  return best;
}

/** major / minor / patch, from the first component that differs. */
export function updateTypeBetween(from: string, to: string): UpdateType {
  const a = parseSemver(from);
  const b = parseSemver(to);
  if (a.major !== b.major) return 'major';
  if (a.minor !== b.minor) return 'minor';
  return 'patch';
}
