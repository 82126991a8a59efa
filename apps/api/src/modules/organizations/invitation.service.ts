/**
 * Invitations by e-mail: a token link (stored as SHA-256, valid 7 days), resend, revoke, and the
 * invitee's accept or decline (rules in organization.service.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Prisma, type InviteStatus, type Organization, type OrgRole, type Permission, type TeamInvite as TeamInviteRow } from '@wk/db';
import type { Context } from '../../core/context';
import { membershipOf, requireOrgPermission, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound, UserError, UserErrorsException, userErrors } from '../../core/errors';
import { type Connection, pageById } from '../../core/pagination';
import { notify } from '../notifications';
import { checkGrant, permissionsFor, toMember } from './membership.service';
import { OrgErrorCode as E, isUniqueViolation, orgError } from './organization.errors';
import type { Invitation, OrgMember, TeamInvite } from './organization.types';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const normaliseEmail = (e: string) => e.trim().toLowerCase();
export const hashInviteToken = (token: string) => createHash('sha256').update(token).digest('hex');

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
  if (!EMAIL_RE.test(email)) errors.push(orgError(E.INVALID_EMAIL, 'Enter a valid e-mail address.', 'email'));
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
    return {
      invite: null,
      inviteUrl: null,
      errors: [orgError(E.INVITE_NOT_PENDING, `This invitation was already ${invite.status}.`, 'id')],
    };
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

/**
 * Closes a pending invitation as revoked (by a manager) or declined (by the invitee), with its audit
 * row. Conditional: of two concurrent answers only one finds it pending; false for the other.
 */
async function closePendingInvite(
  tx: Prisma.TransactionClient,
  ctx: Context,
  invite: { id: number; orgId: number },
  status: 'revoked' | 'declined',
  now: Date,
): Promise<boolean> {
  const res = await tx.teamInvite.updateMany({ where: { id: invite.id, status: 'pending' }, data: { status, respondedAt: now } });
  if (res.count !== 1) return false;
  await audit(tx, ctx, {
    action: status === 'revoked' ? 'revoke' : 'decline',
    entityType: 'team_invite',
    entityId: invite.id,
    orgId: invite.orgId,
    oldValue: { status: 'pending' },
    newValue: { status },
  });
  return true;
}

export async function revokeInvite(ctx: Context, inviteId: number): Promise<{ invite: TeamInvite | null; errors: UserError[] }> {
  const { invite } = await loadInviteForManager(ctx, inviteId);
  const now = ctx.clock.now();
  const updated = await ctx.prisma.$transaction(async (tx) => {
    if (!(await closePendingInvite(tx, ctx, invite, 'revoked', now))) return null;
    return tx.teamInvite.findUniqueOrThrow({ where: { id: invite.id }, include: { invitedBy: { select: { name: true } } } });
  });
  if (!updated) return { invite: null, errors: [orgError(E.INVITE_NOT_PENDING, `This invitation was already ${invite.status}.`, 'id')] };
  return { invite: toInvite(updated, now), errors: [] };
}

export async function listInvites(
  ctx: Context,
  args: { orgId: number; first: number; after?: string | null; status?: InviteStatus[] | null },
): Promise<Connection<TeamInvite>> {
  await requireOrgPermission(ctx, args.orgId, 'manage_members');
  const now = ctx.clock.now();
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
  return pageById(args, 'desc', where, {
    rows: async (q) =>
      (await ctx.prisma.teamInvite.findMany({ ...q, include: { invitedBy: { select: { name: true } } } })).map((r) => toInvite(r, now)),
    count: (q) => ctx.prisma.teamInvite.count(q),
  });
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
      return orgError(E.INVITE_EXPIRED, 'This invitation has expired. Ask an admin of the organization for a new one.', 'token');
    case 'revoked':
      return orgError(E.INVITE_REVOKED, 'This invitation was withdrawn by the organization.', 'token');
    default:
      return orgError(E.INVITE_ALREADY_USED, 'This invitation was already used.', 'token');
  }
}

function mismatch() {
  return orgError(E.INVITE_EMAIL_MISMATCH, 'This invitation is for another e-mail address. Sign in with the invited account.', 'token');
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
        errors: [orgError(E.ALREADY_MEMBER, 'You are already a member of this organization.', 'token')],
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
  const ok = await ctx.prisma.$transaction((tx) => closePendingInvite(tx, ctx, invite, 'declined', now));
  return ok
    ? { ok: true, errors: [] }
    : { ok: false, errors: [orgError(E.INVITE_ALREADY_USED, 'This invitation was already used.', 'token')] };
}
