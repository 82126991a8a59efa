/**
 * Session security (seed 003 "auth events"): a user sees their active sessions and recent sign-ins,
 * ends one session or all the others, and is e-mailed when a sign-in comes from a new device or IP.
 *
 * Rules:
 * - Only the user's own sessions and events exist for them: another user's session id is NOT_FOUND.
 * - The session making the request cannot be ended here (SESSION_CURRENT): that is signing out.
 * - "New device or IP": a successful sign-in whose (IP address, user agent) pair no earlier
 *   successful sign-in of the user had. The very first sign-in of an account is not "new" (there is
 *   nothing to compare with), so sign-up does not mail a warning.
 */
import Bowser from 'bowser';
import type { Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import { requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound, UserError } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { SessionErrorCode } from './sessions.errors';
import { SignInOutcome, type SignInEvent, type UserSession } from './sessions.types';

type Tx = Prisma.TransactionClient;

/** "Chrome 131 on Linux" from a user agent (bowser); "Unknown device" when there is none. */
export function deviceOf(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const r = Bowser.parse(userAgent);
  const major = r.browser.version?.split('.')[0];
  const browser = r.browser.name ? `${r.browser.name}${major ? ` ${major}` : ''}` : null;
  const os = r.os.name ?? null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? userAgent.slice(0, 60);
}

const OUTCOME: Record<string, SignInOutcome> = {
  sign_in_success: SignInOutcome.SUCCESS,
  sign_in_failure: SignInOutcome.FAILURE,
  sign_in_throttled: SignInOutcome.THROTTLED,
};
const SIGN_IN_KINDS = ['sign_in_success', 'sign_in_failure', 'sign_in_throttled'] as const;

const activeWhere = (ctx: Context, userId: number) => ({ userId, revokedAt: null, expiresAt: { gt: ctx.clock.now() } });

export async function mySessions(ctx: Context): Promise<UserSession[]> {
  const user = requireUser(ctx);
  const rows = await ctx.prisma.session.findMany({
    where: activeWhere(ctx, user.id),
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
    take: 100,
  });
  return rows.map((s) => ({
    id: s.id,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    ipAddress: s.ipAddress,
    userAgent: s.userAgent,
    device: deviceOf(s.userAgent),
    current: s.id === ctx.sessionId,
  }));
}

/** Sign-in attempts on the user's account, newest first (keyset on time and id). */
export async function mySignIns(ctx: Context, args: { first: number; after?: string | null }): Promise<Connection<SignInEvent>> {
  const user = requireUser(ctx);
  const cursor = decodeCursor(args.after, 2);
  const base = { userId: user.id, kind: { in: [...SIGN_IN_KINDS] } };
  const where = cursor
    ? {
        ...base,
        OR: [{ createdAt: { lt: new Date(String(cursor[0])) } }, { createdAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } }],
      }
    : base;
  const [rows, total] = await Promise.all([
    ctx.prisma.authEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: args.first + 1 }),
    ctx.prisma.authEvent.count({ where: base }),
  ]);
  const events: SignInEvent[] = rows.map((e) => ({
    id: e.id,
    at: e.createdAt,
    outcome: OUTCOME[e.kind]!,
    ipAddress: e.ipAddress,
    userAgent: e.userAgent,
    device: deviceOf(e.userAgent),
  }));
  return toConnection(events, args.first, total, (e) => [e.at.toISOString(), e.id], !!cursor);
}

/** Ends one of the user's other sessions: that browser is signed out at its next request. */
export async function endSession(ctx: Context, sessionId: number): Promise<{ ended: number; errors: UserError[] }> {
  const user = requireUser(ctx);
  if (sessionId === ctx.sessionId) {
    return {
      ended: 0,
      errors: [new UserError(SessionErrorCode.SESSION_CURRENT, 'This is the session you are using: sign out instead.', 'sessionId')],
    };
  }
  return ctx.prisma.$transaction(async (tx) => {
    const found = await tx.session.findFirst({ where: { id: sessionId, ...activeWhere(ctx, user.id) } });
    if (!found) throw notFound('Session');
    await tx.session.update({ where: { id: found.id }, data: { revokedAt: ctx.clock.now() } });
    await audit(tx, ctx, {
      action: 'session_end',
      entityType: 'session',
      entityId: found.id,
      oldValue: { ipAddress: found.ipAddress, device: deviceOf(found.userAgent), createdAt: found.createdAt },
    });
    return { ended: 1, errors: [] };
  });
}

/** Ends every session of the user but the one making the request. */
export async function endOtherSessions(ctx: Context): Promise<{ ended: number; errors: UserError[] }> {
  const user = requireUser(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const where = { ...activeWhere(ctx, user.id), ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) };
    const others = await tx.session.findMany({ where, select: { id: true } });
    if (others.length === 0) return { ended: 0, errors: [] };
    await tx.session.updateMany({ where: { id: { in: others.map((s) => s.id) } }, data: { revokedAt: ctx.clock.now() } });
    await audit(tx, ctx, {
      action: 'session_end_others',
      entityType: 'user',
      entityId: user.id,
      newValue: { ended: others.map((s) => s.id) },
    });
    return { ended: others.length, errors: [] };
  });
}

/**
 * Called in the sign-in transaction after the attempt `eventId` became a success: e-mails the user
 * when no earlier successful sign-in had this IP address and user agent. Returns whether it did.
 */
export async function alertIfNewDevice(
  tx: Tx,
  ctx: Context,
  user: { id: number; email: string; name: string },
  eventId: number,
): Promise<boolean> {
  const earlier = { userId: user.id, kind: 'sign_in_success' as const, id: { lt: eventId } };
  const [any, same] = await Promise.all([
    tx.authEvent.findFirst({ where: earlier, select: { id: true } }),
    tx.authEvent.findFirst({
      where: { ...earlier, ipAddress: ctx.meta.ip ?? null, userAgent: ctx.meta.userAgent ?? null },
      select: { id: true },
    }),
  ]);
  if (!any || same) return false;
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  const when = ctx.clock.now().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const body = [
    `Hello ${user.name},`,
    '',
    'Your Webkernel Marketplace account was just signed in to from a device or network it had not been used from before:',
    '',
    `  When:    ${when}`,
    `  Device:  ${deviceOf(ctx.meta.userAgent)}`,
    `  IP:      ${ctx.meta.ip ?? 'unknown'}`,
    '',
    `If this was you, there is nothing to do. If not, change your password now (${base}/forgot-password) and end the sessions you do not recognise on your profile (${base}/account).`,
  ].join('\n');
  await tx.emailDelivery.create({
    data: { toAddress: user.email, subject: 'New sign-in to your account', body, createdAt: ctx.clock.now() },
  });
  return true;
}
