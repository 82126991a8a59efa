/**
 * The module manifest (`webkernel-module.json` at the root of every artifact zip):
 * types and a hand-written validator with precise, field-naming error messages.
 */

export const MANIFEST_FILENAME = 'webkernel-module.json';

export type DependencyType = 'functional' | 'integration';

export interface ManifestCoreRequirement {
  /** Slug of the core software this module runs on (e.g. "webkernel"). */
  software: string;
  /** Minimum supported core version. */
  min: string;
  /** Maximum supported core version (absent / null = no upper bound). */
  max?: string | null;
}

export interface ManifestDependency {
  /** Slug of the module depended upon. */
  module: string;
  minVersion: string;
  required: boolean;
  type: DependencyType;
}

export interface ManifestUpdate {
  /** Path (inside the archive) of a migration script run on update. */
  migrationScript?: string;
  /** Path (inside the archive) of a rollback script. */
  rollbackScript?: string;
}

export interface ModuleManifest {
  slug: string;
  /** Strict semver: MAJOR.MINOR.PATCH[-prerelease][+build]. */
  version: string;
  core: ManifestCoreRequirement[];
  dependencies?: ManifestDependency[];
  update?: ManifestUpdate;
  /** Permission codes the module needs, from its software's vocabulary (e.g. "contacts.read"). */
  permissions?: string[];
  /** Exceptions to the automated checks, per rule id (e.g. "code.php.shell"): the vendor's reason, shown to the reviewer. */
  justifications?: Record<string, string>;
}

/** A permission code: dotted lowercase segments, e.g. "contacts.read", "http.outbound". */
export const PERMISSION_CODE_PATTERN = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+$/;
export const PERMISSION_CODE_MAX_LENGTH = 100;
export const PERMISSIONS_MAX = 50;

export function isPermissionCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= PERMISSION_CODE_MAX_LENGTH && PERMISSION_CODE_PATTERN.test(value);
}

const RULE_ID_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const JUSTIFICATION_MAX_LENGTH = 2000;

export type ManifestValidationResult = { ok: true; manifest: ModuleManifest } | { ok: false; field: string; message: string };

/** Lowercase kebab-case: letters/digits separated by single hyphens, 1..64 chars. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 64;

/** The regular expression recommended by semver.org (strict, no leading "v", no leading zeros). */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
export const SEMVER_MAX_LENGTH = 128;

/** Free-form version bound (core min/max, dependency minVersion): non-empty, no whitespace. */
const VERSION_BOUND_PATTERN = /^\S+$/;
const VERSION_BOUND_MAX_LENGTH = 64;
const SCRIPT_PATH_MAX_LENGTH = 512;
const DEPENDENCY_TYPES: readonly DependencyType[] = ['functional', 'integration'];

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}

export function isStrictSemver(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SEMVER_MAX_LENGTH && SEMVER_PATTERN.test(value);
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
  if (typeof value === 'object' || typeof value === 'undefined') return `an ${typeof value}`;
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, expectation: string, value: unknown): never {
  throw new FieldError(field, `manifest field "${field}" ${expectation}, got ${describe(value)}`);
}

function requireSlug(obj: Record<string, unknown>, key: string, field: string): string {
  const value = obj[key];
  if (value === undefined) throw new FieldError(field, `manifest field "${field}" is required`);
  if (!isSlug(value)) {
    fail(field, `must be a slug (lowercase letters, digits and single hyphens, at most ${SLUG_MAX_LENGTH} characters)`, value);
  }
  return value;
}

function requireVersionBound(obj: Record<string, unknown>, key: string, field: string): string {
  const value = obj[key];
  if (value === undefined) throw new FieldError(field, `manifest field "${field}" is required`);
  if (typeof value !== 'string' || value.length > VERSION_BOUND_MAX_LENGTH || !VERSION_BOUND_PATTERN.test(value)) {
    fail(field, `must be a non-empty version string without spaces (at most ${VERSION_BOUND_MAX_LENGTH} characters)`, value);
  }
  return value;
}

/** Normalises a path named in the manifest the same way archive entry names are normalised. */
export function normaliseManifestPath(p: string): string {
  let out = p;
  while (out.startsWith('./')) out = out.slice(2);
  return out;
}

function optionalScript(
  obj: Record<string, unknown>,
  key: 'migrationScript' | 'rollbackScript',
  archiveFiles: ReadonlySet<string> | undefined,
): string | undefined {
  const field = `update.${key}`;
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > SCRIPT_PATH_MAX_LENGTH) {
    fail(field, `must be a non-empty path string (at most ${SCRIPT_PATH_MAX_LENGTH} characters)`, value);
  }
  const normalised = normaliseManifestPath(value);
  if (archiveFiles && !archiveFiles.has(normalised)) {
    throw new FieldError(field, `manifest field "${field}" names ${JSON.stringify(value)}, which is not a file in the archive`);
  }
  return normalised;
}

/**
 * Validates an already-parsed manifest value. When `archiveFiles` is given (normalised entry
 * names of the files in the archive), update scripts must be present in it.
 * Returns a sanitised copy containing only the known fields.
 */
export function validateManifest(raw: unknown, archiveFiles?: ReadonlySet<string> | readonly string[]): ManifestValidationResult {
  const files = archiveFiles === undefined ? undefined : archiveFiles instanceof Set ? archiveFiles : new Set(archiveFiles);
  try {
    return { ok: true, manifest: validateOrThrow(raw, files as ReadonlySet<string> | undefined) };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, field: err.field, message: err.message };
    throw err;
  }
}

function validateOrThrow(raw: unknown, files: ReadonlySet<string> | undefined): ModuleManifest {
  if (!isPlainObject(raw)) {
    throw new FieldError('$', `manifest must be a JSON object, got ${describe(raw)}`);
  }

  const slug = requireSlug(raw, 'slug', 'slug');

  if (raw.version === undefined) throw new FieldError('version', 'manifest field "version" is required');
  if (!isStrictSemver(raw.version)) {
    fail('version', 'must be a semantic version MAJOR.MINOR.PATCH[-prerelease][+build] (e.g. "1.2.3")', raw.version);
  }
  const version = raw.version;

  if (raw.core === undefined) throw new FieldError('core', 'manifest field "core" is required');
  if (!Array.isArray(raw.core)) fail('core', 'must be an array of core requirements', raw.core);
  if (raw.core.length === 0) {
    throw new FieldError('core', 'manifest field "core" must list at least one core requirement');
  }
  const core: ManifestCoreRequirement[] = raw.core.map((item: unknown, i: number) => {
    const base = `core[${i}]`;
    if (!isPlainObject(item)) fail(base, 'must be an object', item);
    const software = requireSlug(item, 'software', `${base}.software`);
    const min = requireVersionBound(item, 'min', `${base}.min`);
    let max: string | null | undefined;
    if (item.max === undefined) max = undefined;
    else if (item.max === null) max = null;
    else max = requireVersionBound(item, 'max', `${base}.max`);
    const req: ManifestCoreRequirement = { software, min };
    if (max !== undefined) req.max = max;
    return req;
  });

  const manifest: ModuleManifest = { slug, version, core };

  if (raw.dependencies !== undefined && raw.dependencies !== null) {
    if (!Array.isArray(raw.dependencies)) fail('dependencies', 'must be an array', raw.dependencies);
    manifest.dependencies = raw.dependencies.map((item: unknown, i: number) => {
      const base = `dependencies[${i}]`;
      if (!isPlainObject(item)) fail(base, 'must be an object', item);
      const moduleSlug = requireSlug(item, 'module', `${base}.module`);
      if (moduleSlug === slug) {
        throw new FieldError(`${base}.module`, `manifest field "${base}.module" must not name the module itself ("${slug}")`);
      }
      const minVersion = requireVersionBound(item, 'minVersion', `${base}.minVersion`);
      if (item.required === undefined) throw new FieldError(`${base}.required`, `manifest field "${base}.required" is required`);
      if (typeof item.required !== 'boolean') fail(`${base}.required`, 'must be a boolean', item.required);
      if (item.type === undefined) throw new FieldError(`${base}.type`, `manifest field "${base}.type" is required`);
      if (typeof item.type !== 'string' || !DEPENDENCY_TYPES.includes(item.type as DependencyType)) {
        fail(`${base}.type`, `must be one of ${DEPENDENCY_TYPES.map((t) => `"${t}"`).join(', ')}`, item.type);
      }
      return { module: moduleSlug, minVersion, required: item.required, type: item.type as DependencyType };
    });
  }

  if (raw.update !== undefined && raw.update !== null) {
    if (!isPlainObject(raw.update)) fail('update', 'must be an object', raw.update);
    const update: ManifestUpdate = {};
    const migrationScript = optionalScript(raw.update, 'migrationScript', files);
    const rollbackScript = optionalScript(raw.update, 'rollbackScript', files);
    if (migrationScript !== undefined) update.migrationScript = migrationScript;
    if (rollbackScript !== undefined) update.rollbackScript = rollbackScript;
    manifest.update = update;
  }

  if (raw.permissions !== undefined && raw.permissions !== null) {
    if (!Array.isArray(raw.permissions)) fail('permissions', 'must be an array of permission codes', raw.permissions);
    if (raw.permissions.length > PERMISSIONS_MAX)
      throw new FieldError('permissions', `manifest field "permissions" lists at most ${PERMISSIONS_MAX} permissions`);
    const seen = new Set<string>();
    manifest.permissions = raw.permissions.map((item: unknown, i: number) => {
      const field = `permissions[${i}]`;
      if (!isPermissionCode(item)) fail(field, 'must be a permission code (dotted lowercase segments such as "contacts.read")', item);
      if (seen.has(item)) throw new FieldError(field, `manifest field "${field}" repeats "${item}"`);
      seen.add(item);
      return item;
    });
  }

  if (raw.justifications !== undefined && raw.justifications !== null) {
    if (!isPlainObject(raw.justifications)) fail('justifications', 'must be an object mapping rule ids to reasons', raw.justifications);
    const out: Record<string, string> = {};
    for (const [rule, reason] of Object.entries(raw.justifications)) {
      const field = `justifications.${rule}`;
      if (!RULE_ID_PATTERN.test(rule) || rule.length > 100)
        throw new FieldError(field, `manifest field "${field}" does not name a rule id`);
      if (typeof reason !== 'string' || reason.trim() === '' || reason.length > JUSTIFICATION_MAX_LENGTH)
        fail(field, `must be a non-empty reason (at most ${JUSTIFICATION_MAX_LENGTH} characters)`, reason);
      out[rule] = reason.trim();
    }
    manifest.justifications = out;
  }

  return manifest;
}

/**
 * Decodes (strict UTF-8, optional BOM) and parses manifest bytes, then validates them.
 */
export function parseManifest(bytes: Uint8Array, archiveFiles?: ReadonlySet<string> | readonly string[]): ManifestValidationResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, field: '$', message: `${MANIFEST_FILENAME} is not valid UTF-8` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      field: '$',
      message: `${MANIFEST_FILENAME} is not valid JSON: ${(err as Error).message}`,
    };
  }
  return validateManifest(raw, archiveFiles);
}
