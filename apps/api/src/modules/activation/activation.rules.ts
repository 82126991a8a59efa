import type { ModuleVersion, VersionStatus } from '@wk/db';
import { compareSemver, isValidSemver, isVersionCompatibleWithCore, type CoreCompatibility, type CoreVersion } from '@wk/domain';

/**
 * Pure helpers of activation, planning and updates (no I/O): which versions are approved, which
 * fit a core, which to recommend, and how to describe a compatibility range to a person.
 */

export const APPROVED_STATUSES: readonly VersionStatus[] = ['beta', 'stable'];

export function isApproved(status: VersionStatus): boolean {
  return APPROVED_STATUSES.includes(status);
}

/** Compatible with the core; a malformed version anywhere means "not compatible" (never throws). */
export function fitsCore(compat: readonly CoreCompatibility[], core: CoreVersion): boolean {
  if (!isValidSemver(core.version)) return false;
  try {
    return isVersionCompatibleWithCore(compat, core);
  } catch {
    return false;
  }
}

/** "1.8.0–1.9.5", "≥ 2.0.0"; several ranges joined with " or ". Only the core's software. */
export function describeRanges(compat: readonly CoreCompatibility[], softwareId: number): string {
  const ranges = compat
    .filter((c) => c.softwareId === softwareId)
    .slice()
    .sort((a, b) => safeCompare(a.minCoreVersion, b.minCoreVersion))
    .map((c) => (c.maxCoreVersion ? `${c.minCoreVersion}–${c.maxCoreVersion}` : `≥ ${c.minCoreVersion}`));
  return ranges.length ? ranges.join(' or ') : 'no declared core version';
}

export function safeCompare(a: string, b: string): number {
  if (isValidSemver(a) && isValidSemver(b)) return compareSemver(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first by semver. */
export function sortVersionsDesc<T extends { version: string }>(rows: readonly T[]): T[] {
  return rows.slice().sort((a, b) => -safeCompare(a.version, b.version));
}

/**
 * The version to install among approved, non-deprecated candidates that fit the core: the highest
 * stable one, or the highest beta when no stable one fits.
 */
export function recommendVersion<T extends Pick<ModuleVersion, 'version' | 'status' | 'deprecatedAt'>>(fitting: readonly T[]): T | null {
  const usable = fitting.filter((v) => isApproved(v.status) && !v.deprecatedAt);
  const stable = sortVersionsDesc(usable.filter((v) => v.status === 'stable'));
  if (stable.length) return stable[0];
  const beta = sortVersionsDesc(usable.filter((v) => v.status === 'beta'));
  return beta[0] ?? null;
}

/** Case-insensitive hash comparison (hashes are hex; whitespace around them is ignored). */
export function sameHash(expected: string | null, got: string): boolean {
  return expected !== null && expected.trim().toLowerCase() === got.trim().toLowerCase();
}
