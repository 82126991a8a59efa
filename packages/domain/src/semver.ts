import { DomainError } from './errors';

/** A parsed SemVer 2.0.0 version. */
export interface Semver {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`["alpha", "1"]` for `-alpha.1`); empty for a release. */
  prerelease: string[];
  /** Build metadata identifiers; ignored for precedence. */
  build: string[];
  /** The original text. */
  raw: string;
}

/** Longest version string accepted (as node-semver does), to bound the work on hostile input. */
export const MAX_SEMVER_LENGTH = 256;

const NUMERIC = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMERIC}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const BUILD_ID = '[0-9a-zA-Z-]+';
/** The official SemVer 2.0.0 grammar (semver.org), anchored, with capture groups. */
const SEMVER_PATTERN = new RegExp(
  `^(${NUMERIC})\\.(${NUMERIC})\\.(${NUMERIC})` +
    `(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?` +
    `(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);
const DIGITS = /^\d+$/;

/**
 * Strictly parses `MAJOR.MINOR.PATCH[-prerelease][+build]` (no leading zeros, no `v` prefix,
 * no whitespace; numbers up to `Number.MAX_SAFE_INTEGER`).
 *
 * @throws DomainError `INVALID_SEMVER` (with `field` when given).
 */
export function parseSemver(version: string, field?: string): Semver {
  const match = typeof version === 'string' && version.length <= MAX_SEMVER_LENGTH ? SEMVER_PATTERN.exec(version) : null;
  if (!match) {
    throw new DomainError('INVALID_SEMVER', `Invalid semantic version: ${JSON.stringify(version)}`, field);
  }
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) {
    throw new DomainError('INVALID_SEMVER', `Version number too large: ${version}`, field);
  }
  return {
    major,
    minor,
    patch,
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
    build: match[5] === undefined ? [] : match[5].split('.'),
    raw: version,
  };
}

/** Whether `version` is a valid SemVer 2.0.0 string. */
export function isValidSemver(version: unknown): version is string {
  if (typeof version !== 'string') return false;
  try {
    parseSemver(version);
    return true;
  } catch {
    return false;
  }
}

function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compares digit strings without leading zeros as unbounded integers. */
function compareNumericText(a: string, b: string): -1 | 0 | 1 {
  return a.length !== b.length ? sign(a.length - b.length) : a < b ? -1 : a > b ? 1 : 0;
}

function comparePrereleaseIds(a: string, b: string): -1 | 0 | 1 {
  const aNumeric = DIGITS.test(a);
  const bNumeric = DIGITS.test(b);
  if (aNumeric && bNumeric) return compareNumericText(a, b);
  if (aNumeric) return -1; // numeric identifiers have lower precedence than alphanumeric ones
  if (bNumeric) return 1;
  return a < b ? -1 : a > b ? 1 : 0; // ASCII order
}

/**
 * SemVer 2.0.0 precedence: -1 if a < b, 0 if equal, 1 if a > b. Numbers compare numerically
 * (1.10.0 > 1.9.0); a pre-release is lower than its release; pre-release identifiers compare
 * numerically when numeric, in ASCII order otherwise, numeric < alphanumeric, and a shorter
 * list is lower when all preceding identifiers are equal; build metadata is ignored.
 *
 * @throws DomainError `INVALID_SEMVER` when either version is invalid.
 */
export function compareSemver(a: string | Semver, b: string | Semver): -1 | 0 | 1 {
  const x = typeof a === 'string' ? parseSemver(a) : a;
  const y = typeof b === 'string' ? parseSemver(b) : b;
  const core = sign(x.major - y.major) || sign(x.minor - y.minor) || sign(x.patch - y.patch);
  if (core !== 0) return core;
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    return sign(y.prerelease.length - x.prerelease.length);
  }
  const length = Math.min(x.prerelease.length, y.prerelease.length);
  for (let i = 0; i < length; i += 1) {
    const result = comparePrereleaseIds(x.prerelease[i] as string, y.prerelease[i] as string);
    if (result !== 0) return result;
  }
  return sign(x.prerelease.length - y.prerelease.length);
}

/**
 * Whether `version` lies in the inclusive range `[min, max]`; a null `max` leaves the range open.
 *
 * @throws DomainError `INVALID_SEMVER` when any version is invalid.
 */
export function satisfiesCoreRange(version: string, min: string, max: string | null): boolean {
  const parsed = parseSemver(version);
  return compareSemver(parsed, min) >= 0 && (max === null || compareSemver(parsed, max) <= 0);
}

/**
 * Whether `[min, max]` is a well-formed range: both valid and `min <= max` (or `max` null).
 * Never throws.
 */
export function isValidCoreRange(min: string, max: string | null): boolean {
  return isValidSemver(min) && (max === null || (isValidSemver(max) && compareSemver(min, max) <= 0));
}

/**
 * Whether `candidate` has a higher precedence than every version in `existing` (true when
 * `existing` is empty). A new release of a module must pass this check.
 *
 * @throws DomainError `INVALID_SEMVER` when any version is invalid.
 */
export function isGreaterThanAll(candidate: string, existing: readonly string[]): boolean {
  const parsed = parseSemver(candidate);
  return existing.every((version) => compareSemver(parsed, version) > 0);
}

/**
 * The highest version of the list (the first one among equal precedences), or null if empty.
 *
 * @throws DomainError `INVALID_SEMVER` when any version is invalid.
 */
export function maxSemver(versions: readonly string[]): string | null {
  let best: Semver | null = null;
  for (const version of versions) {
    const parsed = parseSemver(version);
    if (best === null || compareSemver(parsed, best) > 0) best = parsed;
  }
  return best === null ? null : best.raw;
}

/**
 * A sorted copy of `versions` by precedence; stable (equal precedences keep their order).
 *
 * @throws DomainError `INVALID_SEMVER` when any version is invalid.
 */
export function sortSemver(versions: readonly string[], order: 'asc' | 'desc' = 'asc'): string[] {
  const direction = order === 'asc' ? 1 : -1;
  return versions
    .map((version) => parseSemver(version))
    .sort((a, b) => direction * compareSemver(a, b))
    .map((parsed) => parsed.raw);
}
