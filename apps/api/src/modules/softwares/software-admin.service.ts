/** The software registry as platform admins run it: softwares and their core releases. */
import type { CoreValidationStatus, Prisma, Software, SoftwareCore } from '@wk/db';
import { compareSemver, isValidSemver } from '@wk/domain';
import type { Context } from '../../core/context';
import { requirePlatformAdmin } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { groupedBy } from '../../core/loaders';
import { isSlug } from '../artifacts';
import { ErrorBag, clean, fail } from '../publishing';
import { AdminErrorCode as E } from '../admin';

const HASH = /^[a-f0-9]{32,128}$/;

export async function listSoftwares(ctx: Context): Promise<Software[]> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.software.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

/** Every core of a software (rejected included), highest semver first. */
export async function coresOf(ctx: Context, softwareId: number): Promise<SoftwareCore[]> {
  const loader = ctx.loaders.lazy('admin.coresBySoftware', () =>
    groupedBy(
      (ids: number[]) => ctx.prisma.softwareCore.findMany({ where: { softwareId: { in: ids } } }),
      (c) => c.softwareId,
    ),
  );
  const list = await loader.load(softwareId);
  return [...list].sort((a, b) =>
    isValidSemver(a.version) && isValidSemver(b.version) ? compareSemver(b.version, a.version) : b.id - a.id,
  );
}

export async function createSoftware(
  ctx: Context,
  input: { name: string; slug: string; installPath?: string | null; namespace?: string | null },
): Promise<Software> {
  const admin = requirePlatformAdmin(ctx);
  const bag = new ErrorBag();
  const slug = input.slug.trim().toLowerCase();
  if (!isSlug(slug)) bag.add(E.INVALID_SLUG, 'Use lowercase letters, digits and single hyphens.', 'slug');
  if (!input.name.trim()) bag.add(E.REQUIRED, 'Enter the software name.', 'name');
  bag.throwIfAny();
  return ctx.prisma.$transaction(async (tx) => {
    if (await tx.software.findUnique({ where: { slug } })) fail(E.SOFTWARE_SLUG_TAKEN, 'A software already uses this slug.', 'slug');
    const now = ctx.clock.now();
    const s = await tx.software.create({
      data: {
        name: input.name.trim(),
        slug,
        installPath: clean(input.installPath),
        namespace: clean(input.namespace),
        createdById: admin.id,
        updatedById: admin.id,
        createdAt: now,
        updatedAt: now,
      },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'software',
      entityId: s.id,
      newValue: { name: s.name, slug, installPath: s.installPath, namespace: s.namespace },
    });
    return s;
  });
}

export async function updateSoftware(
  ctx: Context,
  input: { softwareId: number; name?: string | null; installPath?: string | null; namespace?: string | null; isActive?: boolean | null },
): Promise<Software> {
  const admin = requirePlatformAdmin(ctx);
  const before = await ctx.prisma.software.findUnique({ where: { id: input.softwareId } });
  if (!before) throw notFound('Software');
  if (input.name !== undefined && input.name !== null && !input.name.trim()) fail(E.REQUIRED, 'Enter the software name.', 'name');
  const data: Prisma.SoftwareUncheckedUpdateInput = { updatedById: admin.id };
  if (input.name) data.name = input.name.trim();
  if (input.installPath !== undefined) data.installPath = clean(input.installPath);
  if (input.namespace !== undefined) data.namespace = clean(input.namespace);
  if (input.isActive !== undefined && input.isActive !== null) data.isActive = input.isActive;
  return ctx.prisma.$transaction(async (tx) => {
    const s = await tx.software.update({ where: { id: before.id }, data });
    const pick = (x: Software) => ({ name: x.name, installPath: x.installPath, namespace: x.namespace, isActive: x.isActive });
    await audit(tx, ctx, { action: 'update', entityType: 'software', entityId: s.id, oldValue: pick(before), newValue: pick(s) });
    return s;
  });
}

function safeRelativePath(p: string): boolean {
  return (
    !!p &&
    !p.startsWith('/') &&
    !/^[a-zA-Z]:/.test(p) &&
    !p.includes('\\') &&
    !p.split('/').some((seg) => seg === '..' || seg === '') &&
    p.length <= 500
  );
}

/** Registers a core release (pending review): semver unique per software, optional hash and artifact paths. */
export async function createCore(
  ctx: Context,
  input: {
    softwareId: number;
    name: string;
    version: string;
    artifactPaths: string[];
    installPath?: string | null;
    namespace?: string | null;
    hash?: string | null;
    metadata?: unknown;
  },
): Promise<SoftwareCore> {
  requirePlatformAdmin(ctx);
  const software = await ctx.prisma.software.findUnique({ where: { id: input.softwareId } });
  if (!software) throw notFound('Software');
  const bag = new ErrorBag();
  const version = input.version.trim();
  if (!isValidSemver(version)) bag.add(E.INVALID_SEMVER, `"${version}" is not a semantic version (e.g. 2.1.0).`, 'version');
  if (!input.name.trim()) bag.add(E.REQUIRED, 'Enter the release name, e.g. "Webkernel Horizon".', 'name');
  const hash = clean(input.hash)?.toLowerCase() ?? null;
  if (hash && !HASH.test(hash)) bag.add(E.INVALID_HASH, 'The hash is a hex digest (32 to 128 hex characters).', 'hash');
  const paths = input.artifactPaths.map((p) => p.trim()).filter(Boolean);
  paths.forEach((p, i) => {
    if (!safeRelativePath(p)) bag.add(E.INVALID_PATH, `"${p}" must be a relative path without "..".`, `artifactPaths[${i}]`);
  });
  const metadata = input.metadata;
  if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata)))
    bag.add(E.INVALID_METADATA, 'Metadata is a JSON object.', 'metadata');
  bag.throwIfAny();
  return ctx.prisma.$transaction(async (tx) => {
    if (await tx.softwareCore.findUnique({ where: { softwareId_version: { softwareId: software.id, version } } })) {
      fail(E.CORE_VERSION_EXISTS, `${software.name} ${version} is already registered.`, 'version');
    }
    const now = ctx.clock.now();
    const c = await tx.softwareCore.create({
      data: {
        softwareId: software.id,
        name: input.name.trim(),
        version,
        artifactPaths: paths,
        installPath: clean(input.installPath) ?? software.installPath,
        namespace: clean(input.namespace) ?? software.namespace,
        hash,
        validationStatus: 'pending',
        metadata: (metadata ?? undefined) as Prisma.InputJsonValue | undefined,
        createdAt: now,
        updatedAt: now,
      },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'software_core',
      entityId: c.id,
      newValue: { softwareId: software.id, name: c.name, version, hash, artifactPaths: paths, validationStatus: 'pending' },
    });
    return c;
  });
}

export async function setCoreStatus(ctx: Context, input: { coreId: number; status: CoreValidationStatus }): Promise<SoftwareCore> {
  requirePlatformAdmin(ctx);
  const before = await ctx.prisma.softwareCore.findUnique({ where: { id: input.coreId } });
  if (!before) throw notFound('Core version');
  return ctx.prisma.$transaction(async (tx) => {
    const c = await tx.softwareCore.update({ where: { id: before.id }, data: { validationStatus: input.status } });
    await audit(tx, ctx, {
      action: 'set_status',
      entityType: 'software_core',
      entityId: c.id,
      oldValue: { validationStatus: before.validationStatus },
      newValue: { validationStatus: c.validationStatus },
    });
    return c;
  });
}
