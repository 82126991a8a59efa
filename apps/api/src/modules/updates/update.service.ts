import type { InstanceModule, InstanceModuleUpdate, License, ModuleVersion, Prisma, UpdateFlow } from '@wk/db';
import { isLicenseUsableAt } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound, UserError } from '../../core/errors';
import { byId } from '../../core/loaders';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { requireInstance, requireInstanceModule } from '../instances';
import { toListing, toRelease } from '../instances';
import { describeRanges, fitsCore, isApproved, safeCompare, sortVersionsDesc } from '../activation';
import { canManageVendor } from '../vendors';
import { currentConsent, permissionChange, permissionDelta } from '../permissions';
import { UpdateErrorCode as E } from './update.errors';
import { resolveUpdatePath, updateTypeBetween, type UpdatePath } from './update.rules';
import { InstanceModuleAvailableUpdates, InstanceUpdateFlow, ModuleUpdateOption, UpdatePathInfo } from './update.types';

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

export function toFlowInfo(f: UpdateFlow): InstanceUpdateFlow {
  return Object.assign(new InstanceUpdateFlow(), {
    id: f.id,
    updateType: f.updateType,
    isBreaking: f.isBreaking,
    requiresDowntime: f.requiresDowntime,
    estimatedDurationMinutes: f.estimatedDurationMinutes,
    migrationScriptPath: f.migrationScriptPath,
    rollbackScriptPath: f.rollbackScriptPath,
    approved: !!f.approvedAt,
  });
}

function toPathInfo(p: UpdatePath): UpdatePathInfo {
  return Object.assign(new UpdatePathInfo(), {
    allowed: p.allowed,
    direct: p.direct,
    code: p.code,
    message: p.message,
    breaking: p.breaking,
    requiresDowntime: p.requiresDowntime,
    estimatedDurationMinutes: p.estimatedDurationMinutes,
    flow: p.flow ? toFlowInfo(p.flow) : p.existingFlow ? toFlowInfo(p.existingFlow) : null,
  });
}

export const flowLoader = (ctx: Context) => byId<UpdateFlow>((ids) => ctx.prisma.updateFlow.findMany({ where: { id: { in: ids } } }));

/** The update path between two versions of a module (loads the flow and the releases in between). */
export async function updatePathFor(ctx: Context, from: ModuleVersion, to: ModuleVersion): Promise<UpdatePath> {
  const [flows, releases] = await Promise.all([
    ctx.prisma.updateFlow.findMany({ where: { fromVersionId: from.id, toVersionId: to.id } }),
    ctx.prisma.moduleVersion.findMany({
      where: { moduleId: from.moduleId, status: { in: ['beta', 'stable'] } },
      select: { id: true, version: true, isCompatibleWithPrevious: true },
    }),
  ]);
  return resolveUpdatePath(from, to, flows, releases);
}

// ───────────────────────────────────────────── reads

/**
 * For each active module of an instance: the newer approved, non-deprecated versions that run on
 * its core, each with its update path (approved flow: breaking/downtime/minutes; or drop-in), the
 * one to recommend, and the update in progress if any.
 */
export async function availableUpdates(ctx: Context, instanceId: number): Promise<InstanceModuleAvailableUpdates[]> {
  const instance = await requireInstance(ctx, instanceId, 'view_instances');
  const coreV = { softwareId: instance.core.softwareId, version: instance.core.version };
  const active = await ctx.prisma.instanceModule.findMany({
    where: { instanceId, isActive: true },
    include: {
      module: { include: { vendor: { select: { name: true } } } },
      moduleVersion: true,
      updates: { where: { status: 'in_progress' }, take: 1 },
    },
    orderBy: { id: 'asc' },
  });
  if (!active.length) return [];
  const moduleIds = active.map((a) => a.moduleId);
  const [versions, flows] = await Promise.all([
    ctx.prisma.moduleVersion.findMany({
      where: { moduleId: { in: moduleIds }, status: { in: ['beta', 'stable'] } },
      include: { compatibility: true },
    }),
    ctx.prisma.updateFlow.findMany({ where: { fromVersionId: { in: active.map((a) => a.moduleVersionId) } } }),
  ]);
  return Promise.all(
    active.map(async (m) => {
      const releases = versions.filter((v) => v.moduleId === m.moduleId);
      const newer = sortVersionsDesc(
        releases.filter((v) => !v.deprecatedAt && safeCompare(v.version, m.moduleVersion.version) > 0 && fitsCore(v.compatibility, coreV)),
      );
      const options = await Promise.all(
        newer.map(async (v) =>
          Object.assign(new ModuleUpdateOption(), {
            version: toRelease(v),
            path: toPathInfo(resolveUpdatePath(m.moduleVersion, v, flows, releases)),
            permissionChange: await permissionChange(ctx, m, v),
          }),
        ),
      );
      const startable = options.filter((o) => o.path.allowed);
      const recommended = startable.find((o) => o.version.status === 'stable') ?? startable[0] ?? null;
      return Object.assign(new InstanceModuleAvailableUpdates(), {
        instanceModule: m,
        module: toListing(m.module),
        installedVersion: toRelease(m.moduleVersion),
        options,
        recommended,
        inProgress: m.updates[0] ?? null,
      });
    }),
  );
}

export async function instanceModuleUpdates(
  ctx: Context,
  args: { instanceId: number; first: number; after?: string | null },
): Promise<Connection<InstanceModuleUpdate>> {
  await requireInstance(ctx, args.instanceId, 'view_instances');
  const where: Prisma.InstanceModuleUpdateWhereInput = { instanceModule: { instanceId: args.instanceId } };
  const cursor = decodeCursor(args.after, 2);
  const after: Prisma.InstanceModuleUpdateWhereInput = cursor
    ? {
        OR: [{ startedAt: { lt: new Date(String(cursor[0])) } }, { startedAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } }],
      }
    : {};
  const [rows, total] = await Promise.all([
    ctx.prisma.instanceModuleUpdate.findMany({
      where: { AND: [where, after] },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: args.first + 1,
    }),
    ctx.prisma.instanceModuleUpdate.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.startedAt.toISOString(), r.id], !!cursor);
}

// ───────────────────────────────────────────── start

type Fail = { ok: false; error: UserError; metadata: Record<string, unknown> };

async function logUpdateAttempt(
  ctx: Context,
  row: { instanceId: number; instanceModuleId: number; moduleId: number; moduleVersionId: number; licenseId: number },
  eventType: 'update' | 'rollback',
  result: { error: UserError | null; metadata: Record<string, unknown> },
  tx?: Prisma.TransactionClient,
): Promise<void> {
  const write = (c: Prisma.TransactionClient) =>
    c.activationLog.create({
      data: {
        ...row,
        eventType,
        status: result.error ? 'failed' : 'success',
        errorCode: result.error?.code ?? null,
        errorMessage: result.error?.message ?? null,
        performedById: ctx.user?.id ?? null,
        performedAt: ctx.clock.now(),
        metadata: { ip: ctx.meta.ip, ...result.metadata } as Prisma.InputJsonValue,
      },
    });
  if (tx) await write(tx);
  else await ctx.prisma.$transaction(async (t) => write(t));
}

/**
 * Starts an update of an active instance module to a newer version (needs manage_instances):
 * the target must be an approved version of the same module, newer, compatible with the
 * instance core, licensed (the activation's license still usable), reachable along an approved
 * update flow or as a drop-in update, and confirmed when breaking. Creates the tracked update
 * (in progress); the instance (or a member) reports the outcome.
 */
export async function startUpdate(
  ctx: Context,
  input: { instanceModuleId: number; toVersionId: number; confirmBreaking: boolean },
): Promise<{ update: InstanceModuleUpdate | null; errors: UserError[] }> {
  const { instanceModule: im, instance } = await requireInstanceModule(ctx, input.instanceModuleId, 'manage_instances');
  const [from, to, license] = await Promise.all([
    ctx.prisma.moduleVersion.findUniqueOrThrow({ where: { id: im.moduleVersionId } }),
    ctx.prisma.moduleVersion.findUnique({
      where: { id: input.toVersionId },
      include: { compatibility: true, module: { select: { name: true, vendorId: true } } },
    }),
    ctx.prisma.license.findUniqueOrThrow({ where: { id: im.licenseId } }),
  ]);
  // A target buyers cannot see (pending or rejected) is treated as absent unless the caller runs
  // its vendor: no message names another vendor's draft.
  const toVisible = !!to && (isApproved(to.status) || (await canManageVendor(ctx, to.module.vendorId)));
  const logRow = {
    instanceId: instance.id,
    instanceModuleId: im.id,
    moduleId: im.moduleId,
    moduleVersionId: im.moduleVersionId,
    licenseId: im.licenseId,
  };
  const request: UpdateRequest = { instance, im, from, to: toVisible ? to : null, license, confirmBreaking: input.confirmBreaking };
  const outcome = await ctx.prisma.$transaction((tx) => startUpdateInTx(tx, ctx, request), TX);
  if (!outcome.ok) {
    await logUpdateAttempt(ctx, logRow, 'update', {
      error: outcome.error,
      metadata: { from: from.version, to: to?.version ?? null, ...outcome.metadata },
    });
    return { update: null, errors: [outcome.error] };
  }
  return { update: outcome.update, errors: [] };
}

/** An update request as read before its transaction; `to` is null when absent or not visible to the caller. */
interface UpdateRequest {
  instance: Awaited<ReturnType<typeof requireInstanceModule>>['instance'];
  im: InstanceModule;
  from: ModuleVersion;
  to: Prisma.ModuleVersionGetPayload<{ include: { compatibility: true; module: { select: { name: true; vendorId: true } } } }> | null;
  license: License;
  confirmBreaking: boolean;
}

const refusal = (code: string, message: string, field: string, metadata: Record<string, unknown> = {}): Fail => ({
  ok: false,
  error: new UserError(code, message, field),
  metadata,
});

/**
 * The update's transaction, under the instance's lock: the checks in their order (instance and
 * module active, no update running, the target, the path, the breaking confirmation, the
 * permission consent), then the flow (a drop-in update gets one), the update row and the audit row.
 */
async function startUpdateInTx(
  tx: Prisma.TransactionClient,
  ctx: Context,
  request: UpdateRequest,
): Promise<Fail | { ok: true; update: InstanceModuleUpdate }> {
  const { instance, im, from, to } = request;
  await tx.$queryRaw`SELECT id FROM instances WHERE id = ${instance.id} FOR UPDATE`;
  const fresh = await tx.instanceModule.findUniqueOrThrow({ where: { id: im.id } });
  const now = ctx.clock.now();
  if (!instance.isActive) return refusal(E.INSTANCE_INACTIVE, `${instance.name} is deactivated.`, 'instanceModuleId');
  if (!fresh.isActive) return refusal(E.MODULE_NOT_ACTIVE, 'This module is not active on the instance.', 'instanceModuleId');
  const running = await tx.instanceModuleUpdate.findFirst({ where: { instanceModuleId: im.id, status: 'in_progress' } });
  if (running)
    return refusal(E.UPDATE_IN_PROGRESS, 'An update of this module is already in progress: report its result first.', 'instanceModuleId', {
      update_id: running.id,
    });
  if (!to || to.moduleId !== im.moduleId) return refusal(E.VERSION_NOT_FOUND, 'Choose a version of the same module.', 'toVersionId');
  const refused = targetRefusal(request, to, now);
  if (refused) return refused;
  const path = await updatePathFor(ctx, from, to);
  const pathRefused = await pathOrConsentRefusal(tx, request, to, path);
  if (pathRefused) return pathRefused;
  // A drop-in update without a flow row gets one (not approved: nothing for an admin to review,
  // it carries no scripts); update rows always reference the flow they followed.
  const flow =
    path.flow ??
    path.existingFlow ??
    (await tx.updateFlow.create({
      data: {
        fromVersionId: from.id,
        toVersionId: to.id,
        updateType: updateTypeBetween(from.version, to.version),
        isBreaking: false,
        requiresDowntime: false,
        createdAt: now,
      },
    }));
  const update = await tx.instanceModuleUpdate.create({
    data: {
      instanceModuleId: im.id,
      updateFlowId: flow.id,
      fromVersionId: from.id,
      toVersionId: to.id,
      startedAt: now,
      status: 'in_progress',
      performedById: ctx.user?.id ?? null,
    },
  });
  await audit(tx, ctx, {
    action: 'update_start',
    entityType: 'instance_module',
    entityId: im.id,
    orgId: instance.orgId,
    oldValue: { module_version_id: from.id, version: from.version },
    newValue: {
      update_id: update.id,
      to_version_id: to.id,
      version: to.version,
      flow_id: flow.id,
      breaking: path.breaking,
      confirmed: request.confirmBreaking,
    },
  });
  return { ok: true, update };
}

/** The target version of the same module: approved, newer than the installed one, fits the core; the license still usable. */
function targetRefusal({ instance, from, license }: UpdateRequest, to: NonNullable<UpdateRequest['to']>, now: Date): Fail | null {
  const label = `${to.module.name} ${to.version}`;
  if (!isApproved(to.status)) return refusal(E.VERSION_NOT_APPROVED, `${label} is not approved (status: ${to.status}).`, 'toVersionId');
  if (safeCompare(to.version, from.version) <= 0)
    return refusal(E.VERSION_NOT_NEWER, `${label} is not newer than the installed ${from.version}.`, 'toVersionId');
  const core = instance.core;
  if (!fitsCore(to.compatibility, { softwareId: core.softwareId, version: core.version })) {
    return refusal(
      E.VERSION_INCOMPATIBLE,
      `${label} supports core ${describeRanges(to.compatibility, core.softwareId)}; ${instance.name} runs ${core.version}.`,
      'toVersionId',
    );
  }
  if (!isLicenseUsableAt(license, now)) {
    return refusal(
      E.LICENSE_NOT_USABLE,
      `The license of this activation is ${license.status === 'active' ? 'expired' : license.status}: renew it to receive updates.`,
      'instanceModuleId',
    );
  }
  return null;
}

/** The update path must be allowed, a breaking one confirmed, and new permissions consented to. */
async function pathOrConsentRefusal(
  tx: Prisma.TransactionClient,
  { instance, im, from, confirmBreaking }: UpdateRequest,
  to: NonNullable<UpdateRequest['to']>,
  path: UpdatePath,
): Promise<Fail | null> {
  if (!path.allowed)
    return refusal(
      path.code === 'UPDATE_FLOW_NOT_APPROVED' ? E.UPDATE_FLOW_NOT_APPROVED : E.UPDATE_PATH_MISSING,
      path.message!,
      'toVersionId',
    );
  if (path.breaking && !confirmBreaking) {
    return refusal(
      E.UPDATE_BREAKING_NOT_CONFIRMED,
      `${from.version} → ${to.version} is a breaking update${path.requiresDowntime ? ' with downtime' : ''}: confirm it to start.`,
      'confirmBreaking',
    );
  }
  const consent = await currentConsent(tx, instance.id, im.moduleId);
  const delta = permissionDelta(from.permissions, to.permissions, consent?.permissions ?? null);
  if (delta.added.length) {
    return refusal(
      E.PERMISSION_CONSENT_REQUIRED,
      `${to.module.name} ${to.version} asks for new permissions (${delta.added.join(', ')}): an organization admin must consent to them before the update can start.`,
      'toVersionId',
      { added: delta.added, removed: delta.removed },
    );
  }
  return null;
}

// ───────────────────────────────────────────── report

export type UpdateActor = { kind: 'member' } | { kind: 'instance'; instanceId: number };

/**
 * Records the outcome of an update in progress: success moves the instance module to the new
 * version; failure keeps the old one and stores the error. Reported by the instance through the
 * instance API, or by an org member with manage_instances.
 */
export async function reportUpdate(
  ctx: Context,
  input: { updateId: number; status: 'success' | 'failed'; errorMessage?: string | null },
  actor: UpdateActor = { kind: 'member' },
): Promise<{ update: InstanceModuleUpdate | null; errors: UserError[] }> {
  const existing = await ctx.prisma.instanceModuleUpdate.findUnique({ where: { id: input.updateId }, include: { instanceModule: true } });
  if (!existing) throw notFound('Update');
  let orgId: number;
  if (actor.kind === 'instance') {
    if (existing.instanceModule.instanceId !== actor.instanceId) throw notFound('Update');
    orgId = (await ctx.prisma.instance.findUniqueOrThrow({ where: { id: actor.instanceId }, select: { orgId: true } })).orgId;
  } else {
    const { instance } = await requireInstanceModule(ctx, existing.instanceModuleId, 'manage_instances').catch((e) => {
      if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Update');
      throw e;
    });
    orgId = instance.orgId;
  }
  const message = input.errorMessage?.trim() || null;
  if (input.status === 'failed' && !message) {
    return { update: null, errors: [new UserError(E.ERROR_MESSAGE_REQUIRED, 'Describe what failed.', 'errorMessage')] };
  }
  const im = existing.instanceModule;
  const via = actor.kind === 'instance' ? 'instance_api' : 'member';
  const result = await ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM instances WHERE id = ${im.instanceId} FOR UPDATE`;
    const now = ctx.clock.now();
    const { count } = await tx.instanceModuleUpdate.updateMany({
      where: { id: existing.id, status: 'in_progress' },
      data: { status: input.status, completedAt: now, errorMessage: input.status === 'failed' ? message : null },
    });
    if (count === 0) return { ok: false as const };
    const [from, to] = await Promise.all([
      tx.moduleVersion.findUniqueOrThrow({ where: { id: existing.fromVersionId } }),
      tx.moduleVersion.findUniqueOrThrow({ where: { id: existing.toVersionId } }),
    ]);
    if (input.status === 'success') {
      await tx.instanceModule.update({ where: { id: im.id }, data: { moduleVersionId: to.id, moduleHash: to.hash ?? im.moduleHash } });
    }
    const logRow = {
      instanceId: im.instanceId,
      instanceModuleId: im.id,
      moduleId: im.moduleId,
      moduleVersionId: input.status === 'success' ? to.id : from.id,
      licenseId: im.licenseId,
    };
    await logUpdateAttempt(
      ctx,
      logRow,
      'update',
      {
        error: input.status === 'failed' ? new UserError('UPDATE_FAILED', message!, null) : null,
        metadata: { from: from.version, to: to.version, update_id: existing.id, via },
      },
      tx,
    );
    await audit(tx, ctx, {
      action: input.status === 'success' ? 'update_complete' : 'update_fail',
      entityType: 'instance_module',
      entityId: im.id,
      orgId,
      oldValue: { status: 'in_progress', module_version_id: from.id },
      newValue: {
        status: input.status,
        module_version_id: input.status === 'success' ? to.id : from.id,
        update_id: existing.id,
        via,
        error: message,
      },
    });
    return { ok: true as const, update: await tx.instanceModuleUpdate.findUniqueOrThrow({ where: { id: existing.id } }) };
  }, TX);
  if (!result.ok) {
    return {
      update: existing,
      errors: [
        new UserError(
          E.UPDATE_NOT_IN_PROGRESS,
          `This update is already ${existing.status === 'in_progress' ? 'finished' : existing.status.replace('_', ' ')}.`,
          'updateId',
        ),
      ],
    };
  }
  return { update: result.update, errors: [] };
}

// ───────────────────────────────────────────── rollback

/**
 * Rolls back the latest update of an instance module along its flow's rollback path: the update
 * becomes rolled_back and the module goes back to the version it had before. Possible after a
 * success or a failure, when the flow has a rollback script or needed no migration (drop-in).
 */
export async function rollbackUpdate(
  ctx: Context,
  input: { updateId: number; reason?: string | null },
): Promise<{ update: InstanceModuleUpdate | null; errors: UserError[] }> {
  const existing = await ctx.prisma.instanceModuleUpdate.findUnique({ where: { id: input.updateId }, include: { updateFlow: true } });
  if (!existing) throw notFound('Update');
  const { instanceModule: im, instance } = await requireInstanceModule(ctx, existing.instanceModuleId, 'manage_instances').catch((e) => {
    if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Update');
    throw e;
  });
  const [from, to] = await Promise.all([
    ctx.prisma.moduleVersion.findUniqueOrThrow({ where: { id: existing.fromVersionId } }),
    ctx.prisma.moduleVersion.findUniqueOrThrow({ where: { id: existing.toVersionId } }),
  ]);
  const flow = existing.updateFlow;
  const logRow = {
    instanceId: instance.id,
    instanceModuleId: im.id,
    moduleId: im.moduleId,
    moduleVersionId: im.moduleVersionId,
    licenseId: im.licenseId,
  };
  const meta = {
    from: to.version,
    to: from.version,
    update_id: existing.id,
    rollback_script: flow.rollbackScriptPath,
    reason: input.reason?.trim() || null,
  };

  const outcome = await ctx.prisma.$transaction(async (tx): Promise<Fail | { ok: true; update: InstanceModuleUpdate }> => {
    await tx.$queryRaw`SELECT id FROM instances WHERE id = ${instance.id} FOR UPDATE`;
    const fail = (code: string, message: string): Fail => ({ ok: false, error: new UserError(code, message, 'updateId'), metadata: {} });
    const current = await tx.instanceModuleUpdate.findUniqueOrThrow({ where: { id: existing.id } });
    const freshModule = await tx.instanceModule.findUniqueOrThrow({ where: { id: im.id } });
    if (current.status !== 'success' && current.status !== 'failed') {
      return fail(
        E.ROLLBACK_NOT_AVAILABLE,
        current.status === 'in_progress'
          ? 'The update is still in progress: report its result first.'
          : 'This update is already rolled back.',
      );
    }
    if (!freshModule.isActive) return fail(E.MODULE_NOT_ACTIVE, 'This module is no longer active on the instance.');
    const latest = await tx.instanceModuleUpdate.findFirst({
      where: { instanceModuleId: im.id },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    });
    if (latest && latest.id !== current.id) return fail(E.ROLLBACK_NOT_LATEST, 'Only the latest update of a module can be rolled back.');
    if (!flow.rollbackScriptPath && flow.migrationScriptPath) {
      return fail(E.ROLLBACK_NOT_AVAILABLE, `The update flow ${from.version} → ${to.version} has no rollback script.`);
    }
    const now = ctx.clock.now();
    const update = await tx.instanceModuleUpdate.update({
      where: { id: current.id },
      data: { status: 'rolled_back', completedAt: current.completedAt ?? now },
    });
    const restored = await tx.instanceModule.update({
      where: { id: im.id },
      data: { moduleVersionId: from.id, moduleHash: from.hash ?? freshModule.moduleHash },
    });
    await logUpdateAttempt(ctx, { ...logRow, moduleVersionId: restored.moduleVersionId }, 'rollback', { error: null, metadata: meta }, tx);
    await audit(tx, ctx, {
      action: 'update_rollback',
      entityType: 'instance_module',
      entityId: im.id,
      orgId: instance.orgId,
      oldValue: { status: current.status, module_version_id: freshModule.moduleVersionId },
      newValue: { status: 'rolled_back', module_version_id: from.id, update_id: current.id, reason: meta.reason },
    });
    return { ok: true, update };
  }, TX);
  if (!outcome.ok) {
    await logUpdateAttempt(ctx, logRow, 'rollback', { error: outcome.error, metadata: meta });
    return { update: null, errors: [outcome.error] };
  }
  return { update: outcome.update, errors: [] };
}
