/**
 * The optional API manifest of a core release's zip. The surface itself is extracted from the
 * core's PHP code (core-surface-extract.ts); a core may add, at the root of its archive,
 * `webkernel-api.json` (documented in the README, "Automated review"), which names the release it
 * describes (checked) and lists names to add, e.g. hooks fired under computed names:
 *
 *   { "software": "webkernel",            // optional: the software's slug
 *     "version": "2.0.0",                 // required: the core release it describes
 *     "classes": { "Webkernel\\Http\\Router": ["get", "post", "group"] },
 *     "functions": ["Webkernel\\config"],
 *     "hooks": ["app.boot"] }
 *
 * The classes, methods and functions it lists must be declared public in the archive's PHP code
 * (a manifest cannot promise what the core does not contain); hooks are names, taken as listed.
 */
import { parseApiSurface, type ApiSurface } from './compat-surface';

export const CORE_API_MANIFEST = 'webkernel-api.json';
/** A core's export list may be long (thousands of methods), but not unbounded. */
export const CORE_API_MANIFEST_MAX_BYTES = 2 * 1024 * 1024;

export type CoreManifestProblem = {
  code: 'API_MANIFEST_INVALID' | 'API_MANIFEST_VERSION_MISMATCH' | 'API_MANIFEST_SOFTWARE_MISMATCH' | 'API_MANIFEST_UNDECLARED';
  message: string;
};

export type CoreManifestResult = { ok: true; surface: ApiSurface } | ({ ok: false } & CoreManifestProblem);

/** Parses `webkernel-api.json` and checks it describes this core release. */
export function parseCoreApiManifest(bytes: Buffer, core: { version: string; softwareSlug: string }): CoreManifestResult {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { ok: false, code: 'API_MANIFEST_INVALID', message: `${CORE_API_MANIFEST} is not valid JSON (${(e as Error).message}).` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, code: 'API_MANIFEST_INVALID', message: `${CORE_API_MANIFEST} must be a JSON object.` };
  const o = raw as Record<string, unknown>;
  if (typeof o.version !== 'string' || !o.version.trim())
    return { ok: false, code: 'API_MANIFEST_INVALID', message: `${CORE_API_MANIFEST} must name the core "version" it describes.` };
  if (o.version.trim() !== core.version)
    return {
      ok: false,
      code: 'API_MANIFEST_VERSION_MISMATCH',
      message: `${CORE_API_MANIFEST} describes version ${o.version.trim()}, but this core release is ${core.version}.`,
    };
  if (o.software !== undefined && o.software !== core.softwareSlug)
    return {
      ok: false,
      code: 'API_MANIFEST_SOFTWARE_MISMATCH',
      message: `${CORE_API_MANIFEST} describes the software "${String(o.software)}", but this core release belongs to "${core.softwareSlug}".`,
    };
  const parsed = parseApiSurface({ classes: o.classes, functions: o.functions, hooks: o.hooks });
  if (!parsed.ok) return { ok: false, code: 'API_MANIFEST_INVALID', message: `${CORE_API_MANIFEST}, ${parsed.field}: ${parsed.message}` };
  return { ok: true, surface: parsed.surface };
}

/**
 * What the manifest lists that the code does not declare publicly (at most `limit` names):
 * `declared` is the surface extracted from the archive's PHP code (core-surface-extract.ts).
 */
export function undeclaredExports(listed: ApiSurface, declared: ApiSurface, limit = 5): string[] {
  const classes = new Map(Object.entries(declared.classes).map(([c, ms]) => [c.toLowerCase(), new Set(ms.map((m) => m.toLowerCase()))]));
  const functions = new Set(declared.functions.map((f) => f.toLowerCase()));
  const missing: string[] = [];
  for (const [cls, methods] of Object.entries(listed.classes)) {
    const have = classes.get(cls.toLowerCase());
    if (!have) missing.push(cls);
    else for (const m of methods) if (!have.has(m.toLowerCase())) missing.push(`${cls}::${m}`);
  }
  for (const fn of listed.functions) if (!functions.has(fn.toLowerCase())) missing.push(`${fn}()`);
  return missing.slice(0, limit);
}
