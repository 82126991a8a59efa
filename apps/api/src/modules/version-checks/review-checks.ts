/**
 * The six automated checks. Each takes what was read from the archive and the catalog and returns
 * findings; the service turns findings into a status (README "Automated review").
 */
import type { CheckKind } from '@wk/db';
import { compareSemver, isValidSemver, satisfiesCoreRange } from '@wk/domain';
import { inspectZip, type ArtifactLimits, type ModuleManifest } from '../artifacts';
import type { ArchiveContents } from './artifact-files';
import { CODE_RULES_VERSION, scanCode } from './code-rules';
import { extractReferences, parseApiSurface, surfaceHas, type CoreReference } from './compat-surface';
import type { Finding } from './review-findings';
import { formatBytes, type ReviewLimits } from './review-limits';
import { SECRET_RULES_VERSION, scanSecrets } from './secret-rules';

export const CHECK_KINDS: readonly CheckKind[] = ['archive', 'secrets', 'code', 'compatibility', 'dependencies', 'budget'];

export const CHECK_LABELS: Record<CheckKind, string> = {
  archive: 'Archive and manifest',
  secrets: 'Secrets',
  code: 'Dangerous code',
  compatibility: 'Core compatibility',
  dependencies: 'Dependencies',
  budget: 'Budget',
};

/** Checks whose findings a vendor's justification clears (for the others it only allows submission). */
export const JUSTIFIABLE_PASS: ReadonlySet<CheckKind> = new Set(['secrets', 'code']);

export interface CoreRelease {
  id: number;
  version: string;
  apiSurface: unknown;
}

export interface CompatInput {
  software: { id: number; slug: string; name: string; namespace: string | null };
  min: string;
  max: string | null;
  /** Every registered core release of the software (the check picks those in the range). */
  cores: CoreRelease[];
}

export interface DependencyInput {
  module: { id: number; slug: string; name: string };
  minVersion: string;
  isRequired: boolean;
  /** Approved (beta/stable) versions of the module, with their compatibility. */
  versions: { version: string; compatibility: { softwareId: number; min: string; max: string | null }[] }[];
}

export interface CheckInput {
  version: { id: number; version: string; moduleSlug: string; sizeBytes: number };
  archivePath: string;
  contents: ArchiveContents;
  manifest: (ModuleManifest & { justifications?: Record<string, string> }) | null;
  compatibility: CompatInput[];
  dependencies: DependencyInput[];
  /** The permission vocabulary of each software the version declares (manifest permissions must be in each). */
  permissionVocabularies?: { softwareName: string; codes: string[] }[];
  artifactLimits: Readonly<ArtifactLimits>;
  limits: Readonly<ReviewLimits>;
}

export interface CheckOutcome {
  findings: Finding[];
  summary: string;
  rulesVersion?: string;
}

export type CheckFn = (input: CheckInput) => Promise<CheckOutcome>;

const blocking = (f: Finding[]) => f.filter((x) => x.severity === 'blocking').length;

export async function archiveCheck(input: CheckInput): Promise<CheckOutcome> {
  const r = await inspectZip(input.archivePath, input.artifactLimits);
  const findings: Finding[] = [];
  if (!r.ok) {
    findings.push({
      ruleId: `archive.${r.code.toLowerCase().replace(/_/g, '-')}`,
      severity: 'blocking',
      file: r.entry ?? (r.code.startsWith('MANIFEST') ? 'webkernel-module.json' : null),
      line: null,
      message: r.field ? `${r.message} (field ${r.field})` : r.message,
    });
  } else {
    if (r.manifest.slug !== input.version.moduleSlug)
      findings.push({
        ruleId: 'archive.manifest-slug',
        severity: 'blocking',
        file: 'webkernel-module.json',
        line: null,
        message: `The manifest names the module "${r.manifest.slug}", but this module is "${input.version.moduleSlug}".`,
      });
    if (r.manifest.version !== input.version.version)
      findings.push({
        ruleId: 'archive.manifest-version',
        severity: 'blocking',
        file: 'webkernel-module.json',
        line: null,
        message: `The manifest says version ${r.manifest.version}, but this version is ${input.version.version}.`,
      });
    const declared = r.manifest.permissions ?? [];
    for (const voc of input.permissionVocabularies ?? [])
      declared.forEach((code, i) => {
        if (!voc.codes.includes(code))
          findings.push({
            ruleId: 'archive.permission-unknown',
            severity: 'blocking',
            file: 'webkernel-module.json',
            line: null,
            message: `PERMISSION_UNKNOWN (field permissions[${i}]): "${code}" is not in ${voc.softwareName}'s permission vocabulary.`,
          });
      });
  }
  return {
    findings,
    summary: r.ok ? `${r.entries} entries, manifest valid` : `Inspection failed: ${r.code}`,
    rulesVersion: 'archive-1',
  };
}

export async function secretsCheck(input: CheckInput): Promise<CheckOutcome> {
  const findings = scanSecrets(
    input.contents.files.map((f) => f.path),
    input.contents.texts,
  );
  return {
    findings,
    summary: findings.length
      ? `${findings.length} finding(s), ${blocking(findings)} blocking`
      : `${input.contents.texts.length} text files scanned`,
    rulesVersion: SECRET_RULES_VERSION,
  };
}

export async function codeCheck(input: CheckInput): Promise<CheckOutcome> {
  const findings = scanCode(input.contents.texts, {
    maxLineChars: input.limits.maxLineChars,
    justifications: input.manifest?.justifications,
  });
  return {
    findings,
    summary: findings.length ? `${findings.length} finding(s)` : 'No dangerous code found',
    rulesVersion: CODE_RULES_VERSION,
  };
}

const coreLabel = (c: CompatInput, core: CoreRelease) => `${c.software.name} ${core.version}`;

function describeRef(r: CoreReference): string {
  return r.kind === 'hook' ? `hook "${r.name}"` : r.kind === 'class' ? `class ${r.name}` : r.name + (r.kind === 'function' ? '()' : '');
}

export async function compatibilityCheck(input: CheckInput): Promise<CheckOutcome> {
  const findings: Finding[] = [];
  let verified = 0;
  for (const c of input.compatibility) {
    const range = `${c.min} – ${c.max ?? 'any'}`;
    const inRange = c.cores
      .filter((core) => isValidSemver(core.version) && satisfiesCoreRange(core.version, c.min, c.max))
      .sort((a, b) => compareSemver(a.version, b.version));
    if (!inRange.length) {
      findings.push({
        ruleId: 'compat.no-core-in-range',
        severity: 'blocking',
        file: 'webkernel-module.json',
        line: null,
        message: `No registered ${c.software.name} core release lies in the declared range ${range}: the range cannot be verified.`,
      });
      continue;
    }
    const refs = extractReferences(input.contents.texts, c.software.namespace ?? c.software.name);
    const missingIn = new Map<CoreReference, string[]>();
    for (const core of inRange) {
      const parsed = core.apiSurface == null ? null : parseApiSurface(core.apiSurface);
      if (!parsed || !parsed.ok) {
        findings.push({
          ruleId: 'compat.surface-missing',
          severity: 'blocking',
          file: null,
          line: null,
          message: `${coreLabel(c, core)} has no ${parsed ? 'valid ' : ''}registered API surface: compatibility with it cannot be verified.`,
        });
        continue;
      }
      verified++;
      for (const r of refs) if (!surfaceHas(parsed.surface, r)) missingIn.set(r, [...(missingIn.get(r) ?? []), core.version]);
    }
    for (const [r, versions] of missingIn) {
      const file = input.contents.texts.find((t) => t.path === r.file);
      findings.push({
        ruleId: 'compat.missing-symbol',
        severity: 'blocking',
        file: r.file,
        line: r.line,
        message: `Uses ${describeRef(r)}, absent in ${versions.join(', ')} (declared range ${range}).`,
        ...(file
          ? {
              snippet: file.lines.slice(Math.max(0, r.line - 3), r.line + 2).join('\n'),
              snippetStartLine: Math.max(1, r.line - 2),
            }
          : {}),
      });
    }
  }
  if (!input.compatibility.length)
    findings.push({
      ruleId: 'compat.no-range',
      severity: 'blocking',
      file: 'webkernel-module.json',
      line: null,
      message: 'The version declares no core compatibility.',
    });
  return {
    findings,
    summary: findings.length ? `${findings.length} problem(s)` : `Verified against ${verified} core release(s)`,
    rulesVersion: 'compat-1',
  };
}

export async function dependenciesCheck(input: CheckInput): Promise<CheckOutcome> {
  const findings: Finding[] = [];
  let checked = 0;
  for (const d of input.dependencies.filter((x) => x.isRequired)) {
    const candidates = d.versions
      .filter((v) => isValidSemver(v.version) && isValidSemver(d.minVersion) && compareSemver(v.version, d.minVersion) >= 0)
      .sort((a, b) => compareSemver(a.version, b.version));
    if (!candidates.length) {
      findings.push({
        ruleId: 'deps.unavailable',
        severity: 'blocking',
        file: 'webkernel-module.json',
        line: null,
        message: `Requires ${d.module.name} ≥ ${d.minVersion}, but no approved version of it reaches ${d.minVersion}.`,
      });
      continue;
    }
    for (const c of input.compatibility) {
      const inRange = c.cores.filter((core) => isValidSemver(core.version) && satisfiesCoreRange(core.version, c.min, c.max));
      for (const core of inRange) {
        checked++;
        const fits = candidates.find((v) =>
          v.compatibility.some((x) => x.softwareId === c.software.id && satisfiesCoreRange(core.version, x.min, x.max)),
        );
        if (!fits)
          findings.push({
            ruleId: 'deps.unresolvable',
            severity: 'blocking',
            file: 'webkernel-module.json',
            line: null,
            message: `Requires ${d.module.name} ≥ ${d.minVersion}, but no approved version of it runs on ${c.software.name} ${core.version} (inside the declared range).`,
          });
      }
    }
  }
  return {
    findings,
    summary: findings.length ? `${findings.length} unresolvable` : `${checked} dependency/core pair(s) resolved`,
    rulesVersion: 'deps-1',
  };
}

export async function budgetCheck(input: CheckInput): Promise<CheckOutcome> {
  const { files } = input.contents;
  const l = input.limits;
  const largest = files.reduce<{ path: string; size: number } | null>((a, f) => (!a || f.size > a.size ? f : a), null);
  const findings: Finding[] = [];
  if (input.version.sizeBytes > l.maxArchiveBytes)
    findings.push({
      ruleId: 'budget.archive-size',
      severity: 'blocking',
      file: null,
      line: null,
      message: `The archive is ${formatBytes(input.version.sizeBytes)}; the limit is ${formatBytes(l.maxArchiveBytes)}.`,
    });
  if (files.length > l.maxFiles)
    findings.push({
      ruleId: 'budget.file-count',
      severity: 'blocking',
      file: null,
      line: null,
      message: `The archive holds ${files.length} files; the limit is ${l.maxFiles}.`,
    });
  if (largest && largest.size > l.maxFileBytes)
    findings.push({
      ruleId: 'budget.largest-file',
      severity: 'blocking',
      file: largest.path,
      line: null,
      message: `${largest.path} is ${formatBytes(largest.size)}; the limit per file is ${formatBytes(l.maxFileBytes)}.`,
    });
  return {
    findings,
    summary: `${formatBytes(input.version.sizeBytes)}, ${files.length} files, largest ${largest ? `${formatBytes(largest.size)} (${largest.path})` : '—'}`,
    rulesVersion: 'budget-1',
  };
}

export const DEFAULT_CHECKS: Record<CheckKind, CheckFn> = {
  archive: archiveCheck,
  secrets: secretsCheck,
  code: codeCheck,
  compatibility: compatibilityCheck,
  dependencies: dependenciesCheck,
  budget: budgetCheck,
};
