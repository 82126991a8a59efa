/**
 * Automated review: the six checks of every uploaded version run as durable pg-boss jobs and fail
 * closed (an error or a timeout is never a pass); vendors re-run them and justify findings;
 * admins override a failed check with an audited reason; published versions are re-scanned;
 * a version can be withdrawn (yanked) and restored.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CheckKind, CheckStatus, ModuleVersion, ModuleVersionCheck, ModuleVersionFinding, Prisma } from '@wk/db';
import { systemContext, type BaseDeps, type Context } from '../../core/context';
import { isPlatformAdmin, requirePlatformAdmin, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { groupedBy } from '../../core/loaders';
import { DEFAULT_ARTIFACT_LIMITS, inspectArchive, type ModuleManifest } from '../artifacts';
import { notify } from '../notifications';
import { clean, fail } from '../publishing';
import { requireVendorMember } from '../vendors';
import { readArchive } from './artifact-files';
import { parseApiSurface, type ApiSurface } from './compat-surface';
import { CORE_API_MANIFEST, CORE_API_MANIFEST_MAX_BYTES, parseCoreApiManifest, undeclaredExports } from './core-api-manifest';
import { CoreParseError, extractCoreSurface, isCoreSourcePath, mergeSurfaces } from './core-surface-extract';
import { ReviewErrorCode as E } from './version-checks.errors';
import {
  CHECK_KINDS,
  CHECK_LABELS,
  DEFAULT_CHECKS,
  JUSTIFIABLE_PASS,
  type CheckFn,
  type CheckInput,
  type CompatInput,
  type DependencyInput,
} from './review-checks';
import type { Finding } from './review-findings';
import { DEFAULT_REVIEW_LIMITS, formatBytes, type ReviewLimits } from './review-limits';

type Tx = Prisma.TransactionClient;
type Db = BaseDeps['prisma'] | Tx;

export const CHECKS_QUEUE = 'version-checks';
export const SHA256 = /^[a-f0-9]{64}$/;
const APPROVED = ['stable', 'beta'] as const;

export const reviewLimitsOf = (deps: Pick<BaseDeps, 'services'>): ReviewLimits =>
  (deps.services.reviewLimits as ReviewLimits | undefined) ?? DEFAULT_REVIEW_LIMITS;

/** A version is installable when its artifact is stored under a sha256 (seed 32-hex hashes are history). */
/** A check's findings by file and line (one statement for all the checks of a request). */
export function findingsOfCheck(ctx: Context, checkId: number): Promise<ModuleVersionFinding[]> {
  return ctx.loaders
    .lazy('versionChecks.findings', () =>
      groupedBy(
        (ids: number[]) =>
          ctx.prisma.moduleVersionFinding.findMany({
            where: { checkId: { in: ids } },
            orderBy: [{ file: 'asc' }, { line: 'asc' }, { id: 'asc' }],
          }),
        (f: ModuleVersionFinding) => f.checkId,
      ),
    )
    .load(checkId);
}

export const hasArtifact = (v: Pick<ModuleVersion, 'artifactKey' | 'hash'>) => !!v.artifactKey && SHA256.test(v.hash ?? '');

// ───────────────────────────────────────────── queueing

/** Puts every check of a version back in the queue (previous results and overrides are dropped). */
export async function queueChecks(tx: Tx, versionId: number, now: Date, rescanId: number | null = null): Promise<void> {
  // Serializes concurrent re-queues of one version (two re-scans, a re-scan and a re-check): the
  // second waits, then replaces the first one's rows instead of colliding with them.
  await tx.$queryRaw`SELECT id FROM module_versions WHERE id = ${versionId} FOR UPDATE`;
  await tx.moduleVersionCheck.deleteMany({ where: { versionId } });
  await tx.moduleVersionCheck.createMany({
    data: CHECK_KINDS.map((kind) => ({ versionId, kind, status: 'queued' as const, queuedAt: now, rescanId })),
  });
  await syncDerivedColumns(tx, versionId);
}

/** Hands the version to the job worker now (best effort: the sweep job picks up anything queued). */
export async function dispatchChecks(deps: Pick<BaseDeps, 'services'>, versionIds: number[]): Promise<void> {
  const jobs = deps.services.jobs as { send(name: string, data: object): Promise<unknown> } | undefined;
  if (!jobs) return;
  for (const versionId of versionIds) await jobs.send(CHECKS_QUEUE, { versionId }).catch(() => undefined);
}

// ───────────────────────────────────────────── running

export interface RunOptions {
  /** Replace check implementations (tests: a check that throws or never ends). */
  checks?: Partial<Record<CheckKind, CheckFn>>;
  timeoutMs?: number;
  /** Write a `check_finished` audit row per check (off only while the demo data is being built). */
  audit?: boolean;
}

class CheckTimeout extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new CheckTimeout(`The check did not finish within ${ms} ms.`)), ms);
    }),
  ]);
}

async function loadInputs(deps: BaseDeps, versionId: number, archivePath: string): Promise<Omit<CheckInput, 'contents' | 'archivePath'>> {
  const v = await deps.prisma.moduleVersion.findUniqueOrThrow({
    where: { id: versionId },
    include: {
      module: { select: { slug: true } },
      compatibility: {
        include: { software: { include: { cores: true, permissions: { select: { code: true } } } } },
        orderBy: { id: 'asc' },
      },
      dependencies: { include: { dependsOnModule: { select: { id: true, slug: true, name: true } } }, orderBy: { id: 'asc' } },
    },
  });
  const compatibility: CompatInput[] = v.compatibility.map((c) => ({
    software: { id: c.software.id, slug: c.software.slug, name: c.software.name, namespace: c.software.namespace },
    min: c.minCoreVersion,
    max: c.maxCoreVersion,
    cores: c.software.cores.map((core) => ({ id: core.id, version: core.version, apiSurface: core.apiSurface })),
  }));
  const depVersions = await deps.prisma.moduleVersion.findMany({
    where: { moduleId: { in: v.dependencies.map((d) => d.dependsOnModuleId) }, status: { in: [...APPROVED] } },
    include: { compatibility: true },
  });
  const dependencies: DependencyInput[] = v.dependencies.map((d) => ({
    module: d.dependsOnModule,
    minVersion: d.minVersion,
    isRequired: d.isRequired,
    versions: depVersions
      .filter((x) => x.moduleId === d.dependsOnModuleId)
      .map((x) => ({
        version: x.version,
        compatibility: x.compatibility.map((c) => ({ softwareId: c.softwareId, min: c.minCoreVersion, max: c.maxCoreVersion })),
      })),
  }));
  void archivePath;
  return {
    version: { id: v.id, version: v.version, moduleSlug: v.module.slug, sizeBytes: Number(v.sizeBytes ?? 0) },
    manifest: (v.manifest as (ModuleManifest & { justifications?: Record<string, string> }) | null) ?? null,
    compatibility,
    dependencies,
    permissionVocabularies: [...new Map(v.compatibility.map((c) => [c.software.id, c.software])).values()].map((sw) => ({
      softwareName: sw.name,
      codes: sw.permissions.map((p) => p.code),
    })),
    artifactLimits: (deps.services.artifactLimits as typeof DEFAULT_ARTIFACT_LIMITS | undefined) ?? DEFAULT_ARTIFACT_LIMITS,
    limits: reviewLimitsOf(deps),
  };
}

/** Status of a finished check from its findings. */
export function statusOf(kind: CheckKind, findings: Finding[]): CheckStatus {
  const standing = findings.filter((f) => f.severity === 'blocking' && !(JUSTIFIABLE_PASS.has(kind) && f.justification));
  return standing.length ? 'failed' : 'passed';
}

/**
 * Runs the queued checks of one version. Each check row is claimed with a conditional update
 * (queued → running), so two workers never run the same check; a result is written only while
 * the row is still the running attempt this worker claimed. Errors and timeouts end as `error`.
 */
export async function runVersionChecks(deps: BaseDeps, versionId: number, o: RunOptions = {}): Promise<{ ran: number }> {
  const now = deps.clock.now();
  const claimed = await deps.prisma.$queryRaw<{ id: number; kind: CheckKind; attempts: number }[]>`
    UPDATE module_version_checks SET status = 'running', started_at = ${now}, attempts = attempts + 1, error_message = NULL
    WHERE version_id = ${versionId} AND status = 'queued'
    RETURNING id, kind::text AS kind, attempts`;
  if (!claimed.length) return { ran: 0 };
  const timeoutMs = o.timeoutMs ?? reviewLimitsOf(deps).checkTimeoutMs;
  const checks = { ...DEFAULT_CHECKS, ...o.checks };
  const dir = path.join(tmpdir(), 'wk-review');
  await mkdir(dir, { recursive: true });
  const archivePath = path.join(dir, `${versionId}-${randomBytes(6).toString('hex')}.zip`);
  let base: CheckInput | null = null;
  let loadError: string | null = null;
  try {
    const v = await deps.prisma.moduleVersion.findUniqueOrThrow({ where: { id: versionId } });
    const storage = deps.services.storage;
    if (!hasArtifact(v) || !storage) throw new Error('This version has no stored artifact to check.');
    await pipeline(await storage.createReadStream(v.artifactKey!), createWriteStream(archivePath));
    const rest = await loadInputs(deps, versionId, archivePath);
    let contents: CheckInput['contents'];
    try {
      contents = await readArchive(archivePath, rest.limits.maxTextBytes);
    } catch (e) {
      contents = { files: [], texts: [] };
      loadError = `The archive could not be read: ${e instanceof Error ? e.message : String(e)}`;
    }
    base = { ...rest, archivePath, contents };
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
  }
  try {
    for (const c of claimed) {
      let status: CheckStatus;
      let findings: Finding[] = [];
      let summary: string | null = null;
      let errorMessage: string | null = null;
      let rulesVersion: string | null = null;
      // The archive check inspects the file itself; the others need its contents.
      if (!base || (loadError && c.kind !== 'archive')) {
        status = 'error';
        errorMessage = loadError ?? 'The check could not start.';
      } else {
        try {
          const out = await withTimeout(checks[c.kind](base), timeoutMs);
          findings = out.findings;
          summary = out.summary;
          rulesVersion = out.rulesVersion ?? null;
          status = statusOf(c.kind, findings);
        } catch (e) {
          status = 'error';
          errorMessage = e instanceof CheckTimeout ? e.message : `The check failed to run: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      await saveResult(deps, versionId, c, { status, findings, summary, errorMessage, rulesVersion }, o.audit ?? true);
    }
  } finally {
    await rm(archivePath, { force: true });
  }
  return { ran: claimed.length };
}

async function saveResult(
  deps: BaseDeps,
  versionId: number,
  c: { id: number; kind: CheckKind; attempts: number },
  r: { status: CheckStatus; findings: Finding[]; summary: string | null; errorMessage: string | null; rulesVersion: string | null },
  withAudit: boolean,
) {
  const ctx = systemCtx(deps);
  await deps.prisma.$transaction(async (tx) => {
    const previous = await tx.moduleVersionFinding.findMany({
      where: { checkId: c.id, justificationSource: 'vendor' },
      select: { ruleId: true, file: true, line: true, justification: true },
    });
    const done = await tx.moduleVersionCheck.updateMany({
      where: { id: c.id, status: 'running', attempts: c.attempts },
      data: {
        status: r.status,
        finishedAt: deps.clock.now(),
        summary: r.summary,
        errorMessage: r.errorMessage,
        rulesVersion: r.rulesVersion,
      },
    });
    if (!done.count) return; // re-queued or timed out by the sweep meanwhile: this result is stale
    await tx.moduleVersionFinding.deleteMany({ where: { checkId: c.id } });
    const kept = (f: Finding) => previous.find((p) => p.ruleId === f.ruleId && p.file === f.file && p.line === f.line);
    if (r.findings.length)
      await tx.moduleVersionFinding.createMany({
        data: r.findings.map((f) => {
          const k = !f.justification ? kept(f) : undefined;
          return {
            checkId: c.id,
            ruleId: f.ruleId,
            severity: f.severity,
            file: f.file,
            line: f.line,
            message: f.message,
            snippet: f.snippet ?? null,
            snippetStartLine: f.snippetStartLine ?? null,
            justification: f.justification ?? k?.justification ?? null,
            justificationSource: f.justificationSource ?? (k ? 'vendor' : null),
          };
        }),
      });
    await syncDerivedColumns(tx, versionId);
    if (withAudit)
      await audit(tx, ctx, {
        action: 'check_finished',
        entityType: 'module_version',
        entityId: versionId,
        newValue: { check: c.kind, status: r.status, findings: r.findings.length, error: r.errorMessage },
      });
  });
}

function systemCtx(deps: BaseDeps): Context {
  const ctx = systemContext(deps, null);
  ctx.meta = { ip: null, userAgent: 'wk-jobs' };
  return ctx;
}

/**
 * The safety net, run every minute: a check still `running` long after its timeout (its worker
 * died) ends as `error`; checks left `queued` (their job was never sent) are run here.
 */
export async function sweepChecks(deps: BaseDeps, o: RunOptions = {}): Promise<{ timedOut: number; ran: number }> {
  const limits = reviewLimitsOf(deps);
  const cutoff = new Date(deps.clock.now().getTime() - 2 * (o.timeoutMs ?? limits.checkTimeoutMs));
  const stuck = await deps.prisma.moduleVersionCheck.findMany({ where: { status: 'running', startedAt: { lt: cutoff } } });
  let timedOut = 0;
  for (const s of stuck) {
    await deps.prisma.$transaction(async (tx) => {
      const n = await tx.moduleVersionCheck.updateMany({
        where: { id: s.id, status: 'running', attempts: s.attempts },
        data: { status: 'error', finishedAt: deps.clock.now(), errorMessage: 'The check did not finish (worker stopped or timed out).' },
      });
      if (!n.count) return;
      timedOut++;
      await syncDerivedColumns(tx, s.versionId);
      await audit(tx, systemCtx(deps), {
        action: 'check_finished',
        entityType: 'module_version',
        entityId: s.versionId,
        newValue: { check: s.kind, status: 'error', error: 'timed out' },
      });
    });
  }
  const queued = await deps.prisma.moduleVersionCheck.findMany({
    where: { status: 'queued' },
    select: { versionId: true },
    distinct: ['versionId'],
    orderBy: { versionId: 'asc' },
    take: 50,
  });
  let ran = 0;
  for (const q of queued) ran += (await runVersionChecks(deps, q.versionId, o)).ran;
  return { timedOut, ran };
}

// ───────────────────────────────────────────── results

export type Effective = 'passed' | 'overridden' | 'failed' | 'pending';

export function effectiveOf(c: Pick<ModuleVersionCheck, 'status' | 'overriddenAt'>): Effective {
  if (c.status === 'passed') return 'passed';
  if (c.status === 'queued' || c.status === 'running') return 'pending';
  return c.overriddenAt ? 'overridden' : 'failed';
}

/** The seed's columns, derived: security ← secrets + code, performance ← budget (null while running). */
export async function syncDerivedColumns(tx: Tx, versionId: number): Promise<void> {
  const checks = await tx.moduleVersionCheck.findMany({ where: { versionId } });
  const pick = (kinds: CheckKind[]) => {
    const rows = kinds.map((k) => checks.find((c) => c.kind === k));
    if (rows.some((r) => !r)) return { passed: null, notes: null };
    const eff = rows.map((r) => effectiveOf(r!));
    const notes = rows.map((r, i) => `${CHECK_LABELS[r!.kind]}: ${eff[i]}`).join('; ');
    if (eff.includes('pending')) return { passed: null, notes };
    return { passed: !eff.includes('failed'), notes: `Automated — ${notes}` };
  };
  const security = pick(['secrets', 'code']);
  const performance = pick(['budget']);
  await tx.moduleValidation.updateMany({
    where: { versionId, status: 'pending' },
    data: {
      securityScanPassed: security.passed,
      securityScanNotes: security.notes,
      performanceTested: performance.passed,
      performanceNotes: performance.notes,
    },
  });
}

/** Why a version cannot be submitted yet (checks running; blocking findings without a justification). */
export async function submissionBlockers(db: Db, versionId: number): Promise<{ code: string; message: string }[]> {
  const checks = await db.moduleVersionCheck.findMany({ where: { versionId }, include: { findings: true } });
  const out: { code: string; message: string }[] = [];
  const pending = checks.filter((c) => c.status === 'queued' || c.status === 'running');
  if (!checks.length || pending.length)
    out.push({ code: E.CHECKS_PENDING, message: 'The automated checks are still running: submit when they have finished.' });
  for (const c of checks.filter((x) => x.status === 'error'))
    out.push({
      code: E.BLOCKING_FINDINGS,
      message: `The ${CHECK_LABELS[c.kind]} check could not run (${c.errorMessage ?? 'error'}). Run the checks again.`,
    });
  const standing = checks.flatMap((c) => c.findings.filter((f) => f.severity === 'blocking' && !f.justification));
  if (standing.length)
    out.push({
      code: E.BLOCKING_FINDINGS,
      message: `${standing.length} blocking finding(s) stand, e.g. ${standing[0]!.ruleId}${standing[0]!.file ? ` in ${standing[0]!.file}${standing[0]!.line ? `:${standing[0]!.line}` : ''}` : ''}. Fix them, or justify each one.`,
    });
  return out;
}

/** Why a submission cannot be approved: no stored artifact, or a check neither passed nor overridden. */
export async function approvalBlockers(db: Db, version: ModuleVersion): Promise<{ code: string; message: string }[]> {
  const out: { code: string; message: string }[] = [];
  if (!hasArtifact(version))
    out.push({ code: E.ARTIFACT_MISSING, message: 'This version has no stored artifact: it can never be approved or sold.' });
  const checks = await db.moduleVersionCheck.findMany({ where: { versionId: version.id } });
  const missing = CHECK_KINDS.filter((k) => !checks.some((c) => c.kind === k));
  const bad = checks.filter((c) => effectiveOf(c) === 'failed' || effectiveOf(c) === 'pending');
  if (missing.length || bad.length)
    out.push({
      code: 'CHECKS_NOT_PASSED',
      message: `Every automated check must pass or be overridden with a reason (not passed: ${[
        ...missing.map((k) => `${CHECK_LABELS[k]} (not run)`),
        ...bad.map((c) => `${CHECK_LABELS[c.kind]} (${c.status})`),
      ].join(', ')}).`,
    });
  return out;
}

export async function checksOf(db: Db, versionId: number) {
  const rows = await db.moduleVersionCheck.findMany({
    where: { versionId },
    include: { findings: { orderBy: [{ severity: 'asc' }, { file: 'asc' }, { line: 'asc' }, { id: 'asc' }] } },
  });
  return CHECK_KINDS.map((k) => rows.find((r) => r.kind === k)).filter((r): r is NonNullable<typeof r> => !!r);
}

// ───────────────────────────────────────────── vendor actions

async function versionForVendor(ctx: Context, versionId: number) {
  requireUser(ctx);
  const v = await ctx.prisma.moduleVersion.findUnique({ where: { id: versionId }, include: { module: true, validations: true } });
  if (!v) throw notFound('Version');
  const vendor = await requireVendorMember(ctx, v.module.vendorId).catch(() => {
    throw notFound('Version');
  });
  return { version: v, vendor };
}

const isDraft = (v: { status: string; validations: unknown[] }) => v.status === 'pending' && v.validations.length === 0;

/** "Check my version": a vendor re-runs every check of a draft. */
export async function recheckVersion(ctx: Context, versionId: number): Promise<ModuleVersion> {
  const { version, vendor } = await versionForVendor(ctx, versionId);
  if (!isDraft(version)) fail(E.VERSION_NOT_DRAFT, 'Only a draft version can be checked again.', 'versionId');
  await ctx.prisma.$transaction(async (tx) => {
    await queueChecks(tx, version.id, ctx.clock.now());
    await audit(tx, ctx, { action: 'recheck', entityType: 'module_version', entityId: version.id, orgId: vendor.orgId });
  });
  await dispatchChecks(ctx, [version.id]);
  return version;
}

/** A vendor attaches a justification to one blocking finding of a draft. */
export async function justifyFinding(ctx: Context, input: { findingId: number; justification: string }) {
  const f = await ctx.prisma.moduleVersionFinding.findUnique({ where: { id: input.findingId }, include: { check: true } });
  if (!f) throw notFound('Finding');
  const { version, vendor } = await versionForVendor(ctx, f.check.versionId).catch(() => {
    throw notFound('Finding');
  });
  if (!isDraft(version)) fail(E.VERSION_NOT_DRAFT, 'Findings can be justified only before the version is submitted.', 'findingId');
  const text = clean(input.justification);
  if (!text) fail(E.JUSTIFICATION_REQUIRED, 'Explain why this finding is acceptable.', 'justification');
  if (f.severity !== 'blocking') fail(E.NOT_BLOCKING, 'Only blocking findings need a justification.', 'findingId');
  return ctx.prisma.$transaction(async (tx) => {
    const updated = await tx.moduleVersionFinding.update({
      where: { id: f.id },
      data: { justification: text, justificationSource: 'vendor' },
    });
    if (JUSTIFIABLE_PASS.has(f.check.kind) && f.check.status === 'failed') {
      const rest = await tx.moduleVersionFinding.count({ where: { checkId: f.checkId, severity: 'blocking', justification: null } });
      if (!rest) await tx.moduleVersionCheck.update({ where: { id: f.checkId }, data: { status: 'passed' } });
    }
    await audit(tx, ctx, {
      action: 'justify_finding',
      entityType: 'module_version',
      entityId: version.id,
      orgId: vendor.orgId,
      oldValue: { findingId: f.id, justification: f.justification },
      newValue: { findingId: f.id, ruleId: f.ruleId, justification: text },
    });
    await syncDerivedColumns(tx, version.id);
    return updated;
  });
}

// ───────────────────────────────────────────── admin actions

/** An admin overrides one failed (or errored) check of a pending submission, with a reason. */
export async function overrideCheck(ctx: Context, input: { validationId: number; kind: CheckKind; reason: string }) {
  const admin = requirePlatformAdmin(ctx);
  const reason = clean(input.reason);
  if (!reason) fail(E.REASON_REQUIRED, 'Give the reason for overriding this check.', 'reason');
  return ctx.prisma.$transaction(async (tx) => {
    const v = await tx.moduleValidation.findUnique({ where: { id: input.validationId } });
    if (!v) throw notFound('Submission');
    if (v.status !== 'pending') fail(E.VALIDATION_NOT_PENDING, `This submission was already ${v.status}.`, 'validationId');
    const check = await tx.moduleVersionCheck.findUnique({ where: { versionId_kind: { versionId: v.versionId, kind: input.kind } } });
    if (!check || (check.status !== 'failed' && check.status !== 'error'))
      fail(E.CHECK_NOT_FAILED, `Only a failed check can be overridden (this one is ${check?.status ?? 'not run'}).`, 'kind');
    const now = ctx.clock.now();
    const updated = await tx.moduleVersionCheck.update({
      where: { id: check.id },
      data: { overrideReason: reason, overriddenById: admin.id, overriddenAt: now },
    });
    await syncDerivedColumns(tx, v.versionId);
    await audit(tx, ctx, {
      action: 'override_check',
      entityType: 'module_version',
      entityId: v.versionId,
      oldValue: { check: check.kind, status: check.status },
      newValue: { check: check.kind, status: check.status, override: reason, validationId: v.id },
    });
    return updated;
  });
}

/** Re-scan of every published version (the rules changed, or on demand): one job per version. */
export async function startRescan(ctx: Context, input: { reason?: string | null }) {
  const admin = requirePlatformAdmin(ctx);
  const versions = await ctx.prisma.moduleVersion.findMany({
    where: { status: { in: ['stable', 'beta', 'withdrawn'] } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const now = ctx.clock.now();
  const rescan = await ctx.prisma.$transaction(async (tx) => {
    const r = await tx.reviewRescan.create({
      data: { reason: clean(input.reason), total: versions.length * CHECK_KINDS.length, startedById: admin.id, createdAt: now },
    });
    for (const v of versions) await queueChecks(tx, v.id, now, r.id);
    await audit(tx, ctx, {
      action: 'rescan',
      entityType: 'review_rescan',
      entityId: r.id,
      newValue: { versions: versions.length, reason: r.reason },
    });
    return r;
  });
  await dispatchChecks(
    ctx,
    versions.map((v) => v.id),
  );
  return rescan;
}

export async function rescanProgress(db: Db, rescanId: number) {
  const rows = await db.moduleVersionCheck.groupBy({ by: ['status'], where: { rescanId }, _count: { _all: true } });
  const n = (s: CheckStatus) => rows.find((r) => r.status === s)?._count._all ?? 0;
  const failedChecks = await db.moduleVersionCheck.findMany({
    where: { rescanId, status: { in: ['failed', 'error'] } },
    select: { versionId: true, kind: true },
    orderBy: [{ versionId: 'asc' }, { id: 'asc' }],
  });
  const ids = [...new Set(failedChecks.map((c) => c.versionId))];
  const versions = ids.length
    ? await db.moduleVersion.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          version: true,
          status: true,
          module: { select: { id: true, name: true } },
          validations: { select: { id: true }, orderBy: { id: 'desc' }, take: 1 },
        },
      })
    : [];
  const failedVersions = ids.flatMap((id) => {
    const v = versions.find((x) => x.id === id);
    if (!v) return [];
    return [
      {
        versionId: v.id,
        moduleId: v.module.id,
        moduleName: v.module.name,
        version: v.version,
        status: v.status,
        failedChecks: CHECK_KINDS.filter((k) => failedChecks.some((c) => c.versionId === id && c.kind === k)),
        validationId: v.validations[0]?.id ?? null,
      },
    ];
  });
  return {
    queued: n('queued'),
    running: n('running'),
    passed: n('passed'),
    failed: n('failed'),
    errored: n('error'),
    failedVersionIds: ids,
    failedVersions,
  };
}

/** A re-scan's progress, for platform admins only. */
export async function rescanProgressOf(ctx: Context, rescanId: number) {
  requirePlatformAdmin(ctx);
  return rescanProgress(ctx.prisma, rescanId);
}

export async function latestRescan(ctx: Context) {
  requirePlatformAdmin(ctx);
  return ctx.prisma.reviewRescan.findFirst({ orderBy: { id: 'desc' } });
}

// ───────────────────────────────────────────── withdrawal

/**
 * Withdraws (yanks) an approved version: status `withdrawn` (out of every approved predicate, so
 * it leaves the catalog, the instance API and the activation planner), audited, and every org
 * holding the module or running the version is told.
 */
export async function withdrawVersion(ctx: Context, input: { versionId: number; reason: string }) {
  const admin = requirePlatformAdmin(ctx);
  const reason = clean(input.reason);
  if (!reason) fail(E.REASON_REQUIRED, 'Say why the version is withdrawn (it is shown to the organizations holding it).', 'reason');
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM module_versions WHERE id = ${input.versionId} FOR UPDATE`;
    const v = await tx.moduleVersion.findUnique({ where: { id: input.versionId }, include: { module: { include: { vendor: true } } } });
    if (!v) throw notFound('Version');
    if (v.status !== 'stable' && v.status !== 'beta')
      fail(E.VERSION_NOT_APPROVED, `Only an approved version can be withdrawn (this one is ${v.status}).`, 'versionId');
    const now = ctx.clock.now();
    const updated = await tx.moduleVersion.update({
      where: { id: v.id },
      data: { status: 'withdrawn', withdrawnAt: now, withdrawnById: admin.id, withdrawnReason: reason },
    });
    const holders = new Set<number>();
    for (const l of await tx.license.findMany({
      where: { moduleId: v.moduleId, status: { in: ['active', 'suspended', 'pending'] } },
      select: { orgId: true },
    }))
      holders.add(l.orgId);
    for (const im of await tx.instanceModule.findMany({
      where: { moduleVersionId: v.id },
      select: { instance: { select: { orgId: true } } },
    }))
      holders.add(im.instance.orgId);
    if (holders.size)
      await notify(
        tx,
        [...holders].map((orgId) => ({ orgId })),
        {
          type: 'version_withdrawn',
          title: 'Module version withdrawn',
          message: `${v.module.name} ${v.version} was withdrawn by the platform: ${asSentence(reason)} It can no longer be downloaded or activated; update to another version.`,
          relatedEntityType: 'module_version',
          relatedEntityId: v.id,
          dedupeKey: `version_withdrawn:${v.id}:${now.getTime()}`,
          at: now,
        },
      );
    await audit(tx, ctx, {
      action: 'withdraw',
      entityType: 'module_version',
      entityId: v.id,
      orgId: v.module.vendor.orgId,
      oldValue: { status: v.status },
      newValue: { status: 'withdrawn', reason, notifiedOrgs: holders.size },
    });
    return updated;
  });
}

/** Restores a withdrawn version to its channel (its artifact must still be stored). */
export async function restoreVersion(ctx: Context, input: { versionId: number; reason?: string | null }) {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM module_versions WHERE id = ${input.versionId} FOR UPDATE`;
    const v = await tx.moduleVersion.findUnique({ where: { id: input.versionId }, include: { module: { include: { vendor: true } } } });
    if (!v) throw notFound('Version');
    if (v.status !== 'withdrawn') fail(E.VERSION_NOT_WITHDRAWN, 'This version is not withdrawn.', 'versionId');
    if (!hasArtifact(v)) fail(E.ARTIFACT_MISSING, 'This version has no stored artifact: it cannot be offered again.', 'versionId');
    const updated = await tx.moduleVersion.update({
      where: { id: v.id },
      data: { status: v.channel, withdrawnAt: null, withdrawnById: null, withdrawnReason: null },
    });
    await audit(tx, ctx, {
      action: 'restore',
      entityType: 'module_version',
      entityId: v.id,
      orgId: v.module.vendor.orgId,
      oldValue: { status: 'withdrawn', reason: v.withdrawnReason },
      newValue: { status: v.channel, reason: clean(input.reason) },
    });
    return updated;
  });
}

// ───────────────────────────────────────────── core API surfaces

/** Counts of a stored API surface (null: none registered, or unreadable). */
export function surfaceCounts(stored: unknown): { classes: number; functions: number; hooks: number } | null {
  const p = stored ? parseApiSurface(stored) : null;
  return p?.ok
    ? { classes: Object.keys(p.surface.classes).length, functions: p.surface.functions.length, hooks: p.surface.hooks.length }
    : null;
}

/** The registered API surface of a core release, as counts (platform admins). */
export function coreApiSurfaceSummary(ctx: Context, core: { id: number; apiSurface?: unknown }) {
  requirePlatformAdmin(ctx);
  const counts = surfaceCounts(core.apiSurface);
  return counts ? { coreId: core.id, ...counts } : null;
}

type SurfaceSource = { kind: 'json' } | { kind: 'zip'; filename: string; sha256: string; bytes: number; files: number; manifest: boolean };

/** Stores a validated surface on a core release, audited with where it came from. */
async function writeCoreSurface(ctx: Context, coreId: number, surface: ApiSurface, source: SurfaceSource) {
  return ctx.prisma.$transaction(async (tx) => {
    const core = await tx.softwareCore.findUnique({ where: { id: coreId } });
    if (!core) throw notFound('Core version');
    const updated = await tx.softwareCore.update({
      where: { id: core.id },
      data: { apiSurface: surface as unknown as Prisma.InputJsonValue },
    });
    await audit(tx, ctx, {
      action: 'set_api_surface',
      entityType: 'software_core',
      entityId: core.id,
      oldValue: surfaceCounts(core.apiSurface),
      newValue: { ...surfaceCounts(surface), source },
    });
    return updated;
  });
}

/** An admin registers (or replaces) the public API surface of a core release. */
export async function setCoreApiSurface(ctx: Context, input: { coreId: number; surface: unknown }) {
  requirePlatformAdmin(ctx);
  const parsed = parseApiSurface(input.surface);
  if (!parsed.ok) fail(E.INVALID_API_SURFACE, parsed.message, `surface.${parsed.field}`);
  return writeCoreSurface(ctx, input.coreId, parsed.surface, { kind: 'json' });
}

export interface CoreZipUpload {
  tmpPath: string;
  sha256: string;
  filename: string;
  bytes: number;
}

/** What an extraction found, beyond the surface's counts (files parsed, public methods, manifest used). */
export interface CoreSurfaceExtraction {
  files: number;
  methods: number;
  manifest: boolean;
}

/**
 * An admin uploads a core release's zip; its public surface is extracted from its PHP code with a
 * PHP parser (core-surface-extract.ts: classes in the core's namespace with their public methods,
 * namespace functions, fired hooks), after the same inspection module uploads get (zip-slip,
 * symlinks, bombs, lying sizes). An optional `webkernel-api.json` at the root must describe this
 * release; what it lists must be declared in the code, and its names are added (hooks fired under
 * computed names). Every refusal is a payload error on the field "file"; nothing is written then.
 */
export async function setCoreApiSurfaceFromZip(ctx: Context, coreId: number, upload: CoreZipUpload) {
  requirePlatformAdmin(ctx);
  const core = await ctx.prisma.softwareCore.findUnique({
    where: { id: coreId },
    include: { software: { select: { slug: true, name: true, namespace: true } } },
  });
  if (!core) throw notFound('Core version');
  const limits = (ctx.services.artifactLimits as typeof DEFAULT_ARTIFACT_LIMITS | undefined) ?? ctx.config.artifactLimits;
  const inspection = await inspectArchive(upload.tmpPath, limits, { name: CORE_API_MANIFEST, maxBytes: CORE_API_MANIFEST_MAX_BYTES });
  if (!inspection.ok) fail(inspection.code, inspection.message, 'file');
  if (inspection.rootFile === 'too-large')
    fail(E.API_MANIFEST_INVALID, `${CORE_API_MANIFEST} is larger than ${formatBytes(CORE_API_MANIFEST_MAX_BYTES)}.`, 'file');
  let listed: ApiSurface | null = null;
  if (inspection.rootFile) {
    const parsed = parseCoreApiManifest(inspection.rootFile, { version: core.version, softwareSlug: core.software.slug });
    if (!parsed.ok) fail(parsed.code, parsed.message, 'file');
    listed = parsed.surface;
  }
  const maxText = reviewLimitsOf(ctx).maxTextBytes;
  const php = await readArchive(upload.tmpPath, maxText, isCoreSourcePath);
  // Fail closed: a source file that could not be read would leave its classes out of the surface.
  const unread = php.files.find((f) => isCoreSourcePath(f.path) && !php.texts.some((t) => t.path === f.path));
  if (unread)
    fail(
      E.CORE_SOURCE_UNREADABLE,
      `${unread.path} could not be read as PHP source (${unread.size > maxText ? `larger than ${formatBytes(maxText)}` : 'binary content'}).`,
      'file',
    );
  // The namespace the compatibility check resolves module references into (review-checks.ts).
  const namespace = core.software.namespace ?? core.software.name;
  let extracted: ReturnType<typeof extractCoreSurface>;
  try {
    extracted = extractCoreSurface(php.texts, namespace);
  } catch (e) {
    if (!(e instanceof CoreParseError)) throw e;
    fail(E.CORE_PARSE_ERROR, `The core's PHP code could not be parsed: ${e.message}.`, 'file');
  }
  if (listed) {
    const missing = undeclaredExports(listed, extracted.surface);
    if (missing.length)
      fail(
        E.API_MANIFEST_UNDECLARED,
        `${CORE_API_MANIFEST} lists what no PHP file of the archive declares: ${missing.join(', ')}.`,
        'file',
      );
  }
  const surface = listed ? mergeSurfaces(extracted.surface, listed) : extracted.surface;
  if (!Object.keys(surface.classes).length && !surface.functions.length)
    fail(
      E.CORE_SURFACE_EMPTY,
      `No public class or function of the namespace ${namespace} was found in the archive's PHP code (${extracted.files} file(s) parsed; vendor/ and tests/ are not read).`,
      'file',
    );
  const updated = await writeCoreSurface(ctx, core.id, surface, {
    kind: 'zip',
    filename: upload.filename,
    sha256: upload.sha256,
    bytes: upload.bytes,
    files: extracted.files,
    manifest: !!listed,
  });
  const extraction: CoreSurfaceExtraction = {
    files: extracted.files,
    methods: Object.values(surface.classes).reduce((n, m) => n + m.length, 0),
    manifest: !!listed,
  };
  return { core: updated, extraction };
}

/** A free-text reason ending with exactly one sentence mark ("script" → "script.", "script." stays). */
export const asSentence = (text: string) => (/[.!?…]["')\]]*$/.test(text) ? text : `${text}.`);

export const canSeeChecks = (ctx: Context) => isPlatformAdmin(ctx);
