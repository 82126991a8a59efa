import type { Membership, Permission } from '@wk/db';
import type { Context, AuthUser } from './context';
import { forbidden, notFound, unauthenticated } from './errors';
import { effectivePermissions } from './permissions';

export function requireUser(ctx: Context): AuthUser {
  if (!ctx.user) throw unauthenticated();
  return ctx.user;
}

export function isPlatformAdmin(ctx: Context): boolean {
  return ctx.user?.platformRole === 'platform_admin';
}

export function requirePlatformAdmin(ctx: Context): AuthUser {
  const user = requireUser(ctx);
  if (user.platformRole !== 'platform_admin') throw forbidden();
  return user;
}

export async function membershipOf(ctx: Context, orgId: number): Promise<Membership | null> {
  if (!ctx.user) return null;
  const list = await ctx.loaders.membershipsByUser.load(ctx.user.id);
  return list.find((m) => m.orgId === orgId) ?? null;
}

export async function orgPermissions(ctx: Context, orgId: number): Promise<Set<Permission>> {
  const m = await membershipOf(ctx, orgId);
  return m ? effectivePermissions(m.role, m.permissions) : new Set();
}

const READ_PERMISSIONS = new Set<string>(['view_modules', 'view_instances']);

/**
 * The org gate for every org-scoped operation. Not a member → NOT_FOUND (another org's data does
 * not exist for you); a member without the permission → FORBIDDEN. Platform admins may read.
 */
export async function requireOrgPermission(
  ctx: Context,
  orgId: number,
  permission: Permission,
  what = 'Organization',
): Promise<Membership | null> {
  requireUser(ctx);
  const m = await membershipOf(ctx, orgId);
  if (!m) {
    if (isPlatformAdmin(ctx) && READ_PERMISSIONS.has(permission)) return null;
    throw notFound(what);
  }
  if (!effectivePermissions(m.role, m.permissions).has(permission)) {
    throw forbidden(`You need the "${permission}" permission in this organization.`);
  }
  return m;
}

/** Membership only (any role): for things every member may see. */
export async function requireOrgMember(ctx: Context, orgId: number, what = 'Organization'): Promise<Membership | null> {
  requireUser(ctx);
  const m = await membershipOf(ctx, orgId);
  if (!m && !isPlatformAdmin(ctx)) throw notFound(what);
  return m;
}
