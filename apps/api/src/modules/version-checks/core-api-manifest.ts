/**
 * The API surface of a core release, derived from the core's zip.
 *
 * Format (documented in the README, "Automated review"): the core's archive carries, at its root,
 * `webkernel-api.json` — the list of what the release exports to modules:
 *
 *   { "software": "webkernel",            // optional: the software's slug
 *     "version": "2.0.0",                 // required: the core release it describes
 *     "classes": { "Webkernel\\Http\\Router": ["get", "post", "group"] },
 *     "functions": ["Webkernel\\config"],
 *     "hooks": ["app.boot"] }
 *
 * The classes, methods and functions it lists must be declared in the archive's PHP code (a
 * manifest cannot promise what the core does not contain); hooks are names and are taken as
 * listed. The result is the same surface an admin can upload as JSON.
 */
import { PHP_EXTENSIONS } from './code-rules';
import { parseApiSurface, type ApiSurface } from './compat-surface';
import { extensionOf, type TextFile } from './review-findings';

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

interface Declarations {
  classes: Map<string, Set<string>>; // lower-case FQN → lower-case method names
  functions: Set<string>; // lower-case FQN
}

/** Classes (interfaces, traits, enums) with their methods, and namespaced functions, declared in PHP files. */
export function declarationsOf(files: readonly TextFile[]): Declarations {
  const out: Declarations = { classes: new Map(), functions: new Set() };
  for (const f of files) {
    if (!PHP_EXTENSIONS.has(extensionOf(f.path))) continue;
    let ns = '';
    let current: Set<string> | null = null;
    let depth = 0;
    let classDepth = -1;
    for (const rawLine of f.lines) {
      const line = rawLine.replace(/\/\/.*$|#(?!\[).*$/, '');
      const nsm = /^\s*namespace\s+([\w\\]+)\s*[;{]/.exec(line);
      if (nsm) ns = nsm[1]!.replace(/^\\/, '');
      const cm = /^\s*(?:(?:abstract|final|readonly)\s+)*(?:class|interface|trait|enum)\s+([A-Za-z_]\w*)/.exec(line);
      if (cm) {
        const fq = (ns ? `${ns}\\${cm[1]}` : cm[1]!).toLowerCase();
        current = out.classes.get(fq) ?? new Set();
        out.classes.set(fq, current);
        classDepth = depth;
      }
      const fm = /\bfunction\s+&?\s*([A-Za-z_]\w*)\s*\(/.exec(line);
      if (fm) {
        // The depth where the function starts (a one-line class opens its brace before it).
        const before = line.slice(0, fm.index);
        const at = depth + (before.match(/{/g)?.length ?? 0) - (before.match(/}/g)?.length ?? 0);
        if (current && at > classDepth) current.add(fm[1]!.toLowerCase());
        else if (!current) out.functions.add((ns ? `${ns}\\${fm[1]}` : fm[1]!).toLowerCase());
      }
      for (const ch of line) {
        if (ch === '{') depth++;
        else if (ch === '}') {
          depth--;
          if (current && depth <= classDepth) {
            current = null;
            classDepth = -1;
          }
        }
      }
    }
  }
  return out;
}

/** What the manifest lists that no PHP file of the archive declares (at most `limit` names). */
export function undeclaredExports(surface: ApiSurface, files: readonly TextFile[], limit = 5): string[] {
  const d = declarationsOf(files);
  const missing: string[] = [];
  for (const [cls, methods] of Object.entries(surface.classes)) {
    const declared = d.classes.get(cls.toLowerCase());
    if (!declared) missing.push(cls);
    else for (const m of methods) if (!declared.has(m.toLowerCase())) missing.push(`${cls}::${m}`);
  }
  for (const fn of surface.functions) if (!d.functions.has(fn.toLowerCase())) missing.push(`${fn}()`);
  return missing.slice(0, limit);
}
