/**
 * Members of an organization: the list, role and permission changes, removal and leaving. No
 * escalation, and the last admin is kept (rules in organization.service.ts).
 */
import { Prisma, type Membership, type OrgRole, type Permission } from '@wk/db';
import type { Context } from '../../core/context';
import { isPlatformAdmin, membershipOf, requireOrgMember, requireOrgPermission, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { forbidden, notFound, UserError, UserErrorsException, userErrors } from '../../core/errors';
import { type Connection, pageById } from '../../core/pagination';
import { ALL_PERMISSIONS, effectivePermissions } from '../../core/permissions';
import { OrgErrorCode as E, orgError } from './organization.errors';
import type { OrgMember } from './organization.types';

function isAdminMembership(m: Pick<Membership, 'role' | 'permissions'>): boolean {
  return m.role === 'admin' || m.permissions.includes('all' as Permission);
}

export function toMember(ctx: Context, m: Membership & { user: { name: string; email: string } }, showEmail: boolean): OrgMember {
  const isYou = ctx.user?.id === m.userId;
  return {
    id: m.id,
    orgId: m.orgId,
    userId: m.userId,
    name: m.user.name,
    email: showEmail || isYou ? m.user.email : null,
    role: m.role,
    permissions: m.permissions,
    effectivePermissions: [...effectivePermissions(m.role, m.permissions)].sort(
      (a, b) => ALL_PERMISSIONS.indexOf(a) - ALL_PERMISSIONS.indexOf(b),
    ),
    isYou,
    joinedAt: m.createdAt,
  };
}

async function canManageMembers(ctx: Context, orgId: number): Promise<boolean> {
  if (isPlatformAdmin(ctx)) return true;
  const m = await membershipOf(ctx, orgId);
  return !!m && effectivePermissions(m.role, m.permissions).has('manage_members' as Permission);
}

/** Members, oldest first. Every member sees the list; e-mails only those who may manage members. */
export async function listMembers(
  ctx: Context,
  args: { orgId: number; first: number; after?: string | null },
): Promise<Connection<OrgMember>> {
  await requireOrgMember(ctx, args.orgId);
  const showEmail = await canManageMembers(ctx, args.orgId);
  const where: Prisma.MembershipWhereInput = { orgId: args.orgId };
  return pageById(args, 'asc', where, {
    rows: async (q) =>
      (
        await ctx.prisma.membership.findMany({
          where: q.where,
          orderBy: q.orderBy,
          take: q.take,
          include: { user: { select: { name: true, email: true } } },
        })
      ).map((r) => toMember(ctx, r, showEmail)),
    count: (q) => ctx.prisma.membership.count(q),
  });
}

async function loadMember(ctx: Context, membershipId: number) {
  const m = await ctx.prisma.membership.findUnique({
    where: { id: membershipId },
    include: { user: { select: { name: true, email: true } } },
  });
  if (!m) throw notFound('Member');
  return m;
}

/** Checks a role + explicit permission list; returns the list to store. */
export function permissionsFor(role: OrgRole, permissions: Permission[] | null | undefined, errors: UserError[]): Permission[] {
  const list = [...new Set(permissions ?? [])];
  if (role === 'admin') {
    if (list.some((p) => p !== 'all'))
      errors.push(orgError(E.INVALID_PERMISSIONS, 'Admins always have every permission; leave the list empty.', 'permissions'));
    return [];
  }
  if (list.includes('all' as Permission))
    errors.push(orgError(E.INVALID_PERMISSIONS, 'Only admins have every permission: choose the admin role instead.', 'permissions'));
  return list.sort((a, b) => ALL_PERMISSIONS.indexOf(a) - ALL_PERMISSIONS.indexOf(b));
}

/** No escalation: a manager who is not an admin may neither touch admins nor grant what they lack. */
export function checkGrant(
  actor: Pick<Membership, 'role' | 'permissions'> | null,
  role: OrgRole,
  permissions: Permission[],
  targetIsAdmin = false,
) {
  if (!actor || isAdminMembership(actor)) return;
  if (targetIsAdmin || role === 'admin') throw forbidden('Only an admin can make someone admin or change an admin.');
  const mine = effectivePermissions(actor.role, actor.permissions);
  const granted = effectivePermissions(role, permissions);
  const missing = [...granted].filter((p) => !mine.has(p));
  if (missing.length) throw forbidden(`You cannot grant permissions you do not have (${missing.join(', ')}).`);
}

type MemberRow = Pick<Membership, 'id' | 'orgId' | 'userId' | 'role' | 'permissions'>;

/**
 * Inside a transaction: locks the org's admin rows plus the actor's and the target's (in id
 * order, so concurrent changes queue instead of deadlocking) and returns them as they are now.
 * Checks made before the transaction are made again on these rows: a concurrent change (an
 * actor demoted, a second-to-last admin removed) is seen.
 */
async function lockMembers(tx: Prisma.TransactionClient, orgId: number, ids: number[]) {
  const rows = await tx.$queryRaw<{ id: number; userId: number; role: OrgRole; permissions: Permission[] }[]>`
    SELECT id, user_id AS "userId", role::text AS role, permissions::text[] AS permissions
    FROM memberships WHERE org_id = ${orgId} AND (role = 'admin' OR id = ANY(${ids}::int[]))
    ORDER BY id FOR UPDATE`;
  const byId = new Map<number, MemberRow>(rows.map((r) => [r.id, { ...r, orgId }]));
  return { get: (id: number) => byId.get(id) ?? null, adminIds: rows.filter((r) => r.role === 'admin').map((r) => r.id) };
}

function assertNotLastAdmin(adminIds: number[], membershipId: number, what: string) {
  if (adminIds.length <= 1 && adminIds.includes(membershipId)) {
    throw userErrors([
      E.LAST_ADMIN,
      `An organization needs at least one admin: make another member admin before you ${what}.`,
      'membershipId',
    ]);
  }
}

function assertStillManages(actor: MemberRow | null) {
  if (!actor || !effectivePermissions(actor.role, actor.permissions).has('manage_members' as Permission)) {
    throw forbidden('You need the "manage_members" permission in this organization.');
  }
}

export async function updateMembership(
  ctx: Context,
  input: { membershipId: number; role?: OrgRole | null; permissions?: Permission[] | null },
): Promise<{ member: OrgMember | null; errors: UserError[] }> {
  requireUser(ctx);
  const target = await loadMember(ctx, input.membershipId);
  const actor = await requireOrgPermission(ctx, target.orgId, 'manage_members', 'Member');
  const role = input.role ?? target.role;
  const errors: UserError[] = [];
  let permissions: Permission[];
  if (input.permissions !== undefined && input.permissions !== null) permissions = permissionsFor(role, input.permissions, errors);
  else if (role !== target.role)
    permissions = []; // a new role starts from its defaults
  else permissions = target.permissions;
  if (errors.length) return { member: null, errors };
  checkGrant(actor, role, permissions, target.role === 'admin');
  const same =
    role === target.role && permissions.length === target.permissions.length && permissions.every((p) => target.permissions.includes(p));
  if (same) return { member: toMember(ctx, target, true), errors: [] };
  try {
    const updated = await ctx.prisma.$transaction(async (tx) => {
      const locked = await lockMembers(tx, target.orgId, [target.id, ...(actor ? [actor.id] : [])]);
      const current = locked.get(target.id);
      if (!current) throw notFound('Member');
      if (actor) {
        const me = locked.get(actor.id);
        assertStillManages(me);
        checkGrant(me, role, permissions, current.role === 'admin');
      }
      if (current.role === 'admin' && role !== 'admin') assertNotLastAdmin(locked.adminIds, current.id, 'change this role');
      const m = await tx.membership.update({
        where: { id: target.id },
        data: { role, permissions },
        include: { user: { select: { name: true, email: true } } },
      });
      await audit(tx, ctx, {
        action: 'update',
        entityType: 'membership',
        entityId: m.id,
        orgId: m.orgId,
        oldValue: { userId: current.userId, role: current.role, permissions: current.permissions },
        newValue: { userId: m.userId, role: m.role, permissions: m.permissions },
      });
      return m;
    });
    ctx.loaders.membershipsByUser.clear(target.userId);
    return { member: toMember(ctx, updated, true), errors: [] };
  } catch (e) {
    if (e instanceof UserErrorsException) return { member: null, errors: e.errors };
    throw e;
  }
}

/** Remove a member (manage_members), or leave (any member removing their own membership). */
export async function removeMembership(
  ctx: Context,
  membershipId: number,
): Promise<{ removedMembershipId: number | null; errors: UserError[] }> {
  const user = requireUser(ctx);
  const target = await loadMember(ctx, membershipId);
  const leaving = target.userId === user.id;
  let actor: Membership | null = null;
  if (!leaving) {
    actor = await requireOrgPermission(ctx, target.orgId, 'manage_members', 'Member');
    if (actor && !isAdminMembership(actor) && isAdminMembership(target)) throw forbidden('Only an admin can remove an admin.');
  }
  try {
    await ctx.prisma.$transaction(async (tx) => {
      const locked = await lockMembers(tx, target.orgId, [target.id, ...(actor ? [actor.id] : [])]);
      const current = locked.get(target.id);
      if (!current) throw notFound('Member');
      if (actor) {
        const me = locked.get(actor.id);
        assertStillManages(me);
        if (!isAdminMembership(me!) && isAdminMembership(current)) throw forbidden('Only an admin can remove an admin.');
      }
      if (current.role === 'admin') assertNotLastAdmin(locked.adminIds, current.id, leaving ? 'leave' : 'remove this admin');
      await tx.membership.delete({ where: { id: current.id } });
      await audit(tx, ctx, {
        action: leaving ? 'leave' : 'remove',
        entityType: 'membership',
        entityId: current.id,
        orgId: current.orgId,
        oldValue: { userId: current.userId, role: current.role, permissions: current.permissions },
      });
    });
    ctx.loaders.membershipsByUser.clear(target.userId);
    return { removedMembershipId: target.id, errors: [] };
  } catch (e) {
    if (e instanceof UserErrorsException) return { removedMembershipId: null, errors: e.errors };
    throw e;
  }
}

// ───────────────────────────────────────────────────────────── invitations
