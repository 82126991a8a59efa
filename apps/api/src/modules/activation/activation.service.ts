import type { ActivationLog, InstanceModule, Prisma } from '@wk/db';
import { isLicenseUsableAt, unmetDependencies, type UnmetDependency } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { badInput, notFound, UserError } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { requireInstance, type InstanceWithCore } from '../instances';
import { toLicense, toListing, toRelease } from '../instances';
import { updatePathFor } from '../updates';
import { canManageVendor } from '../vendors';
import { builtInModulesFor, isCoreModule, withBuiltIns } from '../core-modules';
import { recordConsent, requireOrgAdmin, revokeConsents } from '../permissions';
import { ACTIVATION_CHECK_ORDER, ActivationErrorCode as E, ActivationHintCode as H } from './activation.errors';
import {
  APPROVED_STATUSES,
  describeRanges,
  fitsCore,
  isApproved,
  recommendVersion,
  sameHash,
  safeCompare,
  sortVersionsDesc,
} from './activation.rules';
import {
  ActivationCandidate,
  ActivationHint,
  ActivationPlan,
  CoreUpgradeCheck,
  CoreUpgradeModuleResult,
  CoreUpgradeOutcome,
  DependencyState,
  PlanDependency,
} from './activation.types';
import { floatingWindow, freeStaleSeats, seatsInUse } from '../instances';

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

const hint = (code: string, message: string, moduleId: number | null = null): ActivationHint =>
  Object.assign(new ActivationHint(), { code, message, moduleId });
const fmtDate = (d: Date) => d.toISOString().slice(0, 10);
const builtInText = (module: string, software: string) =>
  `${module} is a core module of ${software}: it is built into every ${software} instance, always active, and cannot be activated or deactivated by hand.`;
const coreStatusText = (c: { name: string; version: string; validationStatus: string }) =>
  c.validationStatus === 'rejected'
    ? `${c.name} ${c.version} was rejected by the platform: plan a core change.`
    : `${c.name} ${c.version} is still pending platform validation.`;

type Failure = { ok: false; error: UserError; metadata: Record<string, unknown>; existing: InstanceModule | null };
type Success = { ok: true; instanceModule: InstanceModule };

/** Request facts kept with every logged attempt (seed rows keep the IP). */
function requestMeta(ctx: Context, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ip: ctx.meta.ip, user_agent: ctx.meta.userAgent, ...extra };
}

/** A failed attempt is logged in its own committed transaction (nothing else was written). */
async function logFailure(
  ctx: Context,
  row: {
    instanceId: number;
    moduleId: number;
    moduleVersionId: number | null;
    licenseId: number | null;
    instanceModuleId: number | null;
    eventType: ActivationLog['eventType'];
  },
  error: UserError,
  metadata: Record<string, unknown>,
): Promise<void> {
  await ctx.prisma.$transaction(async (tx) => {
    await tx.activationLog.create({
      data: {
        ...row,
        status: 'failed',
        errorCode: error.code,
        errorMessage: error.message,
        performedById: ctx.user?.id ?? null,
        performedAt: ctx.clock.now(),
        metadata: metadata as Prisma.InputJsonValue,
      },
    });
  });
}

function unmetOf(
  deps: { dependsOnModuleId: number; minVersion: string; isRequired: boolean }[],
  active: Map<number, string>,
): UnmetDependency[] {
  try {
    return unmetDependencies(deps, active);
  } catch {
    // A malformed version on either side cannot be shown to satisfy the dependency.
    return deps
      .filter((d) => d.isRequired)
      .map((d) => ({ dependency: d, reason: 'MISSING' as const, activeVersion: active.get(d.dependsOnModuleId) ?? null }));
  }
}

// ───────────────────────────────────────────── activation

export interface ActivateInput {
  instanceId: number;
  licenseId: number;
  moduleVersionId: number;
  reportedHash: string;
  /** The permissions an org admin consents to (required when the version asks for any). */
  consentedPermissions?: string[] | null;
}

/**
 * Activates a module version on an instance. The checks run in this order, each with its own
 * code (ACTIVATION_CHECK_ORDER): instance active, module not already active, license of this org
 * and module, license active, license unexpired, version approved, version compatible with the
 * instance core, required dependencies active at their minimum version, plan instance limit
 * (counted under a row lock on the license), reported hash = version hash.
 *
 * They run in one transaction holding row locks on the instance and then the license, so two
 * concurrent activations never exceed `max_instances`. Every attempt is logged: a failure in its
 * own transaction (the checking one wrote nothing), a success together with the instance-module
 * row (created, or updated on reactivation) and an audit row.
 */
export async function activateModule(
  ctx: Context,
  input: ActivateInput,
): Promise<{ instanceModule: InstanceModule | null; errors: UserError[]; hints: ActivationHint[] }> {
  const instance = await requireInstance(ctx, input.instanceId, 'manage_instances');
  const version = await ctx.prisma.moduleVersion.findUnique({
    where: { id: input.moduleVersionId },
    include: { module: true, compatibility: true, dependencies: { include: { dependsOnModule: { select: { id: true, name: true } } } } },
  });
  // Existence and visibility first: a version buyers cannot see (pending or rejected) is NOT_FOUND
  // unless the caller runs its vendor, so no message ever names another vendor's draft.
  if (!version || (!isApproved(version.status) && !(await canManageVendor(ctx, version.module.vendorId)))) throw notFound('Module version');
  const reportedHash = input.reportedHash.trim();
  const label = `${version.module.name} ${version.version}`;
  // Only an org admin consents: anyone else offering a consent is refused before anything is checked.
  const consenting = version.permissions.length > 0 && input.consentedPermissions != null;
  if (consenting) await requireOrgAdmin(ctx, instance.orgId);

  const outcome = await ctx.prisma.$transaction(async (tx): Promise<Failure | Success> => {
    const now = ctx.clock.now();
    await tx.$queryRaw`SELECT id FROM instances WHERE id = ${instance.id} FOR UPDATE`;
    const fresh = await tx.instance.findUniqueOrThrow({ where: { id: instance.id }, include: { core: { include: { software: true } } } });
    const existing = await tx.instanceModule.findUnique({
      where: { instanceId_moduleId: { instanceId: instance.id, moduleId: version.moduleId } },
    });
    const fail = (code: string, message: string, field: string, metadata: Record<string, unknown> = {}): Failure => ({
      ok: false,
      error: new UserError(code, message, field),
      metadata,
      existing,
    });

    if (!fresh.isActive) return fail(E.INSTANCE_INACTIVE, `${fresh.name} is deactivated.`, 'instanceId');
    if (await isCoreModule(tx, fresh.core.softwareId, version.moduleId))
      return fail(E.CORE_MODULE, builtInText(version.module.name, fresh.core.software.name), 'moduleVersionId');
    if (existing?.isActive) {
      const current = await tx.moduleVersion.findUnique({ where: { id: existing.moduleVersionId }, select: { version: true } });
      return fail(
        E.MODULE_ALREADY_ACTIVE,
        `${version.module.name} ${current?.version} is already active on ${fresh.name}. Use an update to change its version.`,
        'moduleVersionId',
        { active_version: current?.version },
      );
    }

    const locked = await tx.$queryRaw<{ id: number; status: string; expires_at: Date | null; pricing_plan_id: number | null }[]>`
      SELECT id, status::text AS status, expires_at, pricing_plan_id FROM module_licenses
      WHERE id = ${input.licenseId} AND org_id = ${instance.orgId} AND module_id = ${version.moduleId}
      FOR UPDATE`;
    const license = locked[0];
    if (!license) return fail(E.LICENSE_NOT_FOUND, `Your organization holds no ${version.module.name} license with this id.`, 'licenseId');
    if (license.status !== 'active')
      return fail(E.LICENSE_NOT_ACTIVE, `The ${version.module.name} license is ${license.status}, not active.`, 'licenseId', {
        license_status: license.status,
      });
    if (license.expires_at && license.expires_at.getTime() <= now.getTime()) {
      return fail(E.LICENSE_EXPIRED, `The ${version.module.name} license expired on ${fmtDate(license.expires_at)}.`, 'licenseId', {
        expires_at: license.expires_at.toISOString(),
      });
    }

    if (!isApproved(version.status))
      return fail(
        E.VERSION_NOT_APPROVED,
        version.status === 'withdrawn'
          ? `${label} was withdrawn by the platform${version.withdrawnReason ? ` (${version.withdrawnReason})` : ''}; it cannot be activated.`
          : `${label} is not approved for installation (status: ${version.status}).`,
        'moduleVersionId',
        { version_status: version.status },
      );

    const core = fresh.core;
    if (!fitsCore(version.compatibility, { softwareId: core.softwareId, version: core.version })) {
      const ranges = describeRanges(version.compatibility, core.softwareId);
      return fail(
        E.VERSION_INCOMPATIBLE,
        `${label} supports ${core.software.name} core ${ranges}; ${fresh.name} runs ${core.version}.`,
        'moduleVersionId',
        { core_version: core.version, supported: ranges },
      );
    }

    const active = await tx.instanceModule.findMany({
      where: { instanceId: instance.id, isActive: true },
      include: { moduleVersion: { select: { version: true } } },
    });
    // Core modules of the software count as active at the version that fits this core.
    const activeMap = withBuiltIns(new Map(active.map((m) => [m.moduleId, m.moduleVersion.version])), await builtInModulesFor(tx, core));
    const unmet = unmetOf(version.dependencies, activeMap);
    if (unmet.length) {
      const names = new Map(version.dependencies.map((d) => [d.dependsOnModuleId, d.dependsOnModule.name]));
      const parts = unmet.map((u) => {
        const n = names.get(u.dependency.dependsOnModuleId);
        return u.reason === 'MISSING'
          ? `${n} ≥ ${u.dependency.minVersion} (not active)`
          : `${n} ≥ ${u.dependency.minVersion} (active: ${u.activeVersion})`;
      });
      return fail(
        E.DEPENDENCY_MISSING,
        `${label} requires ${parts.join(', ')} on this instance: activate or update it first.`,
        'moduleVersionId',
        {
          missing: unmet.map((u) => ({
            module_id: u.dependency.dependsOnModuleId,
            min_version: u.dependency.minVersion,
            active_version: u.activeVersion,
          })),
        },
      );
    }

    const plan = license.pricing_plan_id ? await tx.pricingPlan.findUnique({ where: { id: license.pricing_plan_id } }) : null;
    // Floating plan: stale seats are freed here, under the license row lock, before seats are counted.
    if (floatingWindow(plan) !== null) await freeStaleSeats(tx, ctx, { licenseId: license.id }, 'activation');
    if (plan?.maxInstances !== null && plan?.maxInstances !== undefined) {
      const used = await tx.instanceModule.count({ where: { licenseId: license.id, isActive: true, instanceId: { not: instance.id } } });
      if (used >= plan.maxInstances) {
        return fail(
          E.INSTANCE_LIMIT_REACHED,
          `The ${plan.name} plan allows ${plan.maxInstances} instance${plan.maxInstances === 1 ? '' : 's'} and this license is active on ${used}: deactivate it elsewhere or buy another license.`,
          'licenseId',
          { max_instances: plan.maxInstances, active_instances: used },
        );
      }
    }

    if (!sameHash(version.hash, reportedHash)) {
      return fail(
        E.HASH_MISMATCH,
        version.hash
          ? `Hash mismatch: the instance reported ${reportedHash || '(empty)'} but ${label} is ${version.hash}. Download the artifact again.`
          : `Hash mismatch: ${label} has no published artifact hash to verify against.`,
        'reportedHash',
        { expected: version.hash, got: reportedHash },
      );
    }

    if (version.permissions.length) {
      const given = new Set((input.consentedPermissions ?? []).map((p) => p.trim()));
      const missing = version.permissions.filter((p) => !given.has(p));
      if (missing.length)
        return fail(
          E.PERMISSION_CONSENT_REQUIRED,
          consenting
            ? `Consent to every permission ${label} asks for; missing: ${missing.join(', ')}.`
            : `${label} asks for permissions (${version.permissions.join(', ')}): an organization admin must consent to them to activate it.`,
          'consentedPermissions',
          { required: version.permissions, missing },
        );
    }

    const data = {
      licenseId: license.id,
      moduleVersionId: version.id,
      moduleHash: reportedHash,
      activatedAt: now,
      isActive: true,
      activatedById: ctx.user?.id ?? null,
      deactivatedAt: null,
      lastHeartbeatAt: null,
      seatFreedAt: null,
    };
    const instanceModule = existing
      ? await tx.instanceModule.update({ where: { id: existing.id }, data })
      : await tx.instanceModule.create({ data: { instanceId: instance.id, moduleId: version.moduleId, ...data } });
    if (version.permissions.length) {
      await revokeConsents(tx, ctx, instance.id, version.moduleId, instance.orgId);
      await recordConsent(tx, ctx, {
        orgId: instance.orgId,
        instanceId: instance.id,
        moduleId: version.moduleId,
        moduleVersionId: version.id,
        licenseId: license.id,
        permissions: [...version.permissions],
      });
    }
    await tx.activationLog.create({
      data: {
        instanceId: instance.id,
        instanceModuleId: instanceModule.id,
        moduleId: version.moduleId,
        moduleVersionId: version.id,
        licenseId: license.id,
        eventType: 'activation',
        status: 'success',
        performedById: ctx.user?.id ?? null,
        performedAt: now,
        metadata: requestMeta(ctx, {
          version: version.version,
          hash: reportedHash,
          ...(existing ? { reactivation: true } : {}),
        }) as Prisma.InputJsonValue,
      },
    });
    await audit(tx, ctx, {
      action: 'activate',
      entityType: 'instance',
      entityId: instance.id,
      orgId: instance.orgId,
      oldValue: existing ? { module_id: existing.moduleId, module_version_id: existing.moduleVersionId, is_active: false } : null,
      newValue: {
        module_id: version.moduleId,
        module_version_id: version.id,
        license_id: license.id,
        instance_module_id: instanceModule.id,
      },
    });
    return { ok: true, instanceModule };
  }, TX);

  const hints = await activationHints(ctx, instance, version);
  if (!outcome.ok) {
    await logFailure(
      ctx,
      {
        instanceId: instance.id,
        moduleId: version.moduleId,
        moduleVersionId: version.id,
        licenseId: outcome.error.code === E.LICENSE_NOT_FOUND ? null : input.licenseId,
        instanceModuleId: outcome.existing?.id ?? null,
        eventType: 'activation',
      },
      outcome.error,
      requestMeta(ctx, { version: version.version, reported_hash: reportedHash, ...outcome.metadata }),
    );
    return { instanceModule: null, errors: [outcome.error], hints };
  }
  return { instanceModule: outcome.instanceModule, errors: [], hints };
}

async function activationHints(
  ctx: Context,
  instance: InstanceWithCore,
  version: {
    id: number;
    version: string;
    status: string;
    deprecatedAt: Date | null;
    moduleId: number;
    module: { name: string };
    dependencies: { dependsOnModuleId: number; minVersion: string; isRequired: boolean; dependsOnModule: { name: string } }[];
  },
): Promise<ActivationHint[]> {
  const hints: ActivationHint[] = [];
  const optional = version.dependencies.filter((d) => !d.isRequired);
  if (optional.length) {
    const active = await ctx.prisma.instanceModule.findMany({
      where: { instanceId: instance.id, isActive: true },
      include: { moduleVersion: { select: { version: true } } },
    });
    const activeMap = withBuiltIns(
      new Map(active.map((m) => [m.moduleId, m.moduleVersion.version])),
      await builtInModulesFor(ctx.prisma, instance.core),
    );
    for (const d of optional) {
      const unmet = unmetOf([{ ...d, isRequired: true }], activeMap);
      if (unmet.length) {
        hints.push(
          hint(
            H.OPTIONAL_DEPENDENCY_MISSING,
            `Optional: ${d.dependsOnModule.name} ≥ ${d.minVersion} adds features to ${version.module.name} (not required).`,
            d.dependsOnModuleId,
          ),
        );
      }
    }
  }
  if (version.status === 'beta')
    hints.push(hint(H.BETA_VERSION, `${version.module.name} ${version.version} is a beta release.`, version.moduleId));
  if (version.deprecatedAt)
    hints.push(
      hint(
        H.VERSION_DEPRECATED,
        `${version.module.name} ${version.version} is deprecated since ${fmtDate(version.deprecatedAt)}.`,
        version.moduleId,
      ),
    );
  if (instance.core.validationStatus !== 'validated') {
    hints.push(hint(H.CORE_NOT_VALIDATED, coreStatusText(instance.core)));
  }
  return hints;
}

// ───────────────────────────────────────────── deactivation

export async function deactivateModule(
  ctx: Context,
  input: { instanceId: number; moduleId: number },
): Promise<{ instanceModule: InstanceModule | null; errors: UserError[] }> {
  const instance = await requireInstance(ctx, input.instanceId, 'manage_instances');
  const module = await ctx.prisma.module.findUnique({
    where: { id: input.moduleId },
    select: {
      id: true,
      name: true,
      vendorId: true,
      versions: { where: { status: { in: [...APPROVED_STATUSES] } }, select: { id: true }, take: 1 },
      instanceModules: { where: { instanceId: instance.id }, select: { id: true }, take: 1 },
    },
  });
  // Visible: published, ever installed on this instance, or the caller runs its vendor.
  if (!module || (!module.versions.length && !module.instanceModules.length && !(await canManageVendor(ctx, module.vendorId))))
    throw notFound('Module');

  const outcome = await ctx.prisma.$transaction(async (tx): Promise<Failure | Success> => {
    const now = ctx.clock.now();
    await tx.$queryRaw`SELECT id FROM instances WHERE id = ${instance.id} FOR UPDATE`;
    const existing = await tx.instanceModule.findUnique({
      where: { instanceId_moduleId: { instanceId: instance.id, moduleId: module.id } },
    });
    const fail = (code: string, message: string, metadata: Record<string, unknown> = {}): Failure => ({
      ok: false,
      error: new UserError(code, message, 'moduleId'),
      metadata,
      existing,
    });
    if (await isCoreModule(tx, instance.core.softwareId, module.id))
      return fail(E.CORE_MODULE, builtInText(module.name, instance.core.software.name));
    if (!existing?.isActive) return fail(E.MODULE_NOT_ACTIVE, `${module.name} is not active on ${instance.name}.`);
    const running = await tx.instanceModuleUpdate.findFirst({ where: { instanceModuleId: existing.id, status: 'in_progress' } });
    if (running)
      return fail(E.UPDATE_IN_PROGRESS, `An update of ${module.name} is in progress: report its result first.`, { update_id: running.id });
    const dependents = await tx.instanceModule.findMany({
      where: {
        instanceId: instance.id,
        isActive: true,
        id: { not: existing.id },
        moduleVersion: { dependencies: { some: { dependsOnModuleId: module.id, isRequired: true } } },
      },
      include: { module: { select: { name: true } } },
    });
    if (dependents.length) {
      const names = dependents.map((d) => d.module.name).join(', ');
      return fail(
        E.DEPENDENTS_ACTIVE,
        `${names} ${dependents.length > 1 ? 'require' : 'requires'} ${module.name}: deactivate ${dependents.length > 1 ? 'them' : 'it'} first.`,
        {
          dependents: dependents.map((d) => d.moduleId),
        },
      );
    }
    const instanceModule = await tx.instanceModule.update({ where: { id: existing.id }, data: { isActive: false, deactivatedAt: now } });
    await revokeConsents(tx, ctx, instance.id, module.id, instance.orgId);
    await tx.activationLog.create({
      data: {
        instanceId: instance.id,
        instanceModuleId: existing.id,
        moduleId: module.id,
        moduleVersionId: existing.moduleVersionId,
        licenseId: existing.licenseId,
        eventType: 'deactivation',
        status: 'success',
        performedById: ctx.user?.id ?? null,
        performedAt: now,
        metadata: requestMeta(ctx) as Prisma.InputJsonValue,
      },
    });
    await audit(tx, ctx, {
      action: 'deactivate',
      entityType: 'instance',
      entityId: instance.id,
      orgId: instance.orgId,
      oldValue: { module_id: module.id, is_active: true },
      newValue: { module_id: module.id, is_active: false, instance_module_id: existing.id },
    });
    return { ok: true, instanceModule };
  }, TX);

  if (!outcome.ok) {
    await logFailure(
      ctx,
      {
        instanceId: instance.id,
        moduleId: module.id,
        moduleVersionId: outcome.existing?.moduleVersionId ?? null,
        licenseId: outcome.existing?.licenseId ?? null,
        instanceModuleId: outcome.existing?.id ?? null,
        eventType: 'deactivation',
      },
      outcome.error,
      requestMeta(ctx, outcome.metadata),
    );
    return { instanceModule: null, errors: [outcome.error] };
  }
  return { instanceModule: outcome.instanceModule, errors: [] };
}

// ───────────────────────────────────────────── activation log

export async function activationLog(
  ctx: Context,
  instanceId: number,
  args: { first: number; after?: string | null; moduleId?: number | null },
): Promise<Connection<ActivationLog>> {
  await requireInstance(ctx, instanceId, 'view_instances');
  const where: Prisma.ActivationLogWhereInput = { instanceId, ...(args.moduleId ? { moduleId: args.moduleId } : {}) };
  const cursor = decodeCursor(args.after, 2);
  const after: Prisma.ActivationLogWhereInput = cursor
    ? {
        OR: [
          { performedAt: { lt: new Date(String(cursor[0])) } },
          { performedAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    ctx.prisma.activationLog.findMany({
      where: { AND: [where, after] },
      orderBy: [{ performedAt: 'desc' }, { id: 'desc' }],
      take: args.first + 1,
    }),
    ctx.prisma.activationLog.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.performedAt.toISOString(), r.id], !!cursor);
}

// ───────────────────────────────────────────── planner

const versionInclude = {
  compatibility: true,
  dependencies: { include: { dependsOnModule: { include: { vendor: { select: { name: true } } } } } },
} as const;

/** Published modules the dialog offers, with what the org holds and what is active already. */
export async function activationCandidates(ctx: Context, instanceId: number): Promise<ActivationCandidate[]> {
  const instance = await requireInstance(ctx, instanceId, 'view_instances');
  const now = ctx.clock.now();
  const [modules, licenses, active] = await Promise.all([
    ctx.prisma.module.findMany({
      // Core modules of the instance's software are always active: never offered for activation.
      where: {
        status: 'published',
        versions: { some: { status: { in: ['beta', 'stable'] } } },
        coreFor: { none: { softwareId: instance.core.softwareId } },
      },
      include: { vendor: { select: { name: true } } },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    }),
    ctx.prisma.license.findMany({ where: { orgId: instance.orgId }, select: { moduleId: true, status: true, expiresAt: true } }),
    ctx.prisma.instanceModule.findMany({ where: { instanceId, isActive: true }, select: { moduleId: true } }),
  ]);
  const licensed = new Set(licenses.filter((l) => isLicenseUsableAt(l, now)).map((l) => l.moduleId));
  const activeIds = new Set(active.map((a) => a.moduleId));
  return modules
    .map((m) =>
      Object.assign(new ActivationCandidate(), {
        module: toListing(m),
        activeOnInstance: activeIds.has(m.id),
        licensed: licensed.has(m.id),
      }),
    )
    .sort((a, b) => Number(b.licensed) - Number(a.licensed) || Number(a.activeOnInstance) - Number(b.activeOnInstance));
}

/**
 * The full plan for activating `moduleId` on an instance: the version to install for its core,
 * the org's licenses and the one to use, dependencies (with versions that fit the core and
 * whether the org holds a license for them), and every blocker — computed before anything is
 * attempted. Blockers use the codes of instanceActivateModule, in the same order.
 */
export async function activationPlan(ctx: Context, instanceId: number, moduleId: number): Promise<ActivationPlan> {
  const instance = await requireInstance(ctx, instanceId, 'view_instances');
  const now = ctx.clock.now();
  const module = await ctx.prisma.module.findUnique({
    where: { id: moduleId },
    include: { vendor: { select: { name: true } }, versions: { include: versionInclude } },
  });
  const approved = (module?.versions ?? []).filter((v) => isApproved(v.status));
  if (!module || approved.length === 0) throw notFound('Module');

  const core = instance.core;
  const coreV = { softwareId: core.softwareId, version: core.version };
  const fitting = approved.filter((v) => fitsCore(v.compatibility, coreV));
  const recommended = recommendVersion(fitting);
  const planned = recommended ?? sortVersionsDesc(approved.filter((v) => !v.deprecatedAt))[0] ?? sortVersionsDesc(approved)[0];

  const depIds = [...new Set(planned.dependencies.map((d) => d.dependsOnModuleId))];
  const [licenses, instanceModules, depVersions, depLicenses, builtIns] = await Promise.all([
    ctx.prisma.license.findMany({ where: { orgId: instance.orgId, moduleId }, include: { pricingPlan: true }, orderBy: { id: 'asc' } }),
    ctx.prisma.instanceModule.findMany({ where: { instanceId }, include: { moduleVersion: { select: { version: true } } } }),
    depIds.length
      ? ctx.prisma.moduleVersion.findMany({
          where: { moduleId: { in: depIds }, status: { in: ['beta', 'stable'] } },
          include: { compatibility: true },
        })
      : Promise.resolve([]),
    depIds.length
      ? ctx.prisma.license.findMany({
          where: { orgId: instance.orgId, moduleId: { in: depIds } },
          select: { moduleId: true, status: true, expiresAt: true },
        })
      : Promise.resolve([]),
    builtInModulesFor(ctx.prisma, core),
  ]);
  const builtInIds = new Set(builtIns.map((b) => b.moduleId));
  // Seats in use: stale floating seats are free (the activation frees them first).
  const usedBy = await seatsInUse(
    ctx.prisma,
    licenses.map((l) => l.id),
    now,
  );
  const licenseViews = licenses.map((l) => toLicense(l, now, usedBy.get(l.id) ?? 0));
  // The most suitable license: usable (active, unexpired), with a free seat, the newest first
  // (a renewed or upgraded license rather than an old one that is about to end).
  const recommendedLicense =
    [...licenseViews]
      .sort((a, b) => b.id - a.id)
      .find((l) => l.usable && (l.maxInstances === null || l.activeInstances < l.maxInstances)) ?? null;
  const activeOnInstance = instanceModules.find((m) => m.moduleId === moduleId && m.isActive) ?? null;
  const activeMap = withBuiltIns(
    new Map(instanceModules.filter((m) => m.isActive).map((m) => [m.moduleId, m.moduleVersion.version])),
    builtIns,
  );

  const dependency = (d: (typeof planned.dependencies)[number]): PlanDependency => {
    const activeVersion = activeMap.get(d.dependsOnModuleId) ?? null;
    const state =
      activeVersion === null
        ? DependencyState.MISSING
        : safeCompare(activeVersion, d.minVersion) >= 0
          ? DependencyState.SATISFIED
          : DependencyState.VERSION_TOO_LOW;
    const fits = sortVersionsDesc(
      depVersions.filter(
        (v) =>
          v.moduleId === d.dependsOnModuleId &&
          !v.deprecatedAt &&
          safeCompare(v.version, d.minVersion) >= 0 &&
          fitsCore(v.compatibility, coreV),
      ),
    );
    return Object.assign(new PlanDependency(), {
      module: toListing(d.dependsOnModule),
      minVersion: d.minVersion,
      dependencyType: d.dependencyType,
      isRequired: d.isRequired,
      state,
      activeVersion,
      fittingVersions: fits.map(toRelease),
      orgHasActiveLicense: depLicenses.some((l) => l.moduleId === d.dependsOnModuleId && isLicenseUsableAt(l, now)),
      builtIn: builtInIds.has(d.dependsOnModuleId),
    });
  };
  const requiredDependencies = planned.dependencies.filter((d) => d.isRequired).map(dependency);
  const optionalDependencies = planned.dependencies.filter((d) => !d.isRequired).map(dependency);

  const blockers: UserError[] = [];
  if (!instance.isActive) blockers.push(new UserError(E.INSTANCE_INACTIVE, `${instance.name} is deactivated.`, 'instanceId'));
  const isBuiltIn = builtInIds.has(module.id);
  if (isBuiltIn) blockers.push(new UserError(E.CORE_MODULE, builtInText(module.name, core.software.name), 'moduleVersionId'));
  if (activeOnInstance) {
    blockers.push(
      new UserError(
        E.MODULE_ALREADY_ACTIVE,
        `${module.name} ${activeOnInstance.moduleVersion.version} is already active on ${instance.name}; use an update to change its version.`,
        'moduleVersionId',
      ),
    );
  }
  if (isBuiltIn) {
    // A core module needs no license: the license checks do not apply.
  } else if (licenses.length === 0) {
    blockers.push(new UserError(E.LICENSE_NOT_FOUND, `Your organization holds no ${module.name} license: buy one first.`, 'licenseId'));
  } else if (!licenses.some((l) => l.status === 'active')) {
    const statuses = [...new Set(licenses.map((l) => l.status))].join(' / ');
    blockers.push(
      new UserError(
        E.LICENSE_NOT_ACTIVE,
        `Your ${module.name} license${licenses.length > 1 ? 's are' : ' is'} ${statuses}, not active.`,
        'licenseId',
      ),
    );
  } else if (!licenseViews.some((l) => l.usable)) {
    const last = licenses
      .map((l) => l.expiresAt)
      .filter((d): d is Date => !!d)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    blockers.push(
      new UserError(
        E.LICENSE_EXPIRED,
        `Your ${module.name} license expired${last ? ` on ${fmtDate(last)}` : ''}: renew it first.`,
        'licenseId',
      ),
    );
  }
  if (!recommended) {
    const declared = sortVersionsDesc(approved)
      .map((v) => `${v.version}: ${describeRanges(v.compatibility, core.softwareId)}`)
      .join('; ');
    blockers.push(
      new UserError(
        E.VERSION_INCOMPATIBLE,
        `No approved version of ${module.name} supports ${core.software.name} core ${core.version} (${declared}).`,
        'moduleVersionId',
      ),
    );
  }
  const missing = requiredDependencies.filter((d) => d.state !== DependencyState.SATISFIED);
  if (missing.length) {
    blockers.push(
      new UserError(
        E.DEPENDENCY_MISSING,
        `${module.name} ${planned.version} requires ${missing.map((d) => `${d.module.name} ≥ ${d.minVersion}`).join(', ')} active on this instance: activate ${missing.length > 1 ? 'them' : 'it'} first.`,
        'moduleVersionId',
      ),
    );
  }
  if (!isBuiltIn && licenseViews.some((l) => l.usable) && !recommendedLicense) {
    const l = licenseViews.find((x) => x.usable)!;
    blockers.push(
      new UserError(
        E.INSTANCE_LIMIT_REACHED,
        `Every usable ${module.name} license is at its plan's instance limit (${l.activeInstances}/${l.maxInstances}).`,
        'licenseId',
      ),
    );
  }
  blockers.sort((a, b) => ACTIVATION_CHECK_ORDER.indexOf(a.code as E) - ACTIVATION_CHECK_ORDER.indexOf(b.code as E));

  const hints: ActivationHint[] = optionalDependencies
    .filter((d) => d.state !== DependencyState.SATISFIED)
    .map((d) =>
      hint(
        H.OPTIONAL_DEPENDENCY_MISSING,
        `Optional: ${d.module.name} ≥ ${d.minVersion} adds features to ${module.name} (not required).`,
        d.module.id,
      ),
    );
  if (recommended?.status === 'beta')
    hints.push(hint(H.BETA_VERSION, `Only a beta release of ${module.name} (${recommended.version}) supports this core.`, module.id));
  if (core.validationStatus !== 'validated') hints.push(hint(H.CORE_NOT_VALIDATED, coreStatusText(core)));

  return Object.assign(new ActivationPlan(), {
    instanceId,
    module: toListing(module),
    core,
    canActivate: blockers.length === 0,
    recommendedVersion: recommended ? toRelease(recommended) : null,
    versions: sortVersionsDesc(approved).map((v) => ({
      version: toRelease(v),
      compatible: fitsCore(v.compatibility, coreV),
      compatibility: describeRanges(v.compatibility, core.softwareId),
      recommended: v.id === recommended?.id,
    })),
    licenses: licenseViews,
    recommendedLicense,
    activeOnInstance,
    requiredDependencies,
    optionalDependencies,
    blockers,
    hints,
  });
}

// ───────────────────────────────────────────── core upgrade check

/**
 * What moving the instance to `targetCoreId` means for each active module: its version runs on the
 * target (STAYS_COMPATIBLE), a newer approved version does (NEEDS_UPDATE, with that version and
 * whether an update path exists), or none does (WOULD_BREAK).
 */
export async function coreUpgradeCheck(ctx: Context, instanceId: number, targetCoreId: number): Promise<CoreUpgradeCheck> {
  const instance = await requireInstance(ctx, instanceId, 'view_instances');
  const target = await ctx.prisma.softwareCore.findUnique({ where: { id: targetCoreId }, include: { software: true } });
  if (!target) throw notFound('Software core');
  if (target.softwareId !== instance.core.softwareId) throw badInput(`Choose a core of ${instance.core.software.name}.`, 'targetCoreId');
  const targetV = { softwareId: target.softwareId, version: target.version };
  const currentV = { softwareId: instance.core.softwareId, version: instance.core.version };

  const active = await ctx.prisma.instanceModule.findMany({
    where: { instanceId, isActive: true },
    include: { module: { include: { vendor: { select: { name: true } } } }, moduleVersion: { include: { compatibility: true } } },
    orderBy: { id: 'asc' },
  });
  const versions = active.length
    ? await ctx.prisma.moduleVersion.findMany({
        where: { moduleId: { in: active.map((a) => a.moduleId) }, status: { in: ['beta', 'stable'] } },
        include: { compatibility: true },
      })
    : [];

  const modules: CoreUpgradeModuleResult[] = [];
  for (const m of active) {
    const current = m.moduleVersion;
    const base = { instanceModule: m, module: toListing(m.module), currentVersion: toRelease(current) };
    const name = `${m.module.name} ${current.version}`;
    if (fitsCore(current.compatibility, targetV)) {
      modules.push(
        Object.assign(new CoreUpgradeModuleResult(), {
          ...base,
          outcome: CoreUpgradeOutcome.STAYS_COMPATIBLE,
          targetVersion: null,
          updatePathAvailable: false,
          message: `${name} supports ${target.version} (${describeRanges(current.compatibility, target.softwareId)}).`,
        }),
      );
      continue;
    }
    const newer = versions.filter(
      (v) => v.moduleId === m.moduleId && safeCompare(v.version, current.version) > 0 && fitsCore(v.compatibility, targetV),
    );
    const next = recommendVersion(newer);
    if (!next) {
      modules.push(
        Object.assign(new CoreUpgradeModuleResult(), {
          ...base,
          outcome: CoreUpgradeOutcome.WOULD_BREAK,
          targetVersion: null,
          updatePathAvailable: false,
          message: `${name} supports ${describeRanges(current.compatibility, target.softwareId)} and no approved newer version supports ${target.version}: it would stop working.`,
        }),
      );
      continue;
    }
    const path = await updatePathFor(ctx, current, next);
    const runsOnBoth = fitsCore(next.compatibility, currentV);
    modules.push(
      Object.assign(new CoreUpgradeModuleResult(), {
        ...base,
        outcome: CoreUpgradeOutcome.NEEDS_UPDATE,
        targetVersion: toRelease(next),
        updatePathAvailable: path.allowed,
        message: runsOnBoth
          ? `Update ${m.module.name} to ${next.version} before the core upgrade (it runs on both ${instance.core.version} and ${target.version}).`
          : `Update ${m.module.name} to ${next.version} right after the core upgrade (it does not run on ${instance.core.version}).`,
      }),
    );
  }
  const count = (o: CoreUpgradeOutcome) => modules.filter((x) => x.outcome === o).length;
  return Object.assign(new CoreUpgradeCheck(), {
    instanceId,
    currentCore: instance.core,
    targetCore: target,
    modules,
    staysCompatible: count(CoreUpgradeOutcome.STAYS_COMPATIBLE),
    needsUpdate: count(CoreUpgradeOutcome.NEEDS_UPDATE),
    wouldBreak: count(CoreUpgradeOutcome.WOULD_BREAK),
    safe: count(CoreUpgradeOutcome.WOULD_BREAK) === 0,
  });
}
