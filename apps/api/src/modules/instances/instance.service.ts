import type { Environment, Instance, InstanceCredential, Permission, Prisma } from '@wk/db';
import { rawDb } from '@wk/db';
import { isValidSemver, isVersionCompatibleWithCore } from '@wk/domain';
import type { Context } from '../../core/context';
import { requireOrgPermission } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound, UserError } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { InstanceErrorCode as E, MAX_ACTIVE_CREDENTIALS_PER_INSTANCE } from './instance.errors';
import { instanceLoaders, type CoreWithSoftware } from './instance.loaders';
import { KEY_ID_PATTERN, hashSecret, newKeyId, newSecret, verifySecret } from './credential-secret';

export type InstanceWithCore = Instance & { core: CoreWithSoftware };

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

// ───────────────────────────────────────────── access

/**
 * The instance, if the caller may use it with `permission` in its org. Another org's instance
 * (or a missing one) is NOT_FOUND; a member without the permission gets FORBIDDEN.
 * Every operation on an instance, in every domain, goes through here.
 */
export async function requireInstance(ctx: Context, instanceId: number, permission: Permission): Promise<InstanceWithCore> {
  const instance = await ctx.prisma.instance.findUnique({ where: { id: instanceId }, include: { core: { include: { software: true } } } });
  if (!instance) throw notFound('Instance');
  await requireOrgPermission(ctx, instance.orgId, permission, 'Instance');
  return instance;
}

/** Same gate for an instance module (found through its instance). */
export async function requireInstanceModule(ctx: Context, instanceModuleId: number, permission: Permission) {
  const im = await ctx.prisma.instanceModule.findUnique({ where: { id: instanceModuleId } });
  if (!im) throw notFound('Instance module');
  const instance = await requireInstance(ctx, im.instanceId, permission).catch((e) => {
    if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Instance module');
    throw e;
  });
  return { instanceModule: im, instance };
}

// ───────────────────────────────────────────── reads

export async function orgInstances(
  ctx: Context,
  args: { orgId: number; first: number; after?: string | null; environment?: Environment | null; includeInactive: boolean },
): Promise<Connection<Instance>> {
  await requireOrgPermission(ctx, args.orgId, 'view_instances');
  const where: Prisma.InstanceWhereInput = {
    orgId: args.orgId,
    ...(args.includeInactive ? {} : { isActive: true }),
    ...(args.environment ? { environment: args.environment } : {}),
  };
  const cursor = decodeCursor(args.after, 2);
  const after: Prisma.InstanceWhereInput = cursor
    ? { OR: [{ name: { gt: String(cursor[0]) } }, { name: String(cursor[0]), id: { gt: Number(cursor[1]) } }] }
    : {};
  const [rows, total] = await Promise.all([
    ctx.prisma.instance.findMany({ where: { AND: [where, after] }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: args.first + 1 }),
    ctx.prisma.instance.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.name, r.id], !!cursor);
}

export async function instanceById(ctx: Context, id: number): Promise<Instance> {
  return requireInstance(ctx, id, 'view_instances');
}

export async function coreOf(ctx: Context, instance: { coreId: number }): Promise<CoreWithSoftware> {
  const core = await instanceLoaders(ctx).core.load(instance.coreId);
  if (!core) throw notFound('Software core');
  return core;
}

export async function instanceModulesOf(ctx: Context, instanceId: number, includeInactive: boolean) {
  const all = await instanceLoaders(ctx).instanceModulesByInstance.load(instanceId);
  return includeInactive ? all : all.filter((m) => m.isActive);
}

// ───────────────────────────────────────────── validation

const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;

function normaliseName(name: string, errors: UserError[]): string {
  const n = name.trim().replace(/\s+/g, ' ');
  if (n.length < 2 || n.length > 80) errors.push(new UserError(E.INVALID_NAME, 'Enter a name of 2 to 80 characters.', 'name'));
  return n;
}

function normaliseDomain(domain: string | null | undefined, errors: UserError[]): string | null {
  if (domain === null || domain === undefined) return null;
  const d = domain.trim().toLowerCase();
  if (d === '') return null;
  if (/^[a-z]+:\/\//.test(d) || d.includes('/')) {
    errors.push(
      new UserError(E.INVALID_DOMAIN, 'Enter the host name only, without "https://" or a path (e.g. app.example.com).', 'domain'),
    );
  } else if (!HOST.test(d)) {
    errors.push(new UserError(E.INVALID_DOMAIN, 'Enter a valid host name (e.g. app.example.com).', 'domain'));
  }
  return d;
}

async function loadCoreForInstance(ctx: Context, coreId: number, errors: UserError[]): Promise<CoreWithSoftware | null> {
  const core = await ctx.prisma.softwareCore.findUnique({ where: { id: coreId }, include: { software: true } });
  if (!core) {
    errors.push(new UserError(E.CORE_NOT_FOUND, 'Choose a registered core version.', 'coreId'));
    return null;
  }
  if (core.validationStatus === 'rejected') {
    errors.push(
      new UserError(
        E.CORE_REJECTED,
        `${core.name} ${core.version} was rejected by the platform and cannot be used for instances.`,
        'coreId',
      ),
    );
    return null;
  }
  return core;
}

/** Org-wide lock on instance names (no unique index: deactivated instances may keep a name). */
async function lockOrgInstanceNames(tx: Prisma.TransactionClient, orgId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('instances.name'), ${orgId}::int)`;
}

async function nameTaken(tx: Prisma.TransactionClient, orgId: number, name: string, exceptId?: number): Promise<boolean> {
  const found = await tx.instance.findFirst({
    where: { orgId, isActive: true, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  return !!found;
}

const snapshot = (i: Instance) => ({
  name: i.name,
  environment: i.environment,
  domain: i.domain,
  core_id: i.coreId,
  is_active: i.isActive,
});

// ───────────────────────────────────────────── mutations

export async function createInstance(
  ctx: Context,
  input: { orgId: number; name: string; environment: Environment; domain?: string | null; coreId: number },
): Promise<{ instance: Instance | null; errors: UserError[] }> {
  await requireOrgPermission(ctx, input.orgId, 'manage_instances');
  const errors: UserError[] = [];
  const name = normaliseName(input.name, errors);
  const domain = normaliseDomain(input.domain, errors);
  const core = await loadCoreForInstance(ctx, input.coreId, errors);
  if (errors.length || !core) return { instance: null, errors };

  return ctx.prisma.$transaction(async (tx) => {
    await lockOrgInstanceNames(tx, input.orgId);
    if (await nameTaken(tx, input.orgId, name)) {
      return {
        instance: null,
        errors: [new UserError(E.INSTANCE_NAME_TAKEN, `An instance named "${name}" already exists in this organization.`, 'name')],
      };
    }
    const now = ctx.clock.now();
    const instance = await tx.instance.create({
      data: { orgId: input.orgId, name, environment: input.environment, domain, coreId: core.id, createdAt: now, updatedAt: now },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'instance',
      entityId: instance.id,
      orgId: input.orgId,
      newValue: snapshot(instance),
    });
    return { instance, errors: [] };
  }, TX);
}

export async function updateInstance(
  ctx: Context,
  input: { id: number; name?: string | null; environment?: Environment | null; domain?: string | null; coreId?: number | null },
): Promise<{ instance: Instance | null; errors: UserError[] }> {
  const current = await requireInstance(ctx, input.id, 'manage_instances');
  if (!current.isActive) return { instance: null, errors: [new UserError(E.INSTANCE_INACTIVE, 'This instance is deactivated.', 'id')] };
  const errors: UserError[] = [];
  const name = input.name === undefined || input.name === null ? current.name : normaliseName(input.name, errors);
  const domain = input.domain === undefined ? current.domain : normaliseDomain(input.domain, errors);
  let coreId = current.coreId;
  if (input.coreId !== undefined && input.coreId !== null && input.coreId !== current.coreId) {
    const core = await loadCoreForInstance(ctx, input.coreId, errors);
    if (core && core.softwareId !== current.core.softwareId) {
      errors.push(new UserError(E.CORE_SOFTWARE_MISMATCH, `Choose a core of ${current.core.software.name}.`, 'coreId'));
    } else if (core) {
      const broken = await modulesIncompatibleWith(ctx, current.id, core);
      if (broken.length) {
        errors.push(
          new UserError(
            E.CORE_INCOMPATIBLE_MODULES,
            `These active modules do not support ${core.name} ${core.version}: ${broken.join(', ')}. Run the core upgrade check and update or deactivate them first.`,
            'coreId',
          ),
        );
      }
      coreId = core.id;
    }
  }
  if (errors.length) return { instance: null, errors };
  const environment = input.environment ?? current.environment;

  return ctx.prisma.$transaction(async (tx) => {
    await lockOrgInstanceNames(tx, current.orgId);
    if (name.toLowerCase() !== current.name.toLowerCase() && (await nameTaken(tx, current.orgId, name, current.id))) {
      return {
        instance: null,
        errors: [new UserError(E.INSTANCE_NAME_TAKEN, `An instance named "${name}" already exists in this organization.`, 'name')],
      };
    }
    const updated = await tx.instance.update({
      where: { id: current.id },
      data: { name, domain, environment, coreId, updatedAt: ctx.clock.now() },
    });
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'instance',
      entityId: current.id,
      orgId: current.orgId,
      oldValue: snapshot(current),
      newValue: snapshot(updated),
    });
    return { instance: updated, errors: [] };
  }, TX);
}

/** Names (with versions) of the active modules of an instance that would not run on `core`. */
async function modulesIncompatibleWith(ctx: Context, instanceId: number, core: { softwareId: number; version: string }): Promise<string[]> {
  const active = await ctx.prisma.instanceModule.findMany({
    where: { instanceId, isActive: true },
    include: { module: { select: { name: true } }, moduleVersion: { include: { compatibility: true } } },
  });
  if (!isValidSemver(core.version)) return active.map((m) => `${m.module.name} ${m.moduleVersion.version}`);
  return active
    .filter((m) => !isVersionCompatibleWithCore(m.moduleVersion.compatibility, { softwareId: core.softwareId, version: core.version }))
    .map((m) => `${m.module.name} ${m.moduleVersion.version}`);
}

/**
 * Deactivates an instance: its active modules are deactivated (each logged, freeing license
 * seats) and its credentials stop working. Refused while an update is running on it.
 */
export async function deactivateInstance(ctx: Context, id: number): Promise<{ instance: Instance | null; errors: UserError[] }> {
  const current = await requireInstance(ctx, id, 'manage_instances');
  if (!current.isActive)
    return { instance: null, errors: [new UserError(E.INSTANCE_INACTIVE, 'This instance is already deactivated.', 'id')] };
  const running = await ctx.prisma.instanceModuleUpdate.count({ where: { status: 'in_progress', instanceModule: { instanceId: id } } });
  if (running) {
    return {
      instance: null,
      errors: [
        new UserError(
          E.UPDATE_IN_PROGRESS,
          'An update is in progress on this instance: wait for it to finish (or report its result) first.',
          'id',
        ),
      ],
    };
  }
  return ctx.prisma.$transaction(async (tx) => {
    const now = ctx.clock.now();
    const active = await tx.instanceModule.findMany({ where: { instanceId: id, isActive: true } });
    // Its modules' permission consents end with them (a later activation asks again).
    await tx.permissionConsent.updateMany({ where: { instanceId: id, revokedAt: null }, data: { revokedAt: now } });
    for (const m of active) {
      await tx.instanceModule.update({ where: { id: m.id }, data: { isActive: false, deactivatedAt: now } });
      await tx.activationLog.create({
        data: {
          instanceId: id,
          instanceModuleId: m.id,
          moduleId: m.moduleId,
          moduleVersionId: m.moduleVersionId,
          licenseId: m.licenseId,
          eventType: 'deactivation',
          status: 'success',
          performedById: ctx.user?.id ?? null,
          performedAt: now,
          metadata: { ip: ctx.meta.ip, reason: 'instance deactivated' },
        },
      });
    }
    const updated = await tx.instance.update({ where: { id }, data: { isActive: false, updatedAt: now } });
    await audit(tx, ctx, {
      action: 'deactivate',
      entityType: 'instance',
      entityId: id,
      orgId: current.orgId,
      oldValue: snapshot(current),
      newValue: { ...snapshot(updated), deactivated_modules: active.map((m) => m.moduleId) },
    });
    return { instance: updated, errors: [] };
  }, TX);
}

// ───────────────────────────────────────────── credentials

export async function listCredentials(ctx: Context, instanceId: number): Promise<InstanceCredential[]> {
  await requireInstance(ctx, instanceId, 'manage_instances');
  return ctx.prisma.instanceCredential.findMany({
    where: { instanceId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
  });
}

export async function createCredential(
  ctx: Context,
  input: { instanceId: number; name?: string | null },
): Promise<{ credential: InstanceCredential | null; secret: string | null; errors: UserError[] }> {
  const instance = await requireInstance(ctx, input.instanceId, 'manage_instances');
  if (!instance.isActive)
    return { credential: null, secret: null, errors: [new UserError(E.INSTANCE_INACTIVE, 'This instance is deactivated.', 'instanceId')] };
  const name = input.name?.trim() || null;
  return ctx.prisma.$transaction(async (tx) => {
    // Serialise per instance so the limit holds under concurrent creations.
    await tx.$queryRaw`SELECT id FROM instances WHERE id = ${instance.id} FOR UPDATE`;
    const activeCount = await tx.instanceCredential.count({ where: { instanceId: instance.id, revokedAt: null } });
    if (activeCount >= MAX_ACTIVE_CREDENTIALS_PER_INSTANCE) {
      return {
        credential: null,
        secret: null,
        errors: [
          new UserError(
            E.CREDENTIAL_LIMIT_REACHED,
            `An instance may hold ${MAX_ACTIVE_CREDENTIALS_PER_INSTANCE} active credentials: revoke one first.`,
            'instanceId',
          ),
        ],
      };
    }
    const keyId = newKeyId();
    const secret = newSecret();
    const credential = await tx.instanceCredential.create({
      data: {
        instanceId: instance.id,
        keyId,
        secretHash: hashSecret(ctx.config.instanceCredentialPepper, keyId, secret),
        name,
        createdById: ctx.user!.id,
        createdAt: ctx.clock.now(),
      },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'instance_credential',
      entityId: credential.id,
      orgId: instance.orgId,
      newValue: { instance_id: instance.id, key_id: keyId, name },
    });
    return { credential, secret, errors: [] };
  }, TX);
}

export async function revokeCredential(ctx: Context, id: number): Promise<{ credential: InstanceCredential | null; errors: UserError[] }> {
  const existing = await ctx.prisma.instanceCredential.findUnique({ where: { id } });
  if (!existing) throw notFound('Credential');
  const instance = await requireInstance(ctx, existing.instanceId, 'manage_instances').catch((e) => {
    if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Credential');
    throw e;
  });
  return ctx.prisma.$transaction(async (tx) => {
    const now = ctx.clock.now();
    const { count } = await tx.instanceCredential.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    const credential = await tx.instanceCredential.findUniqueOrThrow({ where: { id } });
    if (count === 0)
      return { credential, errors: [new UserError(E.CREDENTIAL_ALREADY_REVOKED, 'This credential is already revoked.', 'id')] };
    await audit(tx, ctx, {
      action: 'revoke',
      entityType: 'instance_credential',
      entityId: id,
      orgId: instance.orgId,
      oldValue: { revoked_at: null },
      newValue: { revoked_at: now.toISOString(), key_id: existing.keyId },
    });
    return { credential, errors: [] };
  }, TX);
}

// ───────────────────────────────────────────── instance API authentication

export interface AuthenticatedInstance {
  credentialId: number;
  keyId: string;
  instanceId: number;
  orgId: number;
  coreVersion: string;
  instanceActive: boolean;
}

/** How often last_used_at is written at most (one write a minute per credential). */
export const LAST_USED_RESOLUTION_MS = 60_000;

type CredentialRow = {
  id: number;
  key_id: string;
  secret_hash: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
  instance_id: number;
  org_id: number;
  is_active: boolean;
  core_version: string;
};

/**
 * Checks an instance's key id + secret: one indexed lookup by key id (joined with the instance and
 * its core), a constant-time hash comparison (also for unknown key ids), revoked credentials
 * refused. Touches last_used_at at most once a minute. Returns null when not valid.
 */
export async function authenticateInstanceCredential(
  deps: { prisma: Context['prisma']; config: Context['config'] },
  keyId: string,
  secret: string,
  now: Date,
): Promise<AuthenticatedInstance | null> {
  const wellFormed = KEY_ID_PATTERN.test(keyId) && secret.length > 0 && secret.length <= 200;
  const rows = wellFormed
    ? await rawDb(deps.prisma).$queryRaw<CredentialRow[]>`
        SELECT c.id, c.key_id, c.secret_hash, c.revoked_at, c.last_used_at, i.id AS instance_id, i.org_id, i.is_active, sc.version AS core_version
        FROM instance_credentials c JOIN instances i ON i.id = c.instance_id JOIN software_cores sc ON sc.id = i.core_id
        WHERE c.key_id = ${keyId}`
    : [];
  const cred = rows[0];
  const ok = verifySecret(deps.config.instanceCredentialPepper, cred?.secret_hash ?? null, keyId, secret.slice(0, 200));
  if (!cred || !ok || cred.revoked_at) return null;
  if (!cred.last_used_at || now.getTime() - cred.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await deps.prisma.instanceCredential.updateMany({
      where: { id: cred.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: threshold } }] },
      data: { lastUsedAt: now },
    });
  }
  return {
    credentialId: cred.id,
    keyId: cred.key_id,
    instanceId: cred.instance_id,
    orgId: cred.org_id,
    coreVersion: cred.core_version,
    instanceActive: cred.is_active,
  };
}
