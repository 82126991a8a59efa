/**
 * Organizations and their teams: creation and billing identity, members with roles and
 * permissions, invitations by e-mail (a token link, stored as SHA-256, valid 7 days).
 *
 * Rules:
 * - Org data is visible to members only (others get NOT_FOUND); platform admins may read.
 * - Managing members needs `manage_members`; billing fields need `manage_billing`.
 * - No escalation: only an admin may make someone admin, change or remove an admin, or grant a
 *   permission; a non-admin manager may only grant permissions they hold themselves.
 * - An organization always keeps at least one admin (LAST_ADMIN): demoting, removing or leaving
 *   is refused for the last one. The admin rows are locked (FOR UPDATE) so two concurrent
 *   demotions cannot both pass.
 * - Every change runs in a transaction with an audit row.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  Prisma,
  type InviteStatus,
  type Membership,
  type OrgRole,
  type Organization,
  type Permission,
  type TeamInvite as TeamInviteRow,
} from '@wk/db';
import { normalizeTaxId } from '@wk/domain';
import type { Context } from '../../core/context';
import { isPlatformAdmin, membershipOf, requireOrgMember, requireOrgPermission, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { forbidden, notFound, UserError, UserErrorsException, userErrors } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { ALL_PERMISSIONS, effectivePermissions } from '../../core/permissions';
import { notify } from '../notifications';
import { countryName, isIsoCountry, ISO_COUNTRIES } from './countries';
import { OrgErrorCode as E } from './organization.errors';
import { memberCountByOrg } from './organization.loaders';
import type { Country, Invitation, OrgMember, TeamInvite } from './organization.types';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REGION_RE = /^[\p{L}\p{N}][\p{L}\p{N} .'-]{0,63}$/u;

const err = (code: string, message: string, field?: string) => new UserError(code, message, field ?? null);
const normaliseEmail = (e: string) => e.trim().toLowerCase();
export const hashInviteToken = (token: string) => createHash('sha256').update(token).digest('hex');
const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

// ─────────────────────────────────────────────────────────── organizations

export function countries(): Country[] {
  return ISO_COUNTRIES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name));
}

interface BillingFields {
  name?: string | null;
  billingCountry?: string | null;
  billingRegion?: string | null;
  taxId?: string | null;
}

/** Validates and normalises billing fields; `current` fills what an update leaves out. */
function billingIdentity(input: BillingFields, current: Organization | null, errors: UserError[]) {
  const out: { name?: string; billingCountry?: string; billingRegion?: string | null; taxId?: string | null } = {};
  if (input.name !== undefined && input.name !== null) {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 120) errors.push(err(E.INVALID_NAME, 'Enter a name of 2 to 120 characters.', 'name'));
    else out.name = name;
  } else if (!current) errors.push(err(E.INVALID_NAME, 'Enter a name.', 'name'));

  let country = current?.billingCountry ?? null;
  if (input.billingCountry !== undefined && input.billingCountry !== null) {
    const c = input.billingCountry.trim().toUpperCase();
    if (!isIsoCountry(c)) errors.push(err(E.INVALID_COUNTRY, 'Choose a country (ISO 3166-1 alpha-2 code, e.g. GB).', 'billingCountry'));
    else out.billingCountry = country = c;
  }

  if (input.billingRegion !== undefined && input.billingRegion !== null) {
    const r = input.billingRegion.trim();
    if (r && !REGION_RE.test(r))
      errors.push(err(E.INVALID_REGION, 'Enter a region name or code (up to 64 letters, digits, spaces, dots, hyphens).', 'billingRegion'));
    else out.billingRegion = r || null;
  }

  // The tax id must fit the billing country, including when only the country changes.
  const taxInput = input.taxId !== undefined && input.taxId !== null ? input.taxId.trim() : undefined;
  const taxId = taxInput !== undefined ? taxInput || null : (current?.taxId ?? null);
  if (taxId && country && isIsoCountry(country)) {
    const normalised = normalizeTaxId(country, taxId);
    if (!normalised) errors.push(err(E.INVALID_TAX_ID, `This is not a valid tax id for ${countryName(country)}.`, 'taxId'));
    else if (taxInput !== undefined || normalised !== current?.taxId) out.taxId = normalised;
  } else if (taxInput !== undefined) {
    out.taxId = taxId;
  }
  return out;
}

export async function createOrganization(
  ctx: Context,
  input: { name: string; slug: string; billingCountry: string; billingRegion?: string | null; taxId?: string | null },
): Promise<{ organization: Organization | null; errors: UserError[] }> {
  const user = requireUser(ctx);
  const errors: UserError[] = [];
  const fields = billingIdentity(input, null, errors);
  const slug = input.slug.trim().toLowerCase();
  if (slug.length < 3 || slug.length > 48 || !SLUG_RE.test(slug)) {
    errors.push(err(E.INVALID_SLUG, 'Use 3 to 48 lowercase letters, digits and single hyphens (e.g. acme-corp).', 'slug'));
  }
  if (errors.length) return { organization: null, errors };
  try {
    const organization = await ctx.prisma.$transaction(async (tx) => {
      if (await tx.organization.findUnique({ where: { slug }, select: { id: true } }))
        throw userErrors([E.SLUG_TAKEN, 'This URL name is taken.', 'slug']);
      const now = ctx.clock.now();
      const org = await tx.organization.create({
        data: {
          name: fields.name!,
          slug,
          billingCountry: fields.billingCountry!,
          billingRegion: fields.billingRegion ?? null,
          taxId: fields.taxId ?? null,
          createdAt: now,
        },
      });
      const m = await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: 'admin', permissions: [], createdAt: now } });
      await audit(tx, ctx, {
        action: 'create',
        entityType: 'organization',
        entityId: org.id,
        orgId: org.id,
        newValue: { name: org.name, slug, billingCountry: org.billingCountry, billingRegion: org.billingRegion, taxId: org.taxId },
      });
      await audit(tx, ctx, {
        action: 'create',
        entityType: 'membership',
        entityId: m.id,
        orgId: org.id,
        newValue: { userId: user.id, role: 'admin' },
      });
      return org;
    });
    ctx.loaders.membershipsByUser.clear(user.id);
    return { organization, errors: [] };
  } catch (e) {
    if (e instanceof UserErrorsException) return { organization: null, errors: e.errors };
    if (isUniqueViolation(e)) return { organization: null, errors: [err(E.SLUG_TAKEN, 'This URL name is taken.', 'slug')] };
    throw e;
  }
}

export async function updateOrganization(
  ctx: Context,
  input: BillingFields & { id: number },
): Promise<{ organization: Organization | null; errors: UserError[] }> {
  await requireOrgPermission(ctx, input.id, 'manage_billing');
  const current = await ctx.prisma.organization.findUnique({ where: { id: input.id } });
  if (!current) throw notFound('Organization');
  const errors: UserError[] = [];
  const changes = billingIdentity(input, current, errors);
  if (errors.length) return { organization: null, errors };
  const changed = Object.fromEntries(Object.entries(changes).filter(([k, v]) => current[k as keyof Organization] !== v));
  if (!Object.keys(changed).length) return { organization: current, errors: [] };
  const organization = await ctx.prisma.$transaction(async (tx) => {
    const org = await tx.organization.update({ where: { id: current.id }, data: changed });
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'organization',
      entityId: org.id,
      orgId: org.id,
      oldValue: Object.fromEntries(Object.keys(changed).map((k) => [k, current[k as keyof Organization]])),
      newValue: changed,
    });
    return org;
  });
  return { organization, errors: [] };
}

export async function myOrganizations(ctx: Context): Promise<Organization[]> {
  const user = requireUser(ctx);
  const memberships = await ctx.loaders.membershipsByUser.load(user.id);
  const orgs = await ctx.loaders.organization.loadMany(memberships.map((m) => m.orgId));
  return orgs.filter((o): o is Organization => !!o && !(o instanceof Error)).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

export async function organizationById(ctx: Context, id: number): Promise<Organization> {
  await requireOrgMember(ctx, id);
  const org = await ctx.loaders.organization.load(id);
  if (!org) throw notFound('Organization');
  return org;
}

/** The viewer's membership of an org (null for non-members, e.g. a platform admin reading). */
export async function viewerMembership(ctx: Context, orgId: number): Promise<Membership | null> {
  return membershipOf(ctx, orgId);
}

export async function memberCount(ctx: Context, orgId: number): Promise<number | null> {
  if (!(await membershipOf(ctx, orgId)) && !isPlatformAdmin(ctx)) return null;
  return memberCountByOrg(ctx).load(orgId);
}

// ───────────────────────────────────────────────────────────────── members

function isAdminMembership(m: Pick<Membership, 'role' | 'permissions'>): boolean {
  return m.role === 'admin' || m.permissions.includes('all' as Permission);
}

function toMember(ctx: Context, m: Membership & { user: { name: string; email: string } }, showEmail: boolean): OrgMember {
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
  const afterId = args.after ? Number(decodeCursor(args.after, 1)![0]) : null;
  const showEmail = await canManageMembers(ctx, args.orgId);
  const [rows, total] = await Promise.all([
    ctx.prisma.membership.findMany({
      where: { orgId: args.orgId, ...(afterId !== null ? { id: { gt: afterId } } : {}) },
      include: { user: { select: { name: true, email: true } } },
      orderBy: { id: 'asc' },
      take: args.first + 1,
    }),
    ctx.prisma.membership.count({ where: { orgId: args.orgId } }),
  ]);
  return toConnection(
    rows.map((r) => toMember(ctx, r, showEmail)),
    args.first,
    total,
    (m) => [m.id],
    afterId !== null,
  );
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
function permissionsFor(role: OrgRole, permissions: Permission[] | null | undefined, errors: UserError[]): Permission[] {
  const list = [...new Set(permissions ?? [])];
  if (role === 'admin') {
    if (list.some((p) => p !== 'all'))
      errors.push(err(E.INVALID_PERMISSIONS, 'Admins always have every permission; leave the list empty.', 'permissions'));
    return [];
  }
  if (list.includes('all' as Permission))
    errors.push(err(E.INVALID_PERMISSIONS, 'Only admins have every permission: choose the admin role instead.', 'permissions'));
  return list.sort((a, b) => ALL_PERMISSIONS.indexOf(a) - ALL_PERMISSIONS.indexOf(b));
}

/** No escalation: a manager who is not an admin may neither touch admins nor grant what they lack. */
function checkGrant(
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

function effectiveStatus(i: Pick<TeamInviteRow, 'status' | 'expiresAt'>, now: Date): InviteStatus {
  return i.status === 'pending' && i.expiresAt.getTime() <= now.getTime() ? 'expired' : i.status;
}

function toInvite(i: TeamInviteRow & { invitedBy?: { name: string } | null }, now: Date): TeamInvite {
  return {
    id: i.id,
    orgId: i.orgId,
    email: i.email,
    role: i.role,
    permissions: i.permissions,
    status: effectiveStatus(i, now),
    expiresAt: i.expiresAt,
    createdAt: i.createdAt,
    respondedAt: i.respondedAt,
    invitedByName: i.invitedBy?.name ?? null,
  };
}

function inviteUrl(ctx: Context, token: string) {
  return `${ctx.config.publicUrl.replace(/\/+$/, '')}/invitations/${token}`;
}

/** Sends the link: in-app + e-mail (per preferences) to an existing account, else an e-mail through the outbox. */
async function sendInvite(tx: Prisma.TransactionClient, ctx: Context, invite: TeamInviteRow, orgName: string, url: string) {
  const inviter = ctx.user!.name;
  const title = `Invitation to join ${orgName}`;
  const message = `${inviter} invited you to join ${orgName} as ${invite.role}. Accept the invitation: ${url} (the link expires on ${invite.expiresAt.toISOString().slice(0, 10)}).`;
  const account = await tx.user.findUnique({ where: { email: invite.email }, select: { id: true } });
  if (account) {
    await notify(tx, [{ userId: account.id }], {
      type: 'team_invite',
      title,
      message,
      relatedEntityType: 'team_invite',
      relatedEntityId: invite.id,
      at: ctx.clock.now(),
    });
  } else {
    await tx.emailDelivery.create({ data: { toAddress: invite.email, subject: title, body: message, createdAt: ctx.clock.now() } });
  }
}

export async function createInvite(
  ctx: Context,
  input: { orgId: number; email: string; role: OrgRole; permissions?: Permission[] | null },
): Promise<{ invite: TeamInvite | null; inviteUrl: string | null; errors: UserError[] }> {
  const actor = await requireOrgPermission(ctx, input.orgId, 'manage_members');
  const errors: UserError[] = [];
  const email = normaliseEmail(input.email);
  if (!EMAIL_RE.test(email)) errors.push(err(E.INVALID_EMAIL, 'Enter a valid e-mail address.', 'email'));
  const permissions = permissionsFor(input.role, input.permissions, errors);
  if (errors.length) return { invite: null, inviteUrl: null, errors };
  checkGrant(actor, input.role, permissions);

  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  try {
    const invite = await ctx.prisma.$transaction(async (tx) => {
      const member = await tx.membership.findFirst({ where: { orgId: input.orgId, user: { email } }, select: { id: true } });
      if (member) throw userErrors([E.ALREADY_MEMBER, 'This person is already a member.', 'email']);
      const pending = await tx.teamInvite.findMany({ where: { orgId: input.orgId, email, status: 'pending' } });
      if (pending.some((p) => p.expiresAt > now))
        throw userErrors([E.ALREADY_INVITED, 'This person already has a pending invitation: resend or revoke it.', 'email']);
      if (pending.length) await tx.teamInvite.updateMany({ where: { id: { in: pending.map((p) => p.id) } }, data: { status: 'expired' } });
      const created = await tx.teamInvite.create({
        data: {
          orgId: input.orgId,
          email,
          role: input.role,
          permissions,
          tokenHash: hashInviteToken(token),
          invitedById: ctx.user!.id,
          expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
          createdAt: now,
        },
        include: { org: { select: { name: true } }, invitedBy: { select: { name: true } } },
      });
      await sendInvite(tx, ctx, created, created.org.name, inviteUrl(ctx, token));
      await audit(tx, ctx, {
        action: 'invite',
        entityType: 'team_invite',
        entityId: created.id,
        orgId: input.orgId,
        newValue: { email, role: input.role, permissions, expiresAt: created.expiresAt },
      });
      return created;
    });
    return { invite: toInvite(invite, now), inviteUrl: inviteUrl(ctx, token), errors: [] };
  } catch (e) {
    if (e instanceof UserErrorsException) return { invite: null, inviteUrl: null, errors: e.errors };
    throw e;
  }
}

async function loadInviteForManager(ctx: Context, inviteId: number) {
  requireUser(ctx);
  const invite = await ctx.prisma.teamInvite.findUnique({
    where: { id: inviteId },
    include: { org: { select: { name: true } }, invitedBy: { select: { name: true } } },
  });
  if (!invite) throw notFound('Invitation');
  const actor = await requireOrgPermission(ctx, invite.orgId, 'manage_members', 'Invitation');
  return { invite, actor };
}

/** A new link (the old one stops working) and a fresh 7-day expiry, e.g. when the first one expired or was lost. */
export async function resendInvite(
  ctx: Context,
  inviteId: number,
): Promise<{ invite: TeamInvite | null; inviteUrl: string | null; errors: UserError[] }> {
  const { invite, actor } = await loadInviteForManager(ctx, inviteId);
  checkGrant(actor, invite.role, invite.permissions);
  if (invite.status !== 'pending')
    return { invite: null, inviteUrl: null, errors: [err(E.INVITE_NOT_PENDING, `This invitation was already ${invite.status}.`, 'id')] };
  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const u = await tx.teamInvite.update({
      where: { id: invite.id },
      data: { tokenHash: hashInviteToken(token), expiresAt: new Date(now.getTime() + INVITE_TTL_MS) },
      include: { invitedBy: { select: { name: true } } },
    });
    await sendInvite(tx, ctx, u, invite.org.name, inviteUrl(ctx, token));
    await audit(tx, ctx, {
      action: 'resend',
      entityType: 'team_invite',
      entityId: u.id,
      orgId: u.orgId,
      oldValue: { expiresAt: invite.expiresAt },
      newValue: { expiresAt: u.expiresAt },
    });
    return u;
  });
  return { invite: toInvite(updated, now), inviteUrl: inviteUrl(ctx, token), errors: [] };
}

export async function revokeInvite(ctx: Context, inviteId: number): Promise<{ invite: TeamInvite | null; errors: UserError[] }> {
  const { invite } = await loadInviteForManager(ctx, inviteId);
  const now = ctx.clock.now();
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const res = await tx.teamInvite.updateMany({
      where: { id: invite.id, status: 'pending' },
      data: { status: 'revoked', respondedAt: now },
    });
    if (res.count !== 1) return null;
    await audit(tx, ctx, {
      action: 'revoke',
      entityType: 'team_invite',
      entityId: invite.id,
      orgId: invite.orgId,
      oldValue: { status: 'pending' },
      newValue: { status: 'revoked' },
    });
    return tx.teamInvite.findUniqueOrThrow({ where: { id: invite.id }, include: { invitedBy: { select: { name: true } } } });
  });
  if (!updated) return { invite: null, errors: [err(E.INVITE_NOT_PENDING, `This invitation was already ${invite.status}.`, 'id')] };
  return { invite: toInvite(updated, now), errors: [] };
}

export async function listInvites(
  ctx: Context,
  args: { orgId: number; first: number; after?: string | null; status?: InviteStatus[] | null },
): Promise<Connection<TeamInvite>> {
  await requireOrgPermission(ctx, args.orgId, 'manage_members');
  const now = ctx.clock.now();
  const afterId = args.after ? Number(decodeCursor(args.after, 1)![0]) : null;
  let statusWhere: Prisma.TeamInviteWhereInput;
  if (!args.status?.length) statusWhere = { status: 'pending' };
  else {
    const or: Prisma.TeamInviteWhereInput[] = [];
    for (const s of new Set(args.status)) {
      if (s === 'pending') or.push({ status: 'pending', expiresAt: { gt: now } });
      else if (s === 'expired') or.push({ status: 'expired' }, { status: 'pending', expiresAt: { lte: now } });
      else or.push({ status: s });
    }
    statusWhere = { OR: or };
  }
  const where: Prisma.TeamInviteWhereInput = { orgId: args.orgId, ...statusWhere };
  const [rows, total] = await Promise.all([
    ctx.prisma.teamInvite.findMany({
      where: { ...where, ...(afterId !== null ? { id: { lt: afterId } } : {}) },
      include: { invitedBy: { select: { name: true } } },
      orderBy: { id: 'desc' },
      take: args.first + 1,
    }),
    ctx.prisma.teamInvite.count({ where }),
  ]);
  return toConnection(
    rows.map((r) => toInvite(r, now)),
    args.first,
    total,
    (i) => [i.id],
    afterId !== null,
  );
}

async function findByToken(ctx: Context, token: string) {
  if (!token || token.length > 200) return null;
  return ctx.prisma.teamInvite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    include: { org: { select: { id: true, name: true } }, invitedBy: { select: { name: true } } },
  });
}

/** Public: what an invitation link shows. The invited e-mail only to its owner. */
export async function invitationByToken(ctx: Context, token: string): Promise<Invitation> {
  const invite = await findByToken(ctx, token);
  if (!invite) throw notFound('Invitation');
  const isForYou = !!ctx.user && ctx.user.email.toLowerCase() === invite.email;
  return {
    organizationName: invite.org.name,
    role: invite.role,
    invitedByName: invite.invitedBy?.name ?? null,
    status: effectiveStatus(invite, ctx.clock.now()),
    expiresAt: invite.expiresAt,
    isForYou,
    email: isForYou ? invite.email : null,
    alreadyMember: !!(await membershipOf(ctx, invite.orgId)),
  };
}

/** Why an invite cannot be answered any more, or null. */
function closedInviteError(invite: TeamInviteRow, now: Date): UserError | null {
  switch (effectiveStatus(invite, now)) {
    case 'pending':
      return null;
    case 'expired':
      return err(E.INVITE_EXPIRED, 'This invitation has expired. Ask an admin of the organization for a new one.', 'token');
    case 'revoked':
      return err(E.INVITE_REVOKED, 'This invitation was withdrawn by the organization.', 'token');
    default:
      return err(E.INVITE_ALREADY_USED, 'This invitation was already used.', 'token');
  }
}

function mismatch() {
  return err(E.INVITE_EMAIL_MISMATCH, 'This invitation is for another e-mail address. Sign in with the invited account.', 'token');
}

export async function acceptInvite(
  ctx: Context,
  token: string,
): Promise<{ organization: Organization | null; membership: OrgMember | null; errors: UserError[] }> {
  const user = requireUser(ctx);
  const invite = await findByToken(ctx, token);
  if (!invite) throw notFound('Invitation');
  const now = ctx.clock.now();
  const closed = closedInviteError(invite, now);
  if (closed) return { organization: null, membership: null, errors: [closed] };
  if (normaliseEmail(user.email) !== invite.email) return { organization: null, membership: null, errors: [mismatch()] };
  try {
    const membership = await ctx.prisma.$transaction(async (tx) => {
      if (await tx.membership.findUnique({ where: { orgId_userId: { orgId: invite.orgId, userId: user.id } } })) {
        throw userErrors([E.ALREADY_MEMBER, 'You are already a member of this organization.', 'token']);
      }
      // Conditional update: of two concurrent accepts, only one finds the invite still pending.
      const res = await tx.teamInvite.updateMany({
        where: { id: invite.id, status: 'pending', expiresAt: { gt: now } },
        data: { status: 'accepted', acceptedById: user.id, acceptedAt: now, respondedAt: now },
      });
      if (res.count !== 1) throw userErrors([E.INVITE_ALREADY_USED, 'This invitation was already used.', 'token']);
      const m = await tx.membership.create({
        data: { orgId: invite.orgId, userId: user.id, role: invite.role, permissions: invite.permissions, createdAt: now },
        include: { user: { select: { name: true, email: true } } },
      });
      await audit(tx, ctx, {
        action: 'accept',
        entityType: 'team_invite',
        entityId: invite.id,
        orgId: invite.orgId,
        oldValue: { status: 'pending' },
        newValue: { status: 'accepted' },
      });
      await audit(tx, ctx, {
        action: 'create',
        entityType: 'membership',
        entityId: m.id,
        orgId: invite.orgId,
        newValue: { userId: user.id, role: m.role, permissions: m.permissions, inviteId: invite.id },
      });
      return m;
    });
    ctx.loaders.membershipsByUser.clear(user.id);
    const organization = await ctx.loaders.organization.load(invite.orgId);
    return { organization, membership: toMember(ctx, membership, false), errors: [] };
  } catch (e) {
    if (e instanceof UserErrorsException) return { organization: null, membership: null, errors: e.errors };
    if (isUniqueViolation(e))
      return {
        organization: null,
        membership: null,
        errors: [err(E.ALREADY_MEMBER, 'You are already a member of this organization.', 'token')],
      };
    throw e;
  }
}

export async function declineInvite(ctx: Context, token: string): Promise<{ ok: boolean; errors: UserError[] }> {
  const user = requireUser(ctx);
  const invite = await findByToken(ctx, token);
  if (!invite) throw notFound('Invitation');
  const now = ctx.clock.now();
  const closed = closedInviteError(invite, now);
  if (closed) return { ok: false, errors: [closed] };
  if (normaliseEmail(user.email) !== invite.email) return { ok: false, errors: [mismatch()] };
  const ok = await ctx.prisma.$transaction(async (tx) => {
    const res = await tx.teamInvite.updateMany({
      where: { id: invite.id, status: 'pending' },
      data: { status: 'declined', respondedAt: now },
    });
    if (res.count !== 1) return false;
    await audit(tx, ctx, {
      action: 'decline',
      entityType: 'team_invite',
      entityId: invite.id,
      orgId: invite.orgId,
      oldValue: { status: 'pending' },
      newValue: { status: 'declined' },
    });
    return true;
  });
  return ok ? { ok: true, errors: [] } : { ok: false, errors: [err(E.INVITE_ALREADY_USED, 'This invitation was already used.', 'token')] };
}
