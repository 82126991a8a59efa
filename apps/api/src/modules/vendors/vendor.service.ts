import type { Prisma, Vendor } from '@wk/db';
import { commissionRateAt, formatRate, parseRate } from '@wk/domain';
import type { Context } from '../../core/context';
import { isPlatformAdmin, membershipOf, requirePlatformAdmin, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { forbidden, notFound } from '../../core/errors';
import { pageById } from '../../core/pagination';
import { isSlug } from '../artifacts';
import { ErrorBag, clean, fail } from '../publishing';
import { VendorErrorCode as E } from './vendor.errors';
import { requireVendorMember, vendorsManagedBy } from './vendor-access';
import { vendorLoaders } from './vendor.loaders';

export const DEFAULT_COMMISSION_RATE = '0.30';
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
  } catch {
    return false;
  }
}

function validateProfile(
  bag: ErrorBag,
  input: { name?: string | null; website?: string | null; supportEmail?: string | null },
  nameRequired: boolean,
) {
  const name = input.name?.trim();
  if (nameRequired || (input.name !== undefined && input.name !== null)) {
    if (!name || name.length < 2) bag.add(E.REQUIRED, 'Enter a vendor name (at least 2 characters).', 'name');
  }
  const website = clean(input.website);
  if (website && !isHttpUrl(website)) bag.add(E.INVALID_URL, 'Enter a full http(s) URL, e.g. https://example.com.', 'website');
  const email = clean(input.supportEmail);
  if (email && !EMAIL_RE.test(email)) bag.add(E.INVALID_EMAIL, 'Enter a valid support e-mail address.', 'supportEmail');
}

/** Vendors the signed-in user runs (owned, via an org they administer, official ones for platform admins). */
export async function myVendors(ctx: Context): Promise<Vendor[]> {
  const user = requireUser(ctx);
  return vendorsManagedBy(ctx, user.id);
}

/** A vendor by id for its members (and platform admins, who may read every vendor). */
export async function vendorForMemberOrAdmin(ctx: Context, vendorId: number): Promise<Vendor> {
  requireUser(ctx);
  if (isPlatformAdmin(ctx)) {
    const v = await ctx.prisma.vendor.findUnique({ where: { id: vendorId } });
    if (!v) throw notFound('Vendor');
    return v;
  }
  return requireVendorMember(ctx, vendorId);
}

/** Whether the signed-in user may see a vendor's private fields (commission, owner, history). */
export async function canSeeVendorPrivate(ctx: Context, vendorId: number): Promise<boolean> {
  if (!ctx.user) return false;
  if (isPlatformAdmin(ctx)) return true;
  const ids = await ctx.loaders.lazy('managedVendorIds', async () => new Set((await vendorsManagedBy(ctx, ctx.user!.id)).map((v) => v.id)));
  return ids.has(vendorId);
}

export async function requireVendorPrivate(ctx: Context, vendorId: number): Promise<void> {
  if (!(await canSeeVendorPrivate(ctx, vendorId))) throw forbidden('Only the vendor and platform admins can see this.');
}

export async function createVendor(
  ctx: Context,
  input: {
    name: string;
    slug: string;
    description?: string | null;
    website?: string | null;
    supportEmail?: string | null;
    orgId?: number | null;
    official?: boolean | null;
  },
): Promise<Vendor> {
  const user = requireUser(ctx);
  if (input.official) {
    if (!isPlatformAdmin(ctx)) throw forbidden('Only platform admins create official vendors.');
    if (input.orgId) fail(E.OFFICIAL_WITH_ORG, 'An official vendor is run by the platform, not by an organization.', 'orgId');
  }
  if (input.orgId !== null && input.orgId !== undefined) {
    const m = await membershipOf(ctx, input.orgId);
    if (!m) throw notFound('Organization');
    if (m.role !== 'admin') throw forbidden('Only organization admins can create a vendor for the organization.');
  }
  const bag = new ErrorBag();
  const slug = input.slug.trim().toLowerCase();
  if (!isSlug(slug)) bag.add(E.INVALID_SLUG, 'Use lowercase letters, digits and single hyphens (at most 64 characters).', 'slug');
  validateProfile(bag, input, true);
  bag.throwIfAny();

  const now = ctx.clock.now();
  const official = !!input.official;
  const rate = official ? '0.00' : DEFAULT_COMMISSION_RATE;
  return ctx.prisma.$transaction(async (tx) => {
    if (await tx.vendor.findUnique({ where: { slug } })) fail(E.VENDOR_SLUG_TAKEN, 'This slug is already used by another vendor.', 'slug');
    if (input.orgId) {
      if (await tx.vendor.findFirst({ where: { orgId: input.orgId } }))
        fail(E.VENDOR_EXISTS_FOR_ORG, 'This organization already runs a vendor.', 'orgId');
    } else if (!official) {
      if (await tx.vendor.findFirst({ where: { userId: user.id, orgId: null } }))
        fail(E.VENDOR_EXISTS_FOR_USER, 'You already run a personal vendor.', 'orgId');
    }
    const vendor = await tx.vendor.create({
      data: {
        name: input.name.trim(),
        slug,
        description: clean(input.description),
        website: clean(input.website),
        supportEmail: clean(input.supportEmail),
        // A personal vendor belongs to its user; an org vendor to the org (its admins run it);
        // an official vendor to nobody (platform admins run it).
        userId: official || input.orgId ? null : user.id,
        orgId: input.orgId ?? null,
        isOfficial: official,
        isVerified: official,
        commissionRate: rate,
        createdAt: now,
      },
    });
    await tx.commissionHistory.create({
      data: { vendorId: vendor.id, effectiveFrom: now, commissionRate: rate, changedById: null, changedAt: now },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'vendor',
      entityId: vendor.id,
      orgId: vendor.orgId,
      newValue: { name: vendor.name, slug, orgId: vendor.orgId, official, commissionRate: rate },
    });
    return vendor;
  });
}

export async function updateVendor(
  ctx: Context,
  input: { vendorId: number; name?: string | null; description?: string | null; website?: string | null; supportEmail?: string | null },
): Promise<Vendor> {
  const before = await requireVendorMember(ctx, input.vendorId);
  const bag = new ErrorBag();
  validateProfile(bag, input, false);
  bag.throwIfAny();
  const data: Prisma.VendorUpdateInput = {};
  if (input.name !== undefined && input.name !== null) data.name = input.name.trim();
  if (input.description !== undefined) data.description = clean(input.description);
  if (input.website !== undefined) data.website = clean(input.website);
  if (input.supportEmail !== undefined) data.supportEmail = clean(input.supportEmail);
  return ctx.prisma.$transaction(async (tx) => {
    const v = await tx.vendor.update({ where: { id: before.id }, data });
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'vendor',
      entityId: v.id,
      orgId: v.orgId,
      oldValue: { name: before.name, description: before.description, website: before.website, supportEmail: before.supportEmail },
      newValue: { name: v.name, description: v.description, website: v.website, supportEmail: v.supportEmail },
    });
    return v;
  });
}

// ───────────────────────────────────────────────────────── admin

export async function adminVendors(
  ctx: Context,
  args: {
    first: number;
    after?: string | null;
    filter?: { search?: string | null; verified?: boolean | null; official?: boolean | null } | null;
  },
) {
  requirePlatformAdmin(ctx);
  const f = args.filter ?? {};
  const search = clean(f.search);
  const where: Prisma.VendorWhereInput = {
    ...(search ? { OR: [{ name: { contains: search, mode: 'insensitive' } }, { slug: { contains: search.toLowerCase() } }] } : {}),
    ...(f.verified !== null && f.verified !== undefined ? { isVerified: f.verified } : {}),
    ...(f.official !== null && f.official !== undefined ? { isOfficial: f.official } : {}),
  };
  return pageById(args, 'asc', where, {
    rows: (q) => ctx.prisma.vendor.findMany(q),
    count: (q) => ctx.prisma.vendor.count(q),
  });
}

export async function setVendorVerified(ctx: Context, vendorId: number, verified: boolean): Promise<Vendor> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const v = await tx.vendor.findUnique({ where: { id: vendorId } });
    if (!v) throw notFound('Vendor');
    if (v.isVerified === verified) {
      fail(
        verified ? E.ALREADY_VERIFIED : E.NOT_VERIFIED,
        verified ? 'This vendor is already verified.' : 'This vendor is not verified.',
        'vendorId',
      );
    }
    const updated = await tx.vendor.update({ where: { id: vendorId }, data: { isVerified: verified } });
    await audit(tx, ctx, {
      action: verified ? 'verify' : 'unverify',
      entityType: 'vendor',
      entityId: vendorId,
      orgId: v.orgId,
      oldValue: { isVerified: v.isVerified },
      newValue: { isVerified: verified },
    });
    return updated;
  });
}

/**
 * Changes a vendor's commission rate from `effectiveFrom` (default now, never in the past): the
 * open history row is closed at that instant and a new one opened, recording who changed it.
 * The vendor's `commission_rate` column mirrors the rate when it takes effect immediately.
 * A vendor without any history first gets a row for the rate it had since its creation, so
 * earlier purchases keep resolving to the rate that was in effect then.
 */
export async function updateCommission(
  ctx: Context,
  input: { vendorId: number; rate: string; effectiveFrom?: Date | null },
): Promise<Vendor> {
  const adminUser = requirePlatformAdmin(ctx);
  let rate: string;
  try {
    rate = parseRate(input.rate.trim(), { field: 'rate', max: '1', maxDecimals: 4 });
  } catch {
    fail(E.COMMISSION_RATE_INVALID, 'Enter a rate between 0 and 1 with at most 4 decimals, e.g. 0.25 for 25 %.', 'rate');
  }
  const now = ctx.clock.now();
  const from = input.effectiveFrom ?? now;
  // A minute of tolerance for a date picked in the browser just before submitting.
  if (from.getTime() < now.getTime() - 60_000) {
    fail(E.COMMISSION_RETROACTIVE, 'A commission change cannot take effect in the past.', 'effectiveFrom');
  }
  return ctx.prisma.$transaction(async (tx) => {
    // Serialises concurrent changes of the same vendor.
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM vendors WHERE id = ${input.vendorId} FOR UPDATE`;
    if (!locked.length) throw notFound('Vendor');
    const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: input.vendorId } });
    const history = await tx.commissionHistory.findMany({
      where: { vendorId: vendor.id },
      orderBy: [{ effectiveFrom: 'asc' }, { id: 'asc' }],
    });
    const open = history.filter((h) => h.effectiveTo === null).pop() ?? null;
    if (open && from.getTime() <= open.effectiveFrom.getTime()) {
      fail(
        E.COMMISSION_EFFECTIVE_FROM_INVALID,
        `The change must take effect after the current rate's start (${open.effectiveFrom.toISOString()}).`,
        'effectiveFrom',
      );
    }
    const oldRate = formatRate(vendor.commissionRate.toString());
    if (history.length === 0) {
      await tx.commissionHistory.create({
        data: {
          vendorId: vendor.id,
          effectiveFrom: vendor.createdAt,
          effectiveTo: from,
          commissionRate: vendor.commissionRate,
          changedById: null,
          changedAt: now,
        },
      });
    } else if (open) {
      await tx.commissionHistory.update({ where: { id: open.id }, data: { effectiveTo: from } });
    }
    await tx.commissionHistory.create({
      data: {
        vendorId: vendor.id,
        effectiveFrom: from,
        effectiveTo: null,
        commissionRate: rate,
        changedById: adminUser.id,
        changedAt: now,
      },
    });
    const immediate = from.getTime() <= now.getTime();
    const updated = immediate ? await tx.vendor.update({ where: { id: vendor.id }, data: { commissionRate: rate } }) : vendor;
    await audit(tx, ctx, {
      action: 'commission_change',
      entityType: 'vendor',
      entityId: vendor.id,
      orgId: vendor.orgId,
      oldValue: { commissionRate: open ? formatRate(open.commissionRate.toString()) : oldRate },
      newValue: { commissionRate: rate, effectiveFrom: from.toISOString() },
    });
    return updated;
  });
}

/** The rate in effect now, from the history (falls back to the column). */
export async function currentCommissionRate(ctx: Context, vendor: Pick<Vendor, 'id' | 'commissionRate'>): Promise<string> {
  const history = await vendorLoaders(ctx).commissionHistory.load(vendor.id);
  return formatRate(
    commissionRateAt(
      history.map((h) => ({ effectiveFrom: h.effectiveFrom, effectiveTo: h.effectiveTo, commissionRate: h.commissionRate.toString() })),
      ctx.clock.now(),
      vendor.commissionRate.toString(),
    ),
  );
}
