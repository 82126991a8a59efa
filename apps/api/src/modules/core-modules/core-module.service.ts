/**
 * Core modules (seed 001 `is_core`, PRODUCT.md "Core modules"): platform admins mark an official
 * module as core for a software. On every instance of that software it then counts as active —
 * at the approved version that fits the instance's core — without a license; it cannot be
 * activated or deactivated by hand, and the activation planner counts it when it resolves
 * dependencies. Unmarking is refused while an instance relies on it for a required dependency.
 */
import DataLoader from 'dataloader';
import type { Module, ModuleVersion, Prisma, PrismaClient, Software, SoftwareCoreModule } from '@wk/db';
import type { Context } from '../../core/context';
import { requirePlatformAdmin } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { groupedBy } from '../../core/loaders';
import { fail } from '../publishing';
import { toListing, toRelease } from '../instances';
import { fitsCore, recommendVersion, APPROVED_STATUSES } from '../activation';
import { CoreModuleErrorCode as E } from './core-module.errors';
import { AdminCoreModule, BuiltInModule } from './core-module.types';

type Db = PrismaClient | Prisma.TransactionClient;
type CoreRef = { softwareId: number; version: string };

export interface ResolvedBuiltIn {
  moduleId: number;
  module: Module & { vendor: { name: string } };
  /** The approved version that runs on the core, or null when none fits it. */
  version: ModuleVersion | null;
  since: Date;
}

/** The core modules of a core's software, each resolved to the approved version that fits that core. */
export async function builtInModulesFor(db: Db, core: CoreRef): Promise<ResolvedBuiltIn[]> {
  const rows = await db.softwareCoreModule.findMany({
    where: { softwareId: core.softwareId },
    orderBy: { id: 'asc' },
    include: {
      module: {
        include: {
          vendor: { select: { name: true } },
          versions: { where: { status: { in: [...APPROVED_STATUSES] } }, include: { compatibility: true } },
        },
      },
    },
  });
  return rows.map((r) => {
    const { versions, ...module } = r.module;
    const fitting = versions.filter((v) => fitsCore(v.compatibility, core));
    const picked = recommendVersion(fitting);
    const version = picked ? (versions.find((v) => v.id === picked.id) ?? null) : null;
    return { moduleId: r.moduleId, module, version: version ? stripCompat(version) : null, since: r.markedAt };
  });
}

function stripCompat<T extends ModuleVersion>(v: T & { compatibility?: unknown }): ModuleVersion {
  const { compatibility: _c, ...rest } = v;
  return rest as ModuleVersion;
}

/**
 * What counts as active on an instance for dependency checks: its active module rows, plus every
 * core module of its software at its resolved version (a row of the same module wins).
 */
export function withBuiltIns(active: Map<number, string>, builtIns: readonly ResolvedBuiltIn[]): Map<number, string> {
  const out = new Map(active);
  for (const b of builtIns) if (b.version && !out.has(b.moduleId)) out.set(b.moduleId, b.version.version);
  return out;
}

export async function isCoreModule(db: Db, softwareId: number, moduleId: number): Promise<boolean> {
  return !!(await db.softwareCoreModule.findUnique({ where: { softwareId_moduleId: { softwareId, moduleId } }, select: { id: true } }));
}

/** For the instance page: the core modules of the instance's software, at the version its core runs. */
export async function builtInModulesView(ctx: Context, core: CoreRef): Promise<BuiltInModule[]> {
  const list = await ctx.loaders.lazy('coreModules.builtInByCore', () => new Map<string, Promise<ResolvedBuiltIn[]>>());
  const key = `${core.softwareId}@${core.version}`;
  if (!list.has(key)) list.set(key, builtInModulesFor(ctx.prisma, core));
  const resolved = await list.get(key)!;
  return resolved.map((b) =>
    Object.assign(new BuiltInModule(), { module: toListing(b.module), version: b.version ? toRelease(b.version) : null, since: b.since }),
  );
}

/** The active softwares a module is core for (public: the catalog and module page show "Built into …"). */
export async function coreSoftwaresOf(ctx: Context, moduleId: number): Promise<Software[]> {
  const loader = ctx.loaders.lazy('coreModules.softwaresByModule', () =>
    groupedBy(
      (ids: number[]) =>
        ctx.prisma.softwareCoreModule.findMany({
          where: { moduleId: { in: ids }, software: { isActive: true } },
          include: { software: true },
          orderBy: { id: 'asc' },
        }),
      (r) => r.moduleId,
    ),
  );
  return (await loader.load(moduleId)).map((r) => r.software);
}

/**
 * The modules (of `ids`) that are core for every active software their approved versions support:
 * built into every instance they could run on, so a license buys nothing (checkout refuses them and
 * the module page offers no plan).
 */
export async function builtInEverywhere(db: Pick<Db, '$queryRaw'>, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ module_id: number }[]>`
    SELECT v.module_id
    FROM module_versions v
    JOIN module_core_compatibility c ON c.version_id = v.id
    JOIN softwares s ON s.id = c.software_id AND s.is_active
    LEFT JOIN software_core_modules cm ON cm.software_id = c.software_id AND cm.module_id = v.module_id
    WHERE v.module_id = ANY(${[...ids]}::int[]) AND v.status IN ('beta','stable')
    GROUP BY v.module_id
    HAVING count(*) FILTER (WHERE cm.id IS NULL) = 0`;
  return new Set(rows.map((r) => r.module_id));
}

/** {@link builtInEverywhere} for one module, batched per request (the catalog's field). */
export async function isBuiltInEverywhere(ctx: Context, moduleId: number): Promise<boolean> {
  const loader = ctx.loaders.lazy(
    'coreModules.builtInEverywhere',
    () =>
      new DataLoader<number, boolean>(async (ids) => {
        const set = await builtInEverywhere(ctx.prisma, ids);
        return ids.map((id) => set.has(id));
      }),
  );
  return loader.load(moduleId);
}

// ───────────────────────────────────────────── platform admins

type AdminRow = SoftwareCoreModule & { module: Module & { vendor: { name: string } }; markedBy: { name: string } };

function toAdmin(r: AdminRow): AdminCoreModule {
  return Object.assign(new AdminCoreModule(), {
    id: r.id,
    softwareId: r.softwareId,
    module: toListing(r.module),
    markedByName: r.markedBy.name,
    markedAt: r.markedAt,
  });
}

const adminInclude = { module: { include: { vendor: { select: { name: true } } } }, markedBy: { select: { name: true } } } as const;

export async function coreModulesOfSoftware(ctx: Context, softwareId: number): Promise<AdminCoreModule[]> {
  requirePlatformAdmin(ctx);
  const loader = ctx.loaders.lazy('coreModules.adminBySoftware', () =>
    groupedBy(
      (ids: number[]) =>
        ctx.prisma.softwareCoreModule.findMany({ where: { softwareId: { in: ids } }, include: adminInclude, orderBy: { id: 'asc' } }),
      (r) => r.softwareId,
    ),
  );
  return (await loader.load(softwareId)).map(toAdmin);
}

/** What an admin may mark core for a software: official modules with an approved version for it, not core yet. */
export async function coreModuleCandidates(ctx: Context, softwareId: number) {
  requirePlatformAdmin(ctx);
  const modules = await ctx.prisma.module.findMany({
    where: {
      vendor: { isOfficial: true },
      versions: { some: { status: { in: [...APPROVED_STATUSES] }, compatibility: { some: { softwareId } } } },
      coreFor: { none: { softwareId } },
    },
    include: { vendor: { select: { name: true } } },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return modules.map(toListing);
}

/**
 * Marks a module core for a software. The module must belong to an official vendor and have an
 * approved version declared compatible with the software (otherwise no instance could run it).
 */
export async function markCoreModule(ctx: Context, input: { softwareId: number; moduleId: number }): Promise<AdminCoreModule> {
  const admin = requirePlatformAdmin(ctx);
  const [software, module] = await Promise.all([
    ctx.prisma.software.findUnique({ where: { id: input.softwareId } }),
    ctx.prisma.module.findUnique({
      where: { id: input.moduleId },
      include: {
        vendor: { select: { name: true, isOfficial: true } },
        versions: { where: { status: { in: [...APPROVED_STATUSES] }, compatibility: { some: { softwareId: input.softwareId } } }, take: 1 },
      },
    }),
  ]);
  if (!software) throw notFound('Software');
  if (!module) throw notFound('Module');
  if (!module.vendor.isOfficial)
    fail(
      E.CORE_MODULE_NOT_OFFICIAL,
      `${module.name} is published by ${module.vendor.name}, which is not an official vendor: only official modules can be core.`,
      'moduleId',
    );
  if (!module.versions.length)
    fail(
      E.CORE_MODULE_NO_VERSION,
      `${module.name} has no approved version declared compatible with ${software.name}, so no ${software.name} instance could run it.`,
      'moduleId',
    );
  return ctx.prisma.$transaction(async (tx) => {
    if (await isCoreModule(tx, software.id, module.id))
      fail(E.CORE_MODULE_ALREADY_MARKED, `${module.name} is already a core module of ${software.name}.`, 'moduleId');
    const row = await tx.softwareCoreModule.create({
      data: { softwareId: software.id, moduleId: module.id, markedById: admin.id, markedAt: ctx.clock.now() },
      include: adminInclude,
    });
    await audit(tx, ctx, {
      action: 'mark_core_module',
      entityType: 'software',
      entityId: software.id,
      newValue: { module_id: module.id, module_slug: module.slug, core_module_id: row.id },
    });
    return toAdmin(row);
  });
}

/**
 * Makes a module an ordinary module again. Refused while an active module on an instance of the
 * software requires it and the instance holds no activation of its own for it (it would break).
 */
export async function unmarkCoreModule(ctx: Context, input: { softwareId: number; moduleId: number }): Promise<number> {
  requirePlatformAdmin(ctx);
  const [software, module] = await Promise.all([
    ctx.prisma.software.findUnique({ where: { id: input.softwareId } }),
    ctx.prisma.module.findUnique({ where: { id: input.moduleId } }),
  ]);
  if (!software) throw notFound('Software');
  if (!module) throw notFound('Module');
  return ctx.prisma.$transaction(async (tx) => {
    // Lock the mark so a concurrent activation that counts on it serializes with the removal.
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM software_core_modules WHERE software_id = ${software.id} AND module_id = ${module.id} FOR UPDATE`;
    if (!locked.length) fail(E.CORE_MODULE_NOT_MARKED, `${module.name} is not a core module of ${software.name}.`, 'moduleId');
    const relying = await tx.$queryRaw<{ instances: bigint }[]>`
      SELECT count(DISTINCT im.instance_id) AS instances
      FROM instance_modules im
      JOIN instances i ON i.id = im.instance_id AND i.is_active
      JOIN software_cores c ON c.id = i.core_id AND c.software_id = ${software.id}
      JOIN module_dependencies d ON d.version_id = im.module_version_id AND d.depends_on_module_id = ${module.id} AND d.is_required
      WHERE im.is_active
        AND NOT EXISTS (SELECT 1 FROM instance_modules own
                        WHERE own.instance_id = im.instance_id AND own.module_id = ${module.id} AND own.is_active)`;
    const count = Number(relying[0]?.instances ?? 0);
    if (count > 0)
      fail(
        E.CORE_MODULE_DEPENDED_ON,
        `Active modules on ${count} ${software.name} instance${count === 1 ? '' : 's'} require ${module.name} as a built-in module: it must stay core until they are deactivated or ${module.name} is activated there with a license.`,
        'moduleId',
      );
    await tx.softwareCoreModule.delete({ where: { id: locked[0].id } });
    await audit(tx, ctx, {
      action: 'unmark_core_module',
      entityType: 'software',
      entityId: software.id,
      oldValue: { module_id: module.id, module_slug: module.slug, core_module_id: locked[0].id },
    });
    return module.id;
  });
}
