import type { Vendor } from '@wk/db';
import type { Context } from '../../core/context';
import { notFound } from '../../core/errors';
import { requireUser } from '../../core/access';

/**
 * Vendor members: the owning user, the owning org's admins, and — for official vendors —
 * platform admins.
 */
export async function vendorsManagedBy(ctx: Context, userId: number): Promise<Vendor[]> {
  const memberships = await ctx.loaders.membershipsByUser.load(userId);
  const adminOrgIds = memberships.filter((m) => m.role === 'admin').map((m) => m.orgId);
  const isAdmin = ctx.user?.id === userId && ctx.user.platformRole === 'platform_admin';
  return ctx.prisma.vendor.findMany({
    where: {
      OR: [{ userId }, ...(adminOrgIds.length ? [{ orgId: { in: adminOrgIds } }] : []), ...(isAdmin ? [{ isOfficial: true }] : [])],
    },
    orderBy: { id: 'asc' },
  });
}

/** The vendor, if the signed-in user may manage it; otherwise NOT_FOUND (never reveal others'). */
export async function requireVendorMember(ctx: Context, vendorId: number): Promise<Vendor> {
  const user = requireUser(ctx);
  const vendors = await vendorsManagedBy(ctx, user.id);
  const v = vendors.find((x) => x.id === vendorId);
  if (!v) throw notFound('Vendor');
  return v;
}

/** Whether the signed-in user may manage the vendor (see `vendorsManagedBy`); false when anonymous. */
export async function canManageVendor(ctx: Context, vendorId: number): Promise<boolean> {
  if (!ctx.user) return false;
  return (await vendorsManagedBy(ctx, ctx.user.id)).some((v) => v.id === vendorId);
}
