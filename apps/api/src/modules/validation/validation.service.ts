/**
 * Platform review of submitted versions: the queue, the three checks, approval (the version goes
 * live on its channel, the module is published, update flows approved, buyers and the vendor
 * notified) and rejection (the vendor gets the notes).
 */
import type { ModuleValidation, Prisma, Vendor } from '@wk/db';
import { compareSemver, isValidSemver } from '@wk/domain';
import type { Context } from '../../core/context';
import { requirePlatformAdmin } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { decodeCursor, toConnection } from '../../core/pagination';
import { notify, platformAdminRecipients, type Recipient } from '../notifications';
import { ErrorBag, clean, fail } from '../publishing';
import { recheckDeclarations, syncUpdateFlow } from '../publishing';
import { previousApprovedVersion } from '../publishing';
import { approvalBlockers, syncDerivedColumns } from '../version-checks';
import { signingKeysOf, signVersionArtifact } from '../license-files';
import { ValidationErrorCode as E } from './validation.errors';
import { DeclarationChange, type SubmissionDiff } from './validation.types';

type Tx = Prisma.TransactionClient;

export async function queue(
  ctx: Context,
  args: {
    first: number;
    after?: string | null;
    filter?: { vendorId?: number | null; moduleId?: number | null; status?: ModuleValidation['status'] | null } | null;
  },
) {
  requirePlatformAdmin(ctx);
  const f = args.filter ?? {};
  const where: Prisma.ModuleValidationWhereInput = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.vendorId || f.moduleId
      ? { version: { module: { ...(f.vendorId ? { vendorId: f.vendorId } : {}), ...(f.moduleId ? { id: f.moduleId } : {}) } } }
      : {}),
  };
  const cursor = decodeCursor(args.after, 2);
  const after: Prisma.ModuleValidationWhereInput = cursor
    ? {
        OR: [
          { submittedAt: { gt: new Date(String(cursor[0])) } },
          { submittedAt: new Date(String(cursor[0])), id: { gt: Number(cursor[1]) } },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    ctx.prisma.moduleValidation.findMany({
      where: { AND: [where, after] },
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      take: args.first + 1,
    }),
    ctx.prisma.moduleValidation.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.submittedAt.toISOString(), r.id], !!cursor);
}

export async function submission(ctx: Context, id: number): Promise<ModuleValidation> {
  requirePlatformAdmin(ctx);
  const v = await ctx.prisma.moduleValidation.findUnique({ where: { id } });
  if (!v) throw notFound('Submission');
  return v;
}

/** Who hears about a vendor's reviews: its owner, its org's admins, or platform admins for official vendors. */
export async function vendorRecipients(tx: Tx, vendor: Vendor): Promise<Recipient[]> {
  if (vendor.isOfficial) return platformAdminRecipients(tx);
  const ids = new Set<number>();
  if (vendor.userId) ids.add(vendor.userId);
  if (vendor.orgId)
    for (const m of await tx.membership.findMany({ where: { orgId: vendor.orgId, role: 'admin' }, select: { userId: true } }))
      ids.add(m.userId);
  return [...ids].map((userId) => ({ userId }));
}

async function lockPending(tx: Tx, validationId: number) {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM module_validations WHERE id = ${validationId} FOR UPDATE`;
  if (!locked.length) throw notFound('Submission');
  const v = await tx.moduleValidation.findUniqueOrThrow({
    where: { id: validationId },
    include: { version: { include: { module: { include: { vendor: true } } } } },
  });
  if (v.status !== 'pending') fail(E.VALIDATION_NOT_PENDING, `This submission was already ${v.status}.`, 'validationId');
  return v;
}

export async function recordChecks(
  ctx: Context,
  input: {
    validationId: number;
    securityScanPassed?: boolean | null;
    securityScanNotes?: string | null;
    codeReviewPassed?: boolean | null;
    codeReviewNotes?: string | null;
    performanceTested?: boolean | null;
    performanceNotes?: string | null;
  },
): Promise<ModuleValidation> {
  const admin = requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const v = await lockPending(tx, input.validationId);
    const data: Prisma.ModuleValidationUncheckedUpdateInput = { reviewerId: admin.id };
    // Security and performance are derived from the automated checks (secrets + code, budget).
    for (const f of ['securityScanPassed', 'securityScanNotes', 'performanceTested', 'performanceNotes'] as const)
      if (input[f] !== undefined && input[f] !== null)
        fail(E.CHECK_DERIVED, 'The security scan and performance test come from the automated checks; override a failed check instead.', f);
    if (input.codeReviewPassed !== undefined && input.codeReviewPassed !== null) data.codeReviewPassed = input.codeReviewPassed;
    if (input.codeReviewNotes !== undefined) data.codeReviewNotes = clean(input.codeReviewNotes);
    const updated = await tx.moduleValidation.update({ where: { id: v.id }, data });
    const snap = (x: ModuleValidation) => ({
      securityScanPassed: x.securityScanPassed,
      securityScanNotes: x.securityScanNotes,
      codeReviewPassed: x.codeReviewPassed,
      codeReviewNotes: x.codeReviewNotes,
      performanceTested: x.performanceTested,
      performanceNotes: x.performanceNotes,
    });
    await audit(tx, ctx, {
      action: 'record_checks',
      entityType: 'module_validation',
      entityId: v.id,
      oldValue: snap(v),
      newValue: snap(updated),
    });
    return updated;
  });
}

/**
 * Approves a submission whose three checks passed: the version goes live on its channel, the
 * module is published on its first approval, the update flow to it is approved, the vendor is
 * notified, and every organization holding a license of the module hears of the new version.
 * The declarations are re-checked first (a dependency may have gained a cycle since submission).
 */
export async function approve(ctx: Context, input: { validationId: number; notes?: string | null }): Promise<ModuleValidation> {
  const admin = requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const v = await lockPending(tx, input.validationId);
    const blockers = await approvalBlockers(tx, v.version);
    if (blockers.length) {
      const bag = new ErrorBag();
      for (const b of blockers) bag.add(b.code, b.message, 'validationId');
      bag.throwIfAny();
    }
    if (v.codeReviewPassed !== true)
      fail(E.CHECKS_INCOMPLETE, 'Record a passed code review before approval (the automated checks do not replace it).', 'validationId');
    await syncDerivedColumns(tx, v.versionId);
    const version = v.version;
    const module = version.module;
    await tx.$queryRaw`SELECT id FROM modules WHERE id = ${module.id} FOR UPDATE`;
    const bag = new ErrorBag();
    await recheckDeclarations(tx, bag, version, module);
    bag.throwIfAny();
    const now = ctx.clock.now();
    const notes = clean(input.notes);
    const updated = await tx.moduleValidation.update({
      where: { id: v.id },
      data: { status: 'approved', reviewerId: admin.id, reviewedAt: now, ...(notes ? { notes } : {}) },
    });
    await tx.moduleVersion.update({ where: { id: version.id }, data: { status: version.channel, releaseDate: now } });
    // The detached signature of the artifact (sha256, slug, version), stored now with its key id.
    const signed = await signVersionArtifact(tx, ctx, signingKeysOf(ctx.services), version.id, 'approval');
    await tx.moduleCoreCompatibility.updateMany({ where: { versionId: version.id }, data: { isVerified: true, testedAt: now } });
    const firstPublication = !module.publishedAt;
    await tx.module.update({ where: { id: module.id }, data: { status: 'published', ...(firstPublication ? { publishedAt: now } : {}) } });
    const flow = await syncUpdateFlow(tx, version);
    if (flow) await tx.updateFlow.update({ where: { id: flow.id }, data: { approvedAt: now, testedAt: flow.testedAt ?? now } });

    const vendor = module.vendor;
    await notify(tx, await vendorRecipients(tx, vendor), {
      type: 'validation_approved',
      title: 'Version approved',
      message: `${module.name} ${version.version} was approved and is live on the ${version.channel} channel.${notes ? ` Reviewer's notes: ${notes}` : ''}`,
      relatedEntityType: 'module_version',
      relatedEntityId: version.id,
      at: now,
    });
    const holders = await tx.license.findMany({
      where: { moduleId: module.id, status: { in: ['active', 'suspended'] } },
      select: { orgId: true },
      distinct: ['orgId'],
    });
    if (holders.length) {
      await notify(
        tx,
        holders.map((h) => ({ orgId: h.orgId })),
        {
          type: 'module_update',
          title: 'New module version available',
          message: `${module.name} v${version.version} is now available${version.channel === 'beta' ? ' (beta)' : ''}.`,
          relatedEntityType: 'module_version',
          relatedEntityId: version.id,
          dedupeKey: `module_update:version:${version.id}`,
          at: now,
        },
      );
    }
    await audit(tx, ctx, {
      action: 'approve',
      entityType: 'module_version',
      entityId: version.id,
      orgId: vendor.orgId,
      oldValue: { status: 'pending', moduleStatus: module.status },
      newValue: {
        status: version.channel,
        validationId: v.id,
        moduleStatus: 'published',
        publishedAt: firstPublication ? now : module.publishedAt,
        notifiedOrgs: holders.length,
        signatureKeyId: signed?.signature.kid ?? null,
      },
    });
    return updated;
  });
}

/** Rejects a submission with notes for the vendor; the vendor resubmits with a new version. */
export async function reject(ctx: Context, input: { validationId: number; notes: string }): Promise<ModuleValidation> {
  const admin = requirePlatformAdmin(ctx);
  const notes = clean(input.notes);
  if (!notes) fail(E.NOTES_REQUIRED, 'Explain to the vendor why the version is rejected.', 'notes');
  return ctx.prisma.$transaction(async (tx) => {
    const v = await lockPending(tx, input.validationId);
    const version = v.version;
    const module = version.module;
    const now = ctx.clock.now();
    const updated = await tx.moduleValidation.update({
      where: { id: v.id },
      data: { status: 'rejected', reviewerId: admin.id, reviewedAt: now, notes },
    });
    await tx.moduleVersion.update({ where: { id: version.id }, data: { status: 'rejected' } });
    if (module.status === 'pending') {
      const stillPending = await tx.moduleValidation.count({
        where: { status: 'pending', id: { not: v.id }, version: { moduleId: module.id } },
      });
      if (!stillPending) await tx.module.update({ where: { id: module.id }, data: { status: 'draft' } });
    }
    await notify(tx, await vendorRecipients(tx, module.vendor), {
      type: 'validation_rejected',
      title: 'Version rejected',
      message: `${module.name} ${version.version} was rejected: ${notes}`,
      relatedEntityType: 'module_version',
      relatedEntityId: version.id,
      at: now,
    });
    await audit(tx, ctx, {
      action: 'reject',
      entityType: 'module_version',
      entityId: version.id,
      orgId: module.vendor.orgId,
      oldValue: { status: 'pending' },
      newValue: { status: 'rejected', validationId: v.id, notes },
    });
    return updated;
  });
}

const rangeText = (min: string, max: string | null) => `${min} – ${max ?? 'any'}`;

/** Declared compatibility and dependencies of the submitted version against the previous approved one. */
export async function diff(ctx: Context, validation: Pick<ModuleValidation, 'versionId'>): Promise<SubmissionDiff> {
  const version = await ctx.prisma.moduleVersion.findUniqueOrThrow({ where: { id: validation.versionId } });
  const prev = isValidSemver(version.version) ? await previousApprovedVersion(ctx.prisma, version.moduleId, version.version) : null;
  const ids = prev ? [version.id, prev.id] : [version.id];
  const [compat, deps] = await Promise.all([
    ctx.prisma.moduleCoreCompatibility.findMany({
      where: { versionId: { in: ids } },
      include: { software: true },
      orderBy: [{ minCoreVersion: 'asc' }],
    }),
    ctx.prisma.moduleDependency.findMany({
      where: { versionId: { in: ids } },
      include: { dependsOnModule: { select: { id: true, slug: true, name: true } } },
    }),
  ]);
  const softwares = new Map(compat.map((c) => [c.softwareId, c.software]));
  const compatibility = [...softwares.values()].map((sw) => {
    const list = (vid: number) =>
      compat
        .filter((c) => c.versionId === vid && c.softwareId === sw.id)
        .sort((a, b) =>
          isValidSemver(a.minCoreVersion) && isValidSemver(b.minCoreVersion) ? compareSemver(a.minCoreVersion, b.minCoreVersion) : 0,
        )
        .map((c) => rangeText(c.minCoreVersion, c.maxCoreVersion));
    const before = prev ? list(prev.id) : [];
    const after = list(version.id);
    const change = !before.length
      ? DeclarationChange.ADDED
      : !after.length
        ? DeclarationChange.REMOVED
        : before.join('|') === after.join('|')
          ? DeclarationChange.UNCHANGED
          : DeclarationChange.CHANGED;
    return { software: { id: sw.id, slug: sw.slug, name: sw.name }, before, after, change };
  });
  const modules = new Map(deps.map((d) => [d.dependsOnModuleId, d.dependsOnModule]));
  const dependencies = [...modules.values()].map((m) => {
    const terms = (vid: number) => {
      const d = deps.find((x) => x.versionId === vid && x.dependsOnModuleId === m.id);
      return d ? { minVersion: d.minVersion, isRequired: d.isRequired, dependencyType: d.dependencyType } : null;
    };
    const before = prev ? terms(prev.id) : null;
    const after = terms(version.id);
    const change = !before
      ? DeclarationChange.ADDED
      : !after
        ? DeclarationChange.REMOVED
        : JSON.stringify(before) === JSON.stringify(after)
          ? DeclarationChange.UNCHANGED
          : DeclarationChange.CHANGED;
    return { module: m, before, after, change };
  });
  return {
    previousVersion: prev
      ? {
          id: prev.id,
          version: prev.version,
          status: (await ctx.prisma.moduleVersion.findUniqueOrThrow({ where: { id: prev.id } })).status,
        }
      : null,
    compatibility,
    dependencies,
  };
}
