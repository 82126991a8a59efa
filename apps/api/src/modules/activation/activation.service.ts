import type { ActivationLog, InstanceModule, ModuleVersion, Prisma } from '@wk/db';
import { unmetDependencies, type CoreCompatibility, type UnmetDependency } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound, UserError } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { floatingWindow, freeStaleSeats, requireInstance, type InstanceWithCore } from '../instances';
import { canManageVendor } from '../vendors';
import { builtInModulesFor, isCoreModule, withBuiltIns } from '../core-modules';
import { recordConsent, requireOrgAdmin, revokeConsents } from '../permissions';
import { ActivationErrorCode as E, ActivationHintCode as H } from './activation.errors';
import { APPROVED_STATUSES, describeRanges, fitsCore, isApproved, sameHash } from './activation.rules';
import { ActivationHint } from './activation.types';
import { builtInText, coreStatusText, fmtDate, hint } from './activation.texts';

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

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

    const refused = await instanceFailure(tx, fresh, existing, version.module, fail);
    if (refused) return refused;
    const license = await lockLicense(tx, { id: input.licenseId, orgId: instance.orgId, module: version.module }, now, fail);
    if (!('id' in license)) return license;
    const unfit = versionFailure(version, fresh, label, fail);
    if (unfit) return unfit;
    const unmet = await dependencyFailure(tx, instance.id, fresh.core, version, label, fail);
    if (unmet) return unmet;
    const full = await seatFailure(tx, ctx, license, instance.id, fail);
    if (full) return full;
    const mismatch = hashFailure(version.hash, reportedHash, label, fail);
    if (mismatch) return mismatch;
    const unconsented = consentFailure(version.permissions, input.consentedPermissions, consenting, label, fail);
    if (unconsented) return unconsented;

    const instanceModule = await recordActivation(tx, ctx, { instance, version, licenseId: license.id, existing, reportedHash, now });
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

/** The activation itself: the instance's module row, the consent (replacing an earlier one), the log and audit rows. */
async function recordActivation(
  tx: Prisma.TransactionClient,
  ctx: Context,
  a: {
    instance: { id: number; orgId: number };
    version: { id: number; moduleId: number; version: string; permissions: string[] };
    licenseId: number;
    existing: InstanceModule | null;
    reportedHash: string;
    now: Date;
  },
): Promise<InstanceModule> {
  const { instance, version, licenseId, existing, reportedHash, now } = a;
  const data = {
    licenseId,
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
      licenseId,
      permissions: [...version.permissions],
    });
  }
  await tx.activationLog.create({
    data: {
      instanceId: instance.id,
      instanceModuleId: instanceModule.id,
      moduleId: version.moduleId,
      moduleVersionId: version.id,
      licenseId,
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
      license_id: licenseId,
      instance_module_id: instanceModule.id,
    },
  });
  return instanceModule;
}

type Fail = (code: string, message: string, field: string, metadata?: Record<string, unknown>) => Failure;

/** The instance takes no new module: it is deactivated, the module is built into its core, or already active there. */
async function instanceFailure(
  tx: Prisma.TransactionClient,
  fresh: InstanceWithCore,
  existing: InstanceModule | null,
  module: { id: number; name: string },
  fail: Fail,
): Promise<Failure | null> {
  if (!fresh.isActive) return fail(E.INSTANCE_INACTIVE, `${fresh.name} is deactivated.`, 'instanceId');
  if (await isCoreModule(tx, fresh.core.softwareId, module.id))
    return fail(E.CORE_MODULE, builtInText(module.name, fresh.core.software.name), 'moduleVersionId');
  if (!existing?.isActive) return null;
  const current = await tx.moduleVersion.findUnique({ where: { id: existing.moduleVersionId }, select: { version: true } });
  return fail(
    E.MODULE_ALREADY_ACTIVE,
    `${module.name} ${current?.version} is already active on ${fresh.name}. Use an update to change its version.`,
    'moduleVersionId',
    { active_version: current?.version },
  );
}

type LockedLicense = { id: number; status: string; expires_at: Date | null; pricing_plan_id: number | null };

/** The org's license of the module, locked for the seat count (FOR UPDATE), or why it cannot be used: unknown, not active, expired. */
async function lockLicense(
  tx: Prisma.TransactionClient,
  wanted: { id: number; orgId: number; module: { id: number; name: string } },
  now: Date,
  fail: Fail,
): Promise<LockedLicense | Failure> {
  const name = wanted.module.name;
  const locked = await tx.$queryRaw<LockedLicense[]>`
    SELECT id, status::text AS status, expires_at, pricing_plan_id FROM module_licenses
    WHERE id = ${wanted.id} AND org_id = ${wanted.orgId} AND module_id = ${wanted.module.id}
    FOR UPDATE`;
  const license = locked[0];
  if (!license) return fail(E.LICENSE_NOT_FOUND, `Your organization holds no ${name} license with this id.`, 'licenseId');
  if (license.status !== 'active')
    return fail(E.LICENSE_NOT_ACTIVE, `The ${name} license is ${license.status}, not active.`, 'licenseId', {
      license_status: license.status,
    });
  if (license.expires_at && license.expires_at.getTime() <= now.getTime())
    return fail(E.LICENSE_EXPIRED, `The ${name} license expired on ${fmtDate(license.expires_at)}.`, 'licenseId', {
      expires_at: license.expires_at.toISOString(),
    });
  return license;
}

/** The version may not go on this instance: not approved (or withdrawn), or not made for its core. */
function versionFailure(
  version: Pick<ModuleVersion, 'status' | 'withdrawnReason'> & { compatibility: readonly CoreCompatibility[] },
  fresh: InstanceWithCore,
  label: string,
  fail: Fail,
): Failure | null {
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
  if (fitsCore(version.compatibility, { softwareId: core.softwareId, version: core.version })) return null;
  const ranges = describeRanges(version.compatibility, core.softwareId);
  return fail(
    E.VERSION_INCOMPATIBLE,
    `${label} supports ${core.software.name} core ${ranges}; ${fresh.name} runs ${core.version}.`,
    'moduleVersionId',
    { core_version: core.version, supported: ranges },
  );
}

/** The hash the instance reports is not the version's artifact hash (or the version has none). */
function hashFailure(expected: string | null, reportedHash: string, label: string, fail: Fail): Failure | null {
  if (sameHash(expected, reportedHash)) return null;
  return fail(
    E.HASH_MISMATCH,
    expected
      ? `Hash mismatch: the instance reported ${reportedHash || '(empty)'} but ${label} is ${expected}. Download the artifact again.`
      : `Hash mismatch: ${label} has no published artifact hash to verify against.`,
    'reportedHash',
    { expected, got: reportedHash },
  );
}

/** Every required dependency active (core modules count) at its minimum version, or the failure naming what is missing. */
async function dependencyFailure(
  tx: Prisma.TransactionClient,
  instanceId: number,
  core: InstanceWithCore['core'],
  version: { dependencies: { dependsOnModuleId: number; minVersion: string; isRequired: boolean; dependsOnModule: { name: string } }[] },
  label: string,
  fail: Fail,
): Promise<Failure | null> {
  const active = await tx.instanceModule.findMany({
    where: { instanceId, isActive: true },
    include: { moduleVersion: { select: { version: true } } },
  });
  // Core modules of the software count as active at the version that fits this core.
  const activeMap = withBuiltIns(new Map(active.map((m) => [m.moduleId, m.moduleVersion.version])), await builtInModulesFor(tx, core));
  const unmet = unmetOf(version.dependencies, activeMap);
  if (!unmet.length) return null;
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

/**
 * A free seat under the plan's max_instances (the license row is locked by the caller). A floating
 * plan's stale seats are freed first, under that lock, before seats are counted.
 */
async function seatFailure(
  tx: Prisma.TransactionClient,
  ctx: Context,
  license: { id: number; pricing_plan_id: number | null },
  instanceId: number,
  fail: Fail,
): Promise<Failure | null> {
  const plan = license.pricing_plan_id ? await tx.pricingPlan.findUnique({ where: { id: license.pricing_plan_id } }) : null;
  if (floatingWindow(plan) !== null) await freeStaleSeats(tx, ctx, { licenseId: license.id }, 'activation');
  if (plan?.maxInstances === null || plan?.maxInstances === undefined) return null;
  const used = await tx.instanceModule.count({ where: { licenseId: license.id, isActive: true, instanceId: { not: instanceId } } });
  if (used < plan.maxInstances) return null;
  return fail(
    E.INSTANCE_LIMIT_REACHED,
    `The ${plan.name} plan allows ${plan.maxInstances} instance${plan.maxInstances === 1 ? '' : 's'} and this license is active on ${used}: deactivate it elsewhere or buy another license.`,
    'licenseId',
    { max_instances: plan.maxInstances, active_instances: used },
  );
}

/** Every permission the version asks for consented to (by an org admin), or the failure naming the missing ones. */
function consentFailure(
  asked: string[],
  consented: string[] | null | undefined,
  consenting: boolean,
  label: string,
  fail: Fail,
): Failure | null {
  if (!asked.length) return null;
  const given = new Set((consented ?? []).map((p) => p.trim()));
  const missing = asked.filter((p) => !given.has(p));
  if (!missing.length) return null;
  return fail(
    E.PERMISSION_CONSENT_REQUIRED,
    consenting
      ? `Consent to every permission ${label} asks for; missing: ${missing.join(', ')}.`
      : `${label} asks for permissions (${asked.join(', ')}): an organization admin must consent to them to activate it.`,
    'consentedPermissions',
    { required: asked, missing },
  );
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
    const refused = await deactivationFailure(tx, instance, module, existing, fail);
    if (refused) return refused;
    const instanceModule = await recordDeactivation(tx, ctx, instance, module.id, existing!, now);
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

/** Why the module cannot be deactivated: built into the core, not active, an update running, or active modules require it. */
async function deactivationFailure(
  tx: Prisma.TransactionClient,
  instance: InstanceWithCore,
  module: { id: number; name: string },
  existing: InstanceModule | null,
  fail: (code: string, message: string, metadata?: Record<string, unknown>) => Failure,
): Promise<Failure | null> {
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
  return null;
}

/** The deactivation: the row goes inactive, its consents are revoked, with the log and audit rows. */
async function recordDeactivation(
  tx: Prisma.TransactionClient,
  ctx: Context,
  instance: InstanceWithCore,
  moduleId: number,
  existing: InstanceModule,
  now: Date,
): Promise<InstanceModule> {
  const instanceModule = await tx.instanceModule.update({ where: { id: existing.id }, data: { isActive: false, deactivatedAt: now } });
  await revokeConsents(tx, ctx, instance.id, moduleId, instance.orgId);
  await tx.activationLog.create({
    data: {
      instanceId: instance.id,
      instanceModuleId: existing.id,
      moduleId,
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
    oldValue: { module_id: moduleId, is_active: true },
    newValue: { module_id: moduleId, is_active: false, instance_module_id: existing.id },
  });
  return instanceModule;
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
