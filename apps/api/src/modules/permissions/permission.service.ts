/**
 * Permissions a module declares (seed 001 `tbl_module_permissions`; PRODUCT.md "Permissions"):
 * - each software registers a vocabulary of permission codes with a description (platform admins);
 * - a version's manifest lists the codes it needs (publishing and the automated review refuse a
 *   code outside the vocabulary of a software the version declares);
 * - an org admin consents to them on an instance at activation, and again before an update that asks
 *   for more; the latest unrevoked consent of an instance and module is what the module may use, and
 *   deactivation revokes it.
 */
import DataLoader from 'dataloader';
import type { ModuleVersion, PermissionConsent as ConsentRow, Prisma, PrismaClient, SoftwarePermission as Row } from '@wk/db';
import type { Context } from '../../core/context';
import { membershipOf, requirePlatformAdmin, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { forbidden, notFound } from '../../core/errors';
import { fail } from '../publishing';
import { isPermissionCode } from '../artifacts';
import { requireInstanceModule } from '../instances';
import { instanceLoaders } from '../instances';
import { toRelease } from '../instances';
import { isApproved } from '../activation';
import { PermissionErrorCode as E } from './permission.errors';
import { AdminSoftwarePermission, ModulePermission, PermissionChange, PermissionConsent, SoftwarePermission } from './permission.types';

type Db = PrismaClient | Prisma.TransactionClient;
const TX = { maxWait: 15_000, timeout: 30_000 } as const;
const DESCRIPTION_MAX = 500;
const NO_DESCRIPTION = 'Not in the software’s permission vocabulary.';

// ───────────────────────────────────────────── vocabulary

function toEntry(r: Row): SoftwarePermission {
  return Object.assign(new SoftwarePermission(), {
    id: r.id,
    softwareId: r.softwareId,
    code: r.code,
    description: r.description,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });
}

/** The vocabulary of a software, by code (public: the module page shows what a permission means). */
export async function vocabulary(ctx: Context, softwareId: number): Promise<SoftwarePermission[]> {
  const loader = ctx.loaders.lazy('permissions.vocabulary', () =>
    groupedByKey((ids: number[]) =>
      ctx.prisma.softwarePermission.findMany({ where: { softwareId: { in: ids } }, orderBy: { code: 'asc' } }),
    ),
  );
  return (await loader.load(softwareId)).map(toEntry);
}

function groupedByKey(fetch: (ids: number[]) => Promise<Row[]>) {
  return new DataLoader<number, Row[]>(async (ids) => {
    const rows = await fetch([...ids]);
    return ids.map((id) => rows.filter((r) => r.softwareId === id));
  });
}

/** Versions (pending or approved) whose manifest declares `code` for a software they run on. */
async function versionsDeclaring(db: Db, softwareId: number, code: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT v.id) AS n FROM module_versions v
    JOIN module_core_compatibility c ON c.version_id = v.id AND c.software_id = ${softwareId}
    WHERE ${code} = ANY(v.permissions) AND v.status::text IN ('pending', 'beta', 'stable')`;
  return Number(rows[0]?.n ?? 0);
}

async function toAdmin(db: Db, r: Row): Promise<AdminSoftwarePermission> {
  return Object.assign(new AdminSoftwarePermission(), { ...toEntry(r), versionCount: await versionsDeclaring(db, r.softwareId, r.code) });
}

export async function adminVocabulary(ctx: Context, softwareId: number): Promise<AdminSoftwarePermission[]> {
  requirePlatformAdmin(ctx);
  const rows = await ctx.prisma.softwarePermission.findMany({ where: { softwareId }, orderBy: { code: 'asc' } });
  return Promise.all(rows.map((r) => toAdmin(ctx.prisma, r)));
}

function checkDescription(raw: string): string {
  const d = raw.trim().replace(/\s+/g, ' ');
  if (!d || d.length > DESCRIPTION_MAX)
    fail(E.PERMISSION_DESCRIPTION_INVALID, `Describe what the permission allows, in at most ${DESCRIPTION_MAX} characters.`, 'description');
  return d;
}

export async function createPermission(
  ctx: Context,
  input: { softwareId: number; code: string; description: string },
): Promise<AdminSoftwarePermission> {
  requirePlatformAdmin(ctx);
  const software = await ctx.prisma.software.findUnique({ where: { id: input.softwareId } });
  if (!software) throw notFound('Software');
  const code = input.code.trim();
  if (!isPermissionCode(code))
    fail(
      E.PERMISSION_CODE_INVALID,
      'A permission code is dotted lowercase segments, such as "contacts.read" (at most 100 characters).',
      'code',
    );
  const description = checkDescription(input.description);
  return ctx.prisma.$transaction(async (tx) => {
    // Two admins adding the same code at once: the unique (software, code) index lets one through.
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO software_permissions (software_id, code, description, created_at, updated_at)
      VALUES (${software.id}, ${code}, ${description}, ${ctx.clock.now()}, ${ctx.clock.now()})
      ON CONFLICT (software_id, code) DO NOTHING RETURNING id`;
    if (!rows.length) fail(E.PERMISSION_CODE_TAKEN, `${software.name} already has the permission "${code}".`, 'code');
    const row = await tx.softwarePermission.findUniqueOrThrow({ where: { id: rows[0].id } });
    await audit(tx, ctx, {
      action: 'software_permission_create',
      entityType: 'software',
      entityId: software.id,
      newValue: { permission_id: row.id, code, description },
    });
    return toAdmin(tx, row);
  }, TX);
}

export async function updatePermission(ctx: Context, input: { id: number; description: string }): Promise<AdminSoftwarePermission> {
  requirePlatformAdmin(ctx);
  const description = checkDescription(input.description);
  return ctx.prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM software_permissions WHERE id = ${input.id} FOR UPDATE`;
    if (!locked.length) throw notFound('Permission');
    const before = await tx.softwarePermission.findUniqueOrThrow({ where: { id: input.id } });
    const row = await tx.softwarePermission.update({ where: { id: input.id }, data: { description, updatedAt: ctx.clock.now() } });
    await audit(tx, ctx, {
      action: 'software_permission_update',
      entityType: 'software',
      entityId: row.softwareId,
      oldValue: { permission_id: row.id, code: row.code, description: before.description },
      newValue: { permission_id: row.id, code: row.code, description },
    });
    return toAdmin(tx, row);
  }, TX);
}

export async function deletePermission(ctx: Context, input: { id: number }): Promise<number> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM software_permissions WHERE id = ${input.id} FOR UPDATE`;
    if (!locked.length) throw notFound('Permission');
    const row = await tx.softwarePermission.findUniqueOrThrow({ where: { id: input.id } });
    const used = await versionsDeclaring(tx, row.softwareId, row.code);
    if (used > 0)
      fail(
        E.PERMISSION_IN_USE,
        `${used} version${used === 1 ? '' : 's'} declare${used === 1 ? 's' : ''} "${row.code}": it stays in the vocabulary while a pending or approved version asks for it.`,
        'id',
      );
    await tx.softwarePermission.delete({ where: { id: row.id } });
    await audit(tx, ctx, {
      action: 'software_permission_delete',
      entityType: 'software',
      entityId: row.softwareId,
      oldValue: { permission_id: row.id, code: row.code, description: row.description },
    });
    return row.id;
  }, TX);
}

/**
 * The declared codes a software's vocabulary lacks, per software slug (manifests name softwares by
 * slug). Unknown slugs are left to the compatibility checks.
 */
export async function unknownPermissions(
  db: Db,
  softwareSlugs: readonly string[],
  codes: readonly string[],
): Promise<{ software: { slug: string; name: string }; code: string; index: number }[]> {
  if (!codes.length || !softwareSlugs.length) return [];
  const softwares = await db.software.findMany({
    where: { slug: { in: [...new Set(softwareSlugs)] } },
    include: { permissions: { where: { code: { in: [...codes] } }, select: { code: true } } },
  });
  const out: { software: { slug: string; name: string }; code: string; index: number }[] = [];
  for (const s of softwares) {
    const known = new Set(s.permissions.map((p) => p.code));
    codes.forEach((code, index) => {
      if (!known.has(code)) out.push({ software: { slug: s.slug, name: s.name }, code, index });
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

// ───────────────────────────────────────────── a version's permissions, described

/** code → description over the vocabularies of every software a version declares. */
function descriptionsLoader(ctx: Context) {
  return ctx.loaders.lazy(
    'permissions.descriptionsByVersion',
    () =>
      new DataLoader<number, Map<string, string>>(async (ids) => {
        const rows = await ctx.prisma.$queryRaw<{ version_id: number; code: string; description: string }[]>`
          SELECT c.version_id, sp.code, sp.description FROM module_core_compatibility c
          JOIN software_permissions sp ON sp.software_id = c.software_id
          WHERE c.version_id = ANY(${[...ids]}::int[]) ORDER BY c.version_id, sp.software_id DESC`;
        return ids.map((id) => new Map(rows.filter((r) => r.version_id === id).map((r) => [r.code, r.description])));
      }),
  );
}

export async function describe(ctx: Context, versionId: number, codes: readonly string[]): Promise<ModulePermission[]> {
  if (!codes.length) return [];
  const map = await descriptionsLoader(ctx).load(versionId);
  return codes.map((code) => Object.assign(new ModulePermission(), { code, description: map.get(code) ?? NO_DESCRIPTION }));
}

/** The permissions a version declares, with their descriptions (catalog, activation dialog, updates). */
export async function versionPermissions(ctx: Context, versionId: number): Promise<ModulePermission[]> {
  const v = await instanceLoaders(ctx).version.load(versionId);
  return v ? describe(ctx, v.id, v.permissions) : [];
}

// ───────────────────────────────────────────── consent

/** Org admins (role admin, or an explicit `all`) consent for their organization; no one else. */
export async function isOrgAdmin(ctx: Context, orgId: number): Promise<boolean> {
  const m = await membershipOf(ctx, orgId);
  return !!m && (m.role === 'admin' || m.permissions.includes('all'));
}

/** Non-member → NOT_FOUND (as every org gate); member who is not an org admin → FORBIDDEN. */
export async function requireOrgAdmin(ctx: Context, orgId: number, what = 'Instance'): Promise<void> {
  requireUser(ctx);
  if (!(await membershipOf(ctx, orgId))) throw notFound(what);
  if (!(await isOrgAdmin(ctx, orgId))) throw forbidden('Only an organization admin can consent to the permissions a module asks for.');
}

/** The consent in force for a module on an instance: the latest one not revoked. */
export async function currentConsent(db: Db, instanceId: number, moduleId: number): Promise<ConsentRow | null> {
  return db.permissionConsent.findFirst({
    where: { instanceId, moduleId, revokedAt: null },
    orderBy: [{ consentedAt: 'desc' }, { id: 'desc' }],
  });
}

const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

/**
 * What updating from `from` to `to` changes: `added` = asked for by `to` and neither consented to
 * nor declared by the installed version (activations from before consent existed keep what they
 * were installed with); `removed` = declared by `from`, no longer by `to`.
 */
export function permissionDelta(
  from: readonly string[],
  to: readonly string[],
  consented: readonly string[] | null,
): { added: string[]; removed: string[]; kept: string[] } {
  const held = [...new Set([...(consented ?? []), ...from])];
  return { added: minus(to, held), removed: minus(from, to), kept: to.filter((x) => from.includes(x)) };
}

export async function permissionChange(
  ctx: Context,
  im: { instanceId: number; moduleId: number; moduleVersionId: number },
  to: { id: number; permissions: string[] },
): Promise<PermissionChange> {
  const loader = ctx.loaders.lazy(
    'permissions.currentConsent',
    () =>
      new DataLoader<string, ConsentRow | null>(async (keys) =>
        Promise.all(
          keys.map((k) => {
            const [i, m] = k.split(':').map(Number);
            return currentConsent(ctx.prisma, i, m);
          }),
        ),
      ),
  );
  const [from, consent] = await Promise.all([
    instanceLoaders(ctx).version.load(im.moduleVersionId),
    loader.load(`${im.instanceId}:${im.moduleId}`),
  ]);
  const d = permissionDelta(from?.permissions ?? [], to.permissions, consent?.permissions ?? null);
  return Object.assign(new PermissionChange(), {
    added: await describe(ctx, to.id, d.added),
    removed: await describe(ctx, from?.id ?? to.id, d.removed),
    kept: await describe(ctx, to.id, d.kept),
    consentRequired: d.added.length > 0,
  });
}

/** Writes a consent and its audit row (inside the caller's transaction). */
export async function recordConsent(
  tx: Prisma.TransactionClient,
  ctx: Context,
  c: { orgId: number; instanceId: number; moduleId: number; moduleVersionId: number; licenseId: number; permissions: string[] },
): Promise<ConsentRow> {
  const user = requireUser(ctx);
  const row = await tx.permissionConsent.create({
    data: {
      ...c,
      consentedById: user.id,
      consentedAt: ctx.clock.now(),
      ipAddress: ctx.meta.ip ?? null,
      userAgent: ctx.meta.userAgent ?? null,
    },
  });
  await audit(tx, ctx, {
    action: 'permission_consent',
    entityType: 'instance',
    entityId: c.instanceId,
    orgId: c.orgId,
    newValue: {
      consent_id: row.id,
      module_id: c.moduleId,
      module_version_id: c.moduleVersionId,
      license_id: c.licenseId,
      permissions: c.permissions,
    },
  });
  return row;
}

/** Deactivation ends the consent: a later activation asks again (inside the caller's transaction). */
export async function revokeConsents(tx: Prisma.TransactionClient, ctx: Context, instanceId: number, moduleId: number, orgId: number) {
  const open = await tx.permissionConsent.findMany({ where: { instanceId, moduleId, revokedAt: null }, select: { id: true } });
  if (!open.length) return;
  await tx.permissionConsent.updateMany({ where: { id: { in: open.map((o) => o.id) } }, data: { revokedAt: ctx.clock.now() } });
  await audit(tx, ctx, {
    action: 'permission_consent_revoke',
    entityType: 'instance',
    entityId: instanceId,
    orgId,
    oldValue: { consent_ids: open.map((o) => o.id), module_id: moduleId },
  });
}

/**
 * An org admin consents, ahead of an update, to the permissions of a newer version of a module
 * active on an instance. The consent covers the installed version's permissions plus the new
 * ones. Under the instance's row lock: a consent that already covers them is returned as it is, so
 * two admins consenting at once record one consent.
 */
export async function consentForUpdate(
  ctx: Context,
  input: { instanceModuleId: number; moduleVersionId: number; permissions: string[] },
): Promise<PermissionConsent> {
  const { instanceModule: im, instance } = await requireInstanceModule(ctx, input.instanceModuleId, 'view_instances');
  await requireOrgAdmin(ctx, instance.orgId, 'Instance module');
  const to = await ctx.prisma.moduleVersion.findUnique({ where: { id: input.moduleVersionId } });
  if (!to || to.moduleId !== im.moduleId || !isApproved(to.status))
    fail(E.VERSION_NOT_FOUND, 'Choose an approved version of the module active on this instance.', 'moduleVersionId');
  const given = input.permissions.map((p) => p.trim());
  const missing = minus(to.permissions, given);
  if (missing.length)
    fail(
      E.PERMISSION_CONSENT_INCOMPLETE,
      `The consent must cover every permission ${to.version} asks for; missing: ${missing.join(', ')}.`,
      'permissions',
    );
  const row = await ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM instances WHERE id = ${instance.id} FOR UPDATE`;
    const fresh = await tx.instanceModule.findUniqueOrThrow({ where: { id: im.id }, include: { moduleVersion: true } });
    if (!fresh.isActive) fail(E.MODULE_NOT_ACTIVE, 'This module is not active on the instance.', 'instanceModuleId');
    const current = await currentConsent(tx, instance.id, im.moduleId);
    const held = [...new Set([...(current?.permissions ?? []), ...fresh.moduleVersion.permissions])];
    if (current && minus(to.permissions, current.permissions).length === 0) return current;
    return recordConsent(tx, ctx, {
      orgId: instance.orgId,
      instanceId: instance.id,
      moduleId: im.moduleId,
      moduleVersionId: to.id,
      licenseId: fresh.licenseId,
      permissions: [...new Set([...held, ...to.permissions])],
    });
  }, TX);
  return toConsent(ctx, row);
}

export async function toConsent(ctx: Context, r: ConsentRow): Promise<PermissionConsent> {
  const [version, module, user, license, inst] = await Promise.all([
    instanceLoaders(ctx).version.load(r.moduleVersionId),
    instanceLoaders(ctx).module.load(r.moduleId),
    instanceLoaders(ctx).userName.load(r.consentedById),
    ctx.prisma.license.findUnique({ where: { id: r.licenseId }, select: { licenseKey: true } }),
    ctx.prisma.instance.findUnique({ where: { id: r.instanceId }, select: { name: true } }),
  ]);
  return Object.assign(new PermissionConsent(), {
    id: r.id,
    instanceId: r.instanceId,
    instanceName: inst?.name ?? '',
    moduleId: r.moduleId,
    moduleName: module?.name ?? '',
    licenseId: r.licenseId,
    licenseKey: license?.licenseKey ?? '',
    version: toRelease(version as ModuleVersion),
    permissions: await describe(ctx, r.moduleVersionId, r.permissions),
    consentedByName: user?.name ?? '',
    consentedAt: r.consentedAt,
    revokedAt: r.revokedAt,
  });
}

/** The consent in force for an active instance module (the instance page). Members who may view instances. */
export async function consentOfInstanceModule(
  ctx: Context,
  im: { instanceId: number; moduleId: number; isActive: boolean },
): Promise<PermissionConsent | null> {
  if (!im.isActive) return null;
  const row = await currentConsent(ctx.prisma, im.instanceId, im.moduleId);
  return row ? toConsent(ctx, row) : null;
}

/** Every consent given under a license, newest first (the license page; needs view_instances in its org). */
export async function consentsOfLicense(ctx: Context, licenseId: number): Promise<PermissionConsent[]> {
  const rows = await ctx.prisma.permissionConsent.findMany({
    where: { licenseId },
    orderBy: [{ consentedAt: 'desc' }, { id: 'desc' }],
    take: 100,
  });
  return Promise.all(rows.map((r) => toConsent(ctx, r)));
}
