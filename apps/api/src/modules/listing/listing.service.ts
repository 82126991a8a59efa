/**
 * The listing beyond its text: links buyers use to reach the vendor (support e-mail or site,
 * documentation, source, issue tracker, privacy policy) and up to 8 ordered screenshots with
 * alt text. Vendor members change them; buyers read them on the module page. Every change is
 * audited in its transaction; another vendor's module is NOT_FOUND.
 */
import type { Module, ModuleScreenshot as DbScreenshot, Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { byId, groupedBy } from '../../core/loaders';
import { clean, ErrorBag, fail } from '../publishing';
import { moduleForWrite } from '../publishing';
import { isHttpUrl } from '../vendors';
import { requireVendorMember } from '../vendors';
import { ALT_TEXT_MAX, ListingErrorCode as E, MAX_SCREENSHOTS } from './listing.errors';
import type { ModuleListingLinks, ModuleListingLinksUpdateInput, ModuleScreenshot, ModuleSupport } from './listing.types';

type Tx = Prisma.TransactionClient;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_FIELDS = ['supportUrl', 'documentationUrl', 'sourceUrl', 'issueTrackerUrl', 'privacyPolicyUrl'] as const;
const URL_LABELS: Record<(typeof URL_FIELDS)[number], string> = {
  supportUrl: 'support site',
  documentationUrl: 'documentation',
  sourceUrl: 'source code',
  issueTrackerUrl: 'issue tracker',
  privacyPolicyUrl: 'privacy policy',
};

export const screenshotUrl = (s: Pick<DbScreenshot, 'id'>) => `/api/screenshots/${s.id}.webp`;

export function toScreenshot(s: DbScreenshot): ModuleScreenshot {
  return {
    id: s.id,
    moduleId: s.moduleId,
    position: s.position,
    altText: s.altText,
    url: screenshotUrl(s),
    width: s.width,
    height: s.height,
  };
}

export function linksOf(m: Pick<Module, 'supportEmail' | (typeof URL_FIELDS)[number]>): ModuleListingLinks {
  return {
    supportEmail: m.supportEmail,
    supportUrl: m.supportUrl,
    documentationUrl: m.documentationUrl,
    sourceUrl: m.sourceUrl,
    issueTrackerUrl: m.issueTrackerUrl,
    privacyPolicyUrl: m.privacyPolicyUrl,
  };
}

/** A vendor's module's own links (the vendor module was access-checked by its query). */
export async function linksOfModule(ctx: Context, moduleId: number): Promise<ModuleListingLinks> {
  return linksOf(await ctx.prisma.module.findUniqueOrThrow({ where: { id: moduleId } }));
}

/** Buyer-facing support facts of a module: its own links, the vendor's support e-mail when it has none. */
export async function moduleSupport(ctx: Context, moduleId: number): Promise<ModuleSupport> {
  const m = await ctx.loaders
    .lazy('listing.moduleLinks', () =>
      byId((ids: number[]) =>
        ctx.prisma.module.findMany({ where: { id: { in: ids } }, include: { vendor: { select: { supportEmail: true } } } }),
      ),
    )
    .load(moduleId);
  if (!m) throw notFound('Module');
  return {
    email: m.supportEmail ?? m.vendor.supportEmail ?? null,
    url: m.supportUrl,
    documentationUrl: m.documentationUrl,
    sourceUrl: m.sourceUrl,
    issueTrackerUrl: m.issueTrackerUrl,
    privacyPolicyUrl: m.privacyPolicyUrl,
  };
}

/** A module's screenshots in order (one statement per request for every module asked). */
export async function screenshotsOf(ctx: Context, moduleId: number): Promise<ModuleScreenshot[]> {
  const rows = await ctx.loaders
    .lazy('listing.screenshots', () =>
      groupedBy(
        (ids: number[]) =>
          ctx.prisma.moduleScreenshot.findMany({ where: { moduleId: { in: ids } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
        (s: DbScreenshot) => s.moduleId,
      ),
    )
    .load(moduleId);
  return rows.map(toScreenshot);
}

export async function updateLinks(ctx: Context, input: ModuleListingLinksUpdateInput): Promise<{ links: ModuleListingLinks }> {
  const { module: before, vendor } = await moduleForWrite(ctx, input.moduleId);
  const bag = new ErrorBag();
  const email = clean(input.supportEmail);
  if (email && !EMAIL_RE.test(email)) bag.add(E.INVALID_EMAIL, 'Enter a valid support e-mail address.', 'supportEmail');
  const data: Record<string, string | null> = { supportEmail: email };
  for (const f of URL_FIELDS) {
    const v = clean(input[f]);
    if (v && !isHttpUrl(v)) bag.add(E.INVALID_URL, `Enter the full http(s) URL of the ${URL_LABELS[f]}.`, f);
    data[f] = v;
  }
  bag.throwIfAny();
  return ctx.prisma.$transaction(async (tx) => {
    const m = await tx.module.update({ where: { id: before.id }, data });
    await audit(tx, ctx, {
      action: 'update_links',
      entityType: 'module',
      entityId: m.id,
      orgId: vendor.orgId,
      oldValue: linksOf(before),
      newValue: linksOf(m),
    });
    return { links: linksOf(m) };
  });
}

/** Trimmed alt text, or a payload error on `altText`. */
export function checkAltText(raw: string | null | undefined): string {
  const alt = clean(raw);
  if (!alt) fail(E.ALT_TEXT_REQUIRED, 'Describe the screenshot (alt text) for people who cannot see it.', 'altText');
  if (alt.length > ALT_TEXT_MAX) fail(E.ALT_TEXT_TOO_LONG, `Alt text can have at most ${ALT_TEXT_MAX} characters.`, 'altText');
  return alt;
}

async function screenshotForWrite(ctx: Context, screenshotId: number) {
  const s = await ctx.prisma.moduleScreenshot.findUnique({ where: { id: screenshotId } });
  if (!s) throw notFound('Screenshot');
  const { vendor } = await moduleForWrite(ctx, s.moduleId).catch(() => {
    throw notFound('Screenshot');
  });
  return { screenshot: s, vendor };
}

/** Records an uploaded (already stored) screenshot at the end of the module's list, inside the 8 limit. */
export async function addScreenshot(
  ctx: Context,
  moduleId: number,
  file: { storageKey: string; width: number; height: number; bytes: number; altText: string; sourceKind: string },
): Promise<DbScreenshot> {
  const { vendor } = await moduleForWrite(ctx, moduleId);
  return ctx.prisma.$transaction(async (tx) => {
    // Serialize additions per module so that two uploads never pass the limit together.
    await tx.$queryRaw`SELECT id FROM modules WHERE id = ${moduleId} FOR UPDATE`;
    const count = await tx.moduleScreenshot.count({ where: { moduleId } });
    if (count >= MAX_SCREENSHOTS)
      fail(E.SCREENSHOT_LIMIT, `A listing has at most ${MAX_SCREENSHOTS} screenshots; delete one first.`, 'file');
    const last = await tx.moduleScreenshot.findFirst({ where: { moduleId }, orderBy: { position: 'desc' } });
    const row = await tx.moduleScreenshot.create({
      data: {
        moduleId,
        position: (last?.position ?? 0) + 1,
        altText: file.altText,
        storageKey: file.storageKey,
        contentType: 'image/webp',
        width: file.width,
        height: file.height,
        byteSize: file.bytes,
        createdById: ctx.user?.id ?? null,
        createdAt: ctx.clock.now(),
      },
    });
    await audit(tx, ctx, {
      action: 'screenshot_add',
      entityType: 'module',
      entityId: moduleId,
      orgId: vendor.orgId,
      newValue: {
        screenshotId: row.id,
        position: row.position,
        altText: row.altText,
        width: row.width,
        height: row.height,
        from: file.sourceKind,
      },
    });
    return row;
  });
}

/** The number of screenshots a module has (the upload route refuses early beyond the limit). */
export async function screenshotCount(db: Pick<Tx, 'moduleScreenshot'>, moduleId: number): Promise<number> {
  return db.moduleScreenshot.count({ where: { moduleId } });
}

export async function updateScreenshot(ctx: Context, input: { screenshotId: number; altText: string }) {
  const { screenshot: before, vendor } = await screenshotForWrite(ctx, input.screenshotId);
  const altText = checkAltText(input.altText);
  return ctx.prisma.$transaction(async (tx) => {
    const s = await tx.moduleScreenshot.update({ where: { id: before.id }, data: { altText } });
    await audit(tx, ctx, {
      action: 'screenshot_update',
      entityType: 'module',
      entityId: s.moduleId,
      orgId: vendor.orgId,
      oldValue: { screenshotId: s.id, altText: before.altText },
      newValue: { screenshotId: s.id, altText },
    });
    return { screenshot: toScreenshot(s) };
  });
}

export async function reorderScreenshots(ctx: Context, input: { moduleId: number; screenshotIds: number[] }) {
  const { vendor } = await moduleForWrite(ctx, input.moduleId);
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM modules WHERE id = ${input.moduleId} FOR UPDATE`;
    const rows = await tx.moduleScreenshot.findMany({ where: { moduleId: input.moduleId }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
    const ids = rows.map((r) => r.id);
    const wanted = input.screenshotIds;
    if (wanted.length !== ids.length || new Set(wanted).size !== wanted.length || !wanted.every((id) => ids.includes(id)))
      fail(E.ORDER_MISMATCH, 'List every screenshot of this module exactly once.', 'screenshotIds');
    for (const [i, id] of wanted.entries()) await tx.moduleScreenshot.update({ where: { id }, data: { position: i + 1 } });
    await audit(tx, ctx, {
      action: 'screenshot_reorder',
      entityType: 'module',
      entityId: input.moduleId,
      orgId: vendor.orgId,
      oldValue: { order: ids },
      newValue: { order: wanted },
    });
    const after = await tx.moduleScreenshot.findMany({
      where: { moduleId: input.moduleId },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
    return { screenshots: after.map(toScreenshot) };
  });
}

/** Deletes the row (positions close up), then the stored image once the transaction committed. */
export async function deleteScreenshot(ctx: Context, screenshotId: number) {
  const { screenshot, vendor } = await screenshotForWrite(ctx, screenshotId);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM modules WHERE id = ${screenshot.moduleId} FOR UPDATE`;
    await tx.moduleScreenshot.delete({ where: { id: screenshot.id } });
    const rest = await tx.moduleScreenshot.findMany({
      where: { moduleId: screenshot.moduleId },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
    for (const [i, r] of rest.entries())
      if (r.position !== i + 1) await tx.moduleScreenshot.update({ where: { id: r.id }, data: { position: i + 1 } });
    await audit(tx, ctx, {
      action: 'screenshot_delete',
      entityType: 'module',
      entityId: screenshot.moduleId,
      orgId: vendor.orgId,
      oldValue: { screenshotId: screenshot.id, altText: screenshot.altText, position: screenshot.position },
    });
  });
  await ctx.services.storage?.delete(screenshot.storageKey).catch(() => undefined);
  return { deletedScreenshotId: screenshot.id };
}

/**
 * Who may see a screenshot's image: anyone when its module is in the catalog; otherwise only the
 * module's vendor members (for the preview). Returns null when the caller may not.
 */
export async function screenshotForViewer(ctx: Context, screenshotId: number): Promise<{ row: DbScreenshot; listed: boolean } | null> {
  const row = await ctx.prisma.moduleScreenshot.findUnique({ where: { id: screenshotId }, include: { module: true } });
  if (!row) return null;
  const listed =
    row.module.status === 'published' &&
    (await ctx.prisma.moduleVersion.count({ where: { moduleId: row.moduleId, status: { in: ['beta', 'stable'] } } })) > 0;
  if (listed) return { row, listed };
  if (!ctx.user) return null;
  const ok = await requireVendorMember(ctx, row.module.vendorId).then(
    () => true,
    () => false,
  );
  return ok ? { row, listed } : null;
}
