/**
 * Modules and versions as their vendor runs them: listing CRUD, the version created from an
 * uploaded artifact, draft edits, submission for review, deprecation.
 */
import type { Module, ModuleValidation, ModuleVersion, Prisma, ReleaseChannel, Vendor, VersionStatus } from '@wk/db';
import { compareSemver, isValidSemver } from '@wk/domain';
import type { Context } from '../../core/context';
import { isPlatformAdmin, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { decodeCursor, pageById, toConnection } from '../../core/pagination';
import { artifactKey, isSlug, type ArtifactStorage, type ZipInspectionSuccess } from '../artifacts';
import { notify, platformAdminRecipients } from '../notifications';
import { requireVendorMember } from '../vendors';
import { isHttpUrl, vendorForMemberOrAdmin } from '../vendors';
import { dispatchChecks, queueChecks, submissionBlockers, syncDerivedColumns } from '../version-checks';
import { ErrorBag, clean, fail } from './payload';
import { PublishingErrorCode as E } from './publishing.errors';
import { unknownPermissions } from '../permissions';
import { VersionStage } from './publishing.types';
import {
  APPROVED_STATUSES,
  checkVersionOrder,
  previousApprovedVersion,
  resolveCompatibility,
  resolveDependencies,
  resolveIntegrations,
  updateTypeBetween,
  type CompatDeclaration,
  type Db,
  type DependencyDeclaration,
  type IntegrationDeclaration,
  type ResolvedCompat,
  type ResolvedDependency,
} from './version-rules';

const CATEGORY = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const CHANGELOG_MAX = 20000;

export function storageOf(ctx: Context): ArtifactStorage {
  const s = ctx.services.storage;
  if (!s) throw new Error('Artifact storage is not configured (services.storage).');
  return s;
}

export const isApproved = (s: VersionStatus) => s === 'stable' || s === 'beta';

export function versionStage(v: Pick<ModuleVersion, 'status'>, validations: Pick<ModuleValidation, 'status'>[]): VersionStage {
  if (isApproved(v.status)) return VersionStage.APPROVED;
  if (v.status === 'rejected') return VersionStage.REJECTED;
  return validations.length === 0 ? VersionStage.DRAFT : VersionStage.IN_REVIEW;
}

// ───────────────────────────────────────────────────────── access

/** The module, for reading: its vendor's members and platform admins; others NOT_FOUND. */
export async function moduleForRead(ctx: Context, moduleId: number): Promise<Module> {
  requireUser(ctx);
  const m = await ctx.prisma.module.findUnique({ where: { id: moduleId } });
  if (!m) throw notFound('Module');
  if (isPlatformAdmin(ctx)) return m;
  await requireVendorMember(ctx, m.vendorId).catch(() => {
    throw notFound('Module');
  });
  return m;
}

/** The module, for changing: its vendor's members only (platform admins for official vendors). */
export async function moduleForWrite(ctx: Context, moduleId: number): Promise<{ module: Module; vendor: Vendor }> {
  requireUser(ctx);
  const m = await ctx.prisma.module.findUnique({ where: { id: moduleId } });
  if (!m) throw notFound('Module');
  const vendor = await requireVendorMember(ctx, m.vendorId).catch(() => {
    throw notFound('Module');
  });
  return { module: m, vendor };
}

async function versionForRead(ctx: Context, versionId: number) {
  const v = await ctx.prisma.moduleVersion.findUnique({ where: { id: versionId } });
  if (!v) throw notFound('Version');
  await moduleForRead(ctx, v.moduleId).catch(() => {
    throw notFound('Version');
  });
  return v;
}

async function versionForWrite(ctx: Context, versionId: number) {
  const v = await ctx.prisma.moduleVersion.findUnique({ where: { id: versionId } });
  if (!v) throw notFound('Version');
  const { module, vendor } = await moduleForWrite(ctx, v.moduleId).catch(() => {
    throw notFound('Version');
  });
  return { version: v, module, vendor };
}

// ───────────────────────────────────────────────────────── queries

export async function vendorModules(
  ctx: Context,
  args: {
    vendorId: number;
    first: number;
    after?: string | null;
    filter?: { status?: Module['status'] | null; search?: string | null } | null;
  },
) {
  await vendorForMemberOrAdmin(ctx, args.vendorId);
  const search = clean(args.filter?.search);
  const where: Prisma.ModuleWhereInput = {
    vendorId: args.vendorId,
    ...(args.filter?.status ? { status: args.filter.status } : {}),
    ...(search ? { OR: [{ name: { contains: search, mode: 'insensitive' } }, { slug: { contains: search.toLowerCase() } }] } : {}),
  };
  return pageById(args, 'desc', where, {
    rows: (q) => ctx.prisma.module.findMany(q),
    count: (q) => ctx.prisma.module.count(q),
  });
}

export const vendorModule = moduleForRead;
export const vendorModuleVersion = versionForRead;

export async function vendorSubmissions(
  ctx: Context,
  args: { vendorId: number; first: number; after?: string | null; status?: ModuleValidation['status'] | null; moduleId?: number | null },
) {
  await vendorForMemberOrAdmin(ctx, args.vendorId);
  const where: Prisma.ModuleValidationWhereInput = {
    version: { module: { vendorId: args.vendorId, ...(args.moduleId ? { id: args.moduleId } : {}) } },
    ...(args.status ? { status: args.status } : {}),
  };
  const cursor = decodeCursor(args.after, 2);
  const after: Prisma.ModuleValidationWhereInput = cursor
    ? {
        OR: [
          { submittedAt: { lt: new Date(String(cursor[0])) } },
          { submittedAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    ctx.prisma.moduleValidation.findMany({
      where: { AND: [where, after] },
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: args.first + 1,
    }),
    ctx.prisma.moduleValidation.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.submittedAt.toISOString(), r.id], !!cursor);
}

// ───────────────────────────────────────────────────────── modules

function validateListing(
  bag: ErrorBag,
  input: { name?: string | null; category?: string | null; iconUrl?: string | null },
  nameRequired: boolean,
) {
  if (nameRequired || (input.name !== undefined && input.name !== null)) {
    const name = input.name?.trim();
    if (!name || name.length < 2) bag.add(E.REQUIRED, 'Enter a module name (at least 2 characters).', 'name');
  }
  const category = clean(input.category)?.toLowerCase();
  if (category && !CATEGORY.test(category))
    bag.add(E.INVALID_CATEGORY, 'Use a short lowercase category such as crm, erp or analytics.', 'category');
  const icon = clean(input.iconUrl);
  if (icon && !isHttpUrl(icon)) bag.add(E.INVALID_URL, 'Enter the full http(s) URL of the icon image.', 'iconUrl');
}

export async function createModule(
  ctx: Context,
  input: {
    vendorId: number;
    slug: string;
    name: string;
    type: Module['type'];
    shortDescription?: string | null;
    description?: string | null;
    category?: string | null;
    iconUrl?: string | null;
  },
): Promise<Module> {
  const vendor = await requireVendorMember(ctx, input.vendorId);
  const bag = new ErrorBag();
  const slug = input.slug.trim().toLowerCase();
  if (!isSlug(slug)) bag.add(E.INVALID_SLUG, 'Use lowercase letters, digits and single hyphens (at most 64 characters).', 'slug');
  validateListing(bag, input, true);
  bag.throwIfAny();
  return ctx.prisma.$transaction(async (tx) => {
    if (await tx.module.findUnique({ where: { slug } })) fail(E.MODULE_SLUG_TAKEN, 'This slug is already used by another module.', 'slug');
    const now = ctx.clock.now();
    const m = await tx.module.create({
      data: {
        vendorId: vendor.id,
        slug,
        name: input.name.trim(),
        type: input.type,
        status: 'draft',
        shortDescription: clean(input.shortDescription),
        description: clean(input.description),
        category: clean(input.category)?.toLowerCase() ?? null,
        iconUrl: clean(input.iconUrl),
        createdAt: now,
        updatedAt: now,
      },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'module',
      entityId: m.id,
      orgId: vendor.orgId,
      newValue: { vendorId: vendor.id, slug, name: m.name, type: m.type },
    });
    return m;
  });
}

export async function updateModule(
  ctx: Context,
  input: {
    moduleId: number;
    name?: string | null;
    type?: Module['type'] | null;
    shortDescription?: string | null;
    description?: string | null;
    category?: string | null;
    iconUrl?: string | null;
  },
): Promise<Module> {
  const { module: before, vendor } = await moduleForWrite(ctx, input.moduleId);
  const bag = new ErrorBag();
  validateListing(bag, input, false);
  bag.throwIfAny();
  const data: Prisma.ModuleUpdateInput = {};
  if (input.name) data.name = input.name.trim();
  if (input.type) data.type = input.type;
  if (input.shortDescription !== undefined) data.shortDescription = clean(input.shortDescription);
  if (input.description !== undefined) data.description = clean(input.description);
  if (input.category !== undefined) data.category = clean(input.category)?.toLowerCase() ?? null;
  if (input.iconUrl !== undefined) data.iconUrl = clean(input.iconUrl);
  return ctx.prisma.$transaction(async (tx) => {
    const m = await tx.module.update({ where: { id: before.id }, data });
    const pick = (x: Module) => ({
      name: x.name,
      type: x.type,
      shortDescription: x.shortDescription,
      description: x.description,
      category: x.category,
      iconUrl: x.iconUrl,
    });
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'module',
      entityId: m.id,
      orgId: vendor.orgId,
      oldValue: pick(before),
      newValue: pick(m),
    });
    return m;
  });
}

// ───────────────────────────────────────────────────────── versions

export interface UploadFields {
  version?: string;
  changelog?: string;
  channel?: string;
  isCompatibleWithPrevious?: string;
  submit?: string;
  /** "true": replace the draft of the same version (a fixed artifact after the checks found a problem). */
  replaceDraft?: string;
}

function parseBoolField(bag: ErrorBag, raw: string | undefined, field: string, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  bag.add(E.INVALID_FIELD, `"${field}" must be true or false.`, field);
  return fallback;
}

/** Locks the module row so versions of one module are created and submitted one at a time. */
async function lockModule(tx: Prisma.TransactionClient, moduleId: number) {
  await tx.$queryRaw`SELECT id FROM modules WHERE id = ${moduleId} FOR UPDATE`;
}

async function writeDeclarations(
  tx: Prisma.TransactionClient,
  versionId: number,
  compat: ResolvedCompat[] | null,
  deps: ResolvedDependency[] | null,
  integrations: { integratesWithModuleId: number; integrationType: string; description: string | null; isBidirectional: boolean }[] | null,
  now: Date,
) {
  if (compat) {
    await tx.moduleCoreCompatibility.deleteMany({ where: { versionId } });
    if (compat.length)
      await tx.moduleCoreCompatibility.createMany({
        data: compat.map((c) => ({
          versionId,
          softwareId: c.softwareId,
          minCoreVersion: c.minCoreVersion,
          maxCoreVersion: c.maxCoreVersion,
          isVerified: false,
        })),
      });
  }
  if (deps) {
    await tx.moduleDependency.deleteMany({ where: { versionId } });
    if (deps.length) await tx.moduleDependency.createMany({ data: deps.map((d) => ({ versionId, ...d, createdAt: now })) });
  }
  if (integrations) {
    await tx.moduleIntegration.deleteMany({ where: { versionId } });
    if (integrations.length)
      await tx.moduleIntegration.createMany({ data: integrations.map((d) => ({ versionId, ...d, createdAt: now })) });
  }
}

/**
 * Keeps the version's update flow pointing at the highest approved version below it (which can
 * change between upload, submission and approval). Script paths come from the archive's
 * manifest (inspection checked they are files of the archive); type, breaking, downtime and
 * duration are the vendor's (kept when the flow moves).
 */
export async function syncUpdateFlow(tx: Db, version: ModuleVersion) {
  const prev = await previousApprovedVersion(tx, version.moduleId, version.version);
  const flows = await tx.updateFlow.findMany({ where: { toVersionId: version.id }, orderBy: { id: 'desc' } });
  const [current, ...stale] = flows;
  if (stale.length) await tx.updateFlow.deleteMany({ where: { id: { in: stale.map((f) => f.id) } } });
  if (!prev) {
    if (current) await tx.updateFlow.delete({ where: { id: current.id } });
    return null;
  }
  const update = (version.manifest as { update?: { migrationScript?: string; rollbackScript?: string } } | null)?.update ?? {};
  if (current) {
    if (current.fromVersionId === prev.id) return current;
    return tx.updateFlow.update({
      where: { id: current.id },
      data: { fromVersionId: prev.id, updateType: updateTypeBetween(prev.version, version.version) },
    });
  }
  return tx.updateFlow.create({
    data: {
      fromVersionId: prev.id,
      toVersionId: version.id,
      updateType: updateTypeBetween(prev.version, version.version),
      migrationScriptPath: update.migrationScript ?? null,
      rollbackScriptPath: update.rollbackScript ?? null,
      isBreaking: !version.isCompatibleWithPrevious,
      requiresDowntime: false,
      estimatedDurationMinutes: null,
    },
  });
}

/**
 * Creates a draft version from an uploaded, inspected artifact (and submits it when asked).
 * Every check runs before anything is stored: a refused upload leaves no row and no object.
 * The object key is content-addressed (modules/<slug>/<version>/<sha256>.zip).
 */
export async function createVersionFromUpload(
  ctx: Context,
  target: { module: Module; vendor: Vendor },
  upload: { tmpPath: string; sha256: string; bytes: number; filename: string },
  inspection: ZipInspectionSuccess,
  fields: UploadFields,
): Promise<{ version: ModuleVersion; submitted: boolean }> {
  const { module, vendor } = target;
  const m = inspection.manifest;
  const bag = new ErrorBag();
  if (module.status === 'suspended' || module.status === 'archived')
    fail(E.MODULE_NOT_ACTIVE, `This module is ${module.status}; it cannot receive new versions.`, 'moduleId');
  if (m.slug !== module.slug)
    bag.add(
      E.MANIFEST_SLUG_MISMATCH,
      `The manifest names the module "${m.slug}", but this module's slug is "${module.slug}".`,
      'manifest.slug',
    );
  const formVersion = fields.version?.trim();
  if (formVersion && formVersion !== m.version)
    bag.add(E.MANIFEST_VERSION_MISMATCH, `The form says version ${formVersion}, but the manifest says ${m.version}.`, 'version');
  const replaceDraft = parseBoolField(bag, fields.replaceDraft, 'replaceDraft', false);
  const existing = await ctx.prisma.moduleVersion.findMany({
    where: { moduleId: module.id },
    select: { id: true, version: true, status: true, _count: { select: { validations: true } } },
  });
  const replaced = replaceDraft
    ? existing.find((v) => v.version === m.version && v.status === 'pending' && v._count.validations === 0)
    : undefined;
  if (replaceDraft && !replaced) bag.add(E.VERSION_NOT_DRAFT, `There is no draft ${m.version} of this module to replace.`, 'replaceDraft');
  checkVersionOrder(
    bag,
    m.version,
    existing.filter((v) => v !== replaced).map((v) => v.version),
    'version',
  );
  const channelRaw = fields.channel?.trim().toLowerCase();
  let channel: ReleaseChannel = isValidSemver(m.version) && m.version.includes('-') ? 'beta' : 'stable';
  if (channelRaw) {
    if (channelRaw === 'stable' || channelRaw === 'beta') channel = channelRaw;
    else bag.add(E.INVALID_FIELD, 'The channel is "stable" or "beta".', 'channel');
  }
  const isCompatibleWithPrevious = parseBoolField(bag, fields.isCompatibleWithPrevious, 'isCompatibleWithPrevious', true);
  const submit = parseBoolField(bag, fields.submit, 'submit', false);
  const changelog = clean(fields.changelog?.replace(/\r\n?/g, '\n'));
  if (changelog && changelog.length > CHANGELOG_MAX)
    bag.add(E.INVALID_FIELD, `The changelog is limited to ${CHANGELOG_MAX} characters.`, 'changelog');
  if (submit && !changelog) bag.add(E.CHANGELOG_REQUIRED, 'Write a changelog before submitting the version for review.', 'changelog');
  const compat = await resolveCompatibility(
    ctx.prisma,
    bag,
    m.core.map((c): CompatDeclaration => ({ software: c.software, min: c.min, max: c.max ?? null })),
    'manifest.core',
  );
  const deps = await resolveDependencies(
    ctx.prisma,
    bag,
    module,
    (m.dependencies ?? []).map((d): DependencyDeclaration => ({
      moduleSlug: d.module,
      minVersion: d.minVersion,
      isRequired: d.required,
      dependencyType: d.type,
    })),
    'manifest.dependencies',
  );
  for (const u of await unknownPermissions(
    ctx.prisma,
    m.core.map((c) => c.software),
    m.permissions ?? [],
  ))
    bag.add(
      E.MANIFEST_PERMISSION_UNKNOWN,
      `The manifest asks for "${u.code}", which is not in ${u.software.name}'s permission vocabulary.`,
      `manifest.permissions[${u.index}]`,
    );
  bag.throwIfAny();

  const storage = storageOf(ctx);
  const key = artifactKey(module.slug, m.version, upload.sha256);
  const existedBefore = await storage.exists(key);
  await storage.put(key, upload.tmpPath);
  const now = ctx.clock.now();
  try {
    const version = await ctx.prisma.$transaction(async (tx) => {
      await lockModule(tx, module.id);
      const again = new ErrorBag();
      if (replaced) {
        const gone = await tx.moduleVersion.deleteMany({ where: { id: replaced.id, status: 'pending', validations: { none: {} } } });
        if (!gone.count)
          fail(E.VERSION_NOT_DRAFT, `Version ${m.version} was submitted meanwhile; it can no longer be replaced.`, 'replaceDraft');
        await audit(tx, ctx, {
          action: 'replace_draft',
          entityType: 'module_version',
          entityId: replaced.id,
          orgId: vendor.orgId,
          oldValue: { version: replaced.version },
        });
      }
      const current = await tx.moduleVersion.findMany({ where: { moduleId: module.id }, select: { version: true } });
      checkVersionOrder(
        again,
        m.version,
        current.map((v) => v.version),
        'version',
      );
      again.throwIfAny();
      const v = await tx.moduleVersion.create({
        data: {
          moduleId: module.id,
          version: m.version,
          channel,
          status: 'pending',
          artifactKey: key,
          hash: upload.sha256,
          sizeBytes: BigInt(upload.bytes),
          manifest: JSON.parse(JSON.stringify(m)) as Prisma.InputJsonValue,
          permissions: m.permissions ?? [],
          installPath: module.installPath,
          namespace: module.namespace,
          changelog,
          isCompatibleWithPrevious,
          submittedById: ctx.user?.id ?? null,
          createdAt: now,
        },
      });
      await writeDeclarations(tx, v.id, compat, deps, null, now);
      await syncUpdateFlow(tx, v);
      await queueChecks(tx, v.id, now);
      await audit(tx, ctx, {
        action: 'upload',
        entityType: 'module_version',
        entityId: v.id,
        orgId: vendor.orgId,
        newValue: {
          moduleId: module.id,
          version: v.version,
          sha256: upload.sha256,
          sizeBytes: upload.bytes,
          artifactKey: key,
          filename: upload.filename,
        },
      });
      if (submit) await submitInTx(tx, ctx, v, module, vendor);
      return v;
    });
    await dispatchChecks(ctx, [version.id]);
    return { version, submitted: submit };
  } catch (e) {
    if (!existedBefore && !(await ctx.prisma.moduleVersion.findFirst({ where: { artifactKey: key }, select: { id: true } }))) {
      await storage.delete(key).catch(() => undefined);
    }
    throw e;
  }
}

export async function updateDraftVersion(
  ctx: Context,
  input: {
    versionId: number;
    changelog?: string | null;
    channel?: ReleaseChannel | null;
    isCompatibleWithPrevious?: boolean | null;
    compatibility?: { softwareId: number; minCoreVersion: string; maxCoreVersion?: string | null }[] | null;
    dependencies?: DependencyDeclaration[] | null;
    integrations?: IntegrationDeclaration[] | null;
    updateFlow?: {
      updateType?: 'major' | 'minor' | 'patch' | null;
      isBreaking?: boolean | null;
      requiresDowntime?: boolean | null;
      estimatedDurationMinutes?: number | null;
    } | null;
  },
): Promise<ModuleVersion> {
  const { version, module, vendor } = await versionForWrite(ctx, input.versionId);
  const validations = await ctx.prisma.moduleValidation.findMany({ where: { versionId: version.id }, select: { status: true } });
  if (versionStage(version, validations) !== VersionStage.DRAFT)
    fail(E.VERSION_NOT_DRAFT, 'Only a draft (not yet submitted) version can be edited. Upload a new version instead.', 'versionId');
  const bag = new ErrorBag();
  const changelog = input.changelog === undefined ? undefined : clean(input.changelog?.replace(/\r\n?/g, '\n'));
  const compat = input.compatibility
    ? await resolveCompatibility(
        ctx.prisma,
        bag,
        input.compatibility.map((c) => ({ software: c.softwareId, min: c.minCoreVersion, max: c.maxCoreVersion ?? null })),
        'compatibility',
      )
    : null;
  const deps = input.dependencies ? await resolveDependencies(ctx.prisma, bag, module, input.dependencies, 'dependencies') : null;
  const integrations = input.integrations ? await resolveIntegrations(ctx.prisma, bag, module, input.integrations, 'integrations') : null;
  const flow = input.updateFlow ? await ctx.prisma.updateFlow.findFirst({ where: { toVersionId: version.id } }) : null;
  if (input.updateFlow && !flow)
    bag.add(E.INVALID_FIELD, 'There is no approved earlier version to update from, so this version has no update flow.', 'updateFlow');
  bag.throwIfAny();
  const now = ctx.clock.now();
  return ctx.prisma.$transaction(async (tx) => {
    const before = { changelog: version.changelog, channel: version.channel, isCompatibleWithPrevious: version.isCompatibleWithPrevious };
    const v = await tx.moduleVersion.update({
      where: { id: version.id },
      data: {
        ...(changelog !== undefined ? { changelog } : {}),
        ...(input.channel ? { channel: input.channel } : {}),
        ...(input.isCompatibleWithPrevious !== undefined && input.isCompatibleWithPrevious !== null
          ? { isCompatibleWithPrevious: input.isCompatibleWithPrevious }
          : {}),
      },
    });
    await writeDeclarations(tx, v.id, compat, deps, integrations, now);
    if (flow && input.updateFlow) {
      const u = input.updateFlow;
      await tx.updateFlow.update({
        where: { id: flow.id },
        data: {
          ...(u.updateType ? { updateType: u.updateType } : {}),
          ...(u.isBreaking !== undefined && u.isBreaking !== null ? { isBreaking: u.isBreaking } : {}),
          ...(u.requiresDowntime !== undefined && u.requiresDowntime !== null ? { requiresDowntime: u.requiresDowntime } : {}),
          ...(u.estimatedDurationMinutes !== undefined ? { estimatedDurationMinutes: u.estimatedDurationMinutes } : {}),
        },
      });
    }
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'module_version',
      entityId: v.id,
      orgId: vendor.orgId,
      oldValue: before,
      newValue: {
        changelog: v.changelog,
        channel: v.channel,
        isCompatibleWithPrevious: v.isCompatibleWithPrevious,
        compatibility: compat ?? undefined,
        dependencies: deps ?? undefined,
        integrations: integrations ?? undefined,
        updateFlow: input.updateFlow ?? undefined,
      },
    });
    return v;
  });
}

/** Re-checks a version's declarations against the current catalog (at submission and approval). */
export async function recheckDeclarations(db: Db, bag: ErrorBag, version: ModuleVersion, module: Module) {
  const [compat, deps] = await Promise.all([
    db.moduleCoreCompatibility.findMany({ where: { versionId: version.id }, orderBy: { id: 'asc' } }),
    db.moduleDependency.findMany({
      where: { versionId: version.id },
      orderBy: { id: 'asc' },
      include: { dependsOnModule: { select: { slug: true } } },
    }),
  ]);
  await resolveCompatibility(
    db,
    bag,
    compat.map((c) => ({ software: c.softwareId, min: c.minCoreVersion, max: c.maxCoreVersion })),
    'compatibility',
  );
  await resolveDependencies(
    db,
    bag,
    module,
    deps.map((d) => ({
      moduleSlug: d.dependsOnModule.slug,
      minVersion: d.minVersion,
      isRequired: d.isRequired,
      dependencyType: d.dependencyType,
    })),
    'dependencies',
  );
}

async function submitInTx(tx: Prisma.TransactionClient, ctx: Context, version: ModuleVersion, module: Module, vendor: Vendor) {
  const now = ctx.clock.now();
  const validation = await tx.moduleValidation.create({ data: { versionId: version.id, status: 'pending', submittedAt: now } });
  await syncDerivedColumns(tx, version.id);
  if (module.status === 'draft') await tx.module.update({ where: { id: module.id }, data: { status: 'pending' } });
  await syncUpdateFlow(tx, version);
  await notify(tx, await platformAdminRecipients(tx), {
    type: 'validation_required',
    title: 'Module version awaiting review',
    message: `${module.name} ${version.version} by ${vendor.name} awaits review.`,
    relatedEntityType: 'module_version',
    relatedEntityId: version.id,
    at: now,
  });
  await audit(tx, ctx, {
    action: 'submit',
    entityType: 'module_version',
    entityId: version.id,
    orgId: vendor.orgId,
    oldValue: { stage: 'draft' },
    newValue: { stage: 'in_review', validationId: validation.id },
  });
  return validation;
}

/**
 * Submits a draft for review: changelog written, declarations still valid, version greater than
 * every submitted version of the module; creates the pending validation and notifies admins.
 */
export async function submitVersion(ctx: Context, versionId: number): Promise<ModuleVersion> {
  const { version, module, vendor } = await versionForWrite(ctx, versionId);
  return ctx.prisma.$transaction(async (tx) => {
    await lockModule(tx, module.id);
    const v = await tx.moduleVersion.findUniqueOrThrow({ where: { id: version.id } });
    const validations = await tx.moduleValidation.findMany({ where: { versionId: v.id }, select: { status: true } });
    if (versionStage(v, validations) !== VersionStage.DRAFT) fail(E.VERSION_NOT_DRAFT, 'This version was already submitted.', 'versionId');
    if (module.status === 'suspended' || module.status === 'archived')
      fail(E.MODULE_NOT_ACTIVE, `This module is ${module.status}; it cannot receive new versions.`, 'versionId');
    const bag = new ErrorBag();
    if (!v.changelog?.trim()) bag.add(E.CHANGELOG_REQUIRED, 'Write a changelog before submitting the version for review.', 'changelog');
    const submitted = await tx.moduleVersion.findMany({
      where: { moduleId: module.id, id: { not: v.id }, validations: { some: {} } },
      select: { version: true },
    });
    checkVersionOrder(
      bag,
      v.version,
      submitted.map((x) => x.version),
      'version',
    );
    await recheckDeclarations(tx, bag, v, module);
    for (const b of await submissionBlockers(tx, v.id)) bag.add(b.code, b.message, 'versionId');
    bag.throwIfAny();
    await submitInTx(tx, ctx, v, module, vendor);
    return v;
  });
}

/** Deletes a draft version (never submitted) and its artifact when nothing else references it. */
export async function discardDraft(ctx: Context, versionId: number): Promise<number> {
  const { version, vendor } = await versionForWrite(ctx, versionId);
  await ctx.prisma.$transaction(async (tx) => {
    const validations = await tx.moduleValidation.findMany({ where: { versionId: version.id }, select: { status: true } });
    if (versionStage(version, validations) !== VersionStage.DRAFT)
      fail(E.VERSION_NOT_DRAFT, 'Only a draft (never submitted) version can be discarded.', 'versionId');
    await tx.moduleVersion.delete({ where: { id: version.id } });
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'module_version',
      entityId: version.id,
      orgId: vendor.orgId,
      oldValue: { version: version.version, sha256: version.hash, artifactKey: version.artifactKey },
    });
  });
  if (
    version.artifactKey &&
    !(await ctx.prisma.moduleVersion.findFirst({ where: { artifactKey: version.artifactKey }, select: { id: true } }))
  ) {
    await storageOf(ctx)
      .delete(version.artifactKey)
      .catch(() => undefined);
  }
  return version.id;
}

/** Deprecates an approved version, optionally pointing buyers to a newer approved replacement. */
export async function deprecateVersion(
  ctx: Context,
  input: { versionId: number; replacedByVersionId?: number | null },
): Promise<ModuleVersion> {
  const { version, vendor } = await versionForWrite(ctx, input.versionId);
  if (!isApproved(version.status)) fail(E.VERSION_NOT_APPROVED, 'Only an approved version can be deprecated.', 'versionId');
  if (version.deprecatedAt) fail(E.VERSION_ALREADY_DEPRECATED, 'This version is already deprecated.', 'versionId');
  if (input.replacedByVersionId) {
    const r = await ctx.prisma.moduleVersion.findUnique({ where: { id: input.replacedByVersionId } });
    if (
      !r ||
      r.moduleId !== version.moduleId ||
      !isApproved(r.status) ||
      r.deprecatedAt ||
      compareSemver(r.version, version.version) <= 0
    ) {
      fail(
        E.REPLACEMENT_INVALID,
        'The replacement must be a newer, approved, non-deprecated version of the same module.',
        'replacedByVersionId',
      );
    }
  }
  return ctx.prisma.$transaction(async (tx) => {
    const v = await tx.moduleVersion.update({
      where: { id: version.id },
      data: { deprecatedAt: ctx.clock.now(), replacedByVersionId: input.replacedByVersionId ?? null },
    });
    await audit(tx, ctx, {
      action: 'deprecate',
      entityType: 'module_version',
      entityId: v.id,
      orgId: vendor.orgId,
      oldValue: { deprecatedAt: null },
      newValue: { deprecatedAt: v.deprecatedAt, replacedByVersionId: v.replacedByVersionId },
    });
    return v;
  });
}

export { APPROVED_STATUSES };
