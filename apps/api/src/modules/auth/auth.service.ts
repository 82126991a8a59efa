import argon2 from 'argon2';
import { hashPassword } from '@wk/db';
import type { Context, AuthUser } from '../../core/context';
import { audit } from '../../core/audit';
import { UserError } from '../../core/errors';
import { AuthErrorCode } from './auth.errors';
import { alertIfNewDevice } from '../sessions';
import { clearSessionCookie, hashToken, newSessionToken, setSessionCookie } from './session';

/** Verifying against this keeps unknown-account sign-ins as slow as real ones. */
let dummyHash: Promise<string> | undefined;

export type AuthResult = { user: AuthUser; errors: [] } | { user: null; errors: UserError[] };

const normaliseEmail = (e: string) => e.trim().toLowerCase();

type SessionDb = Pick<Context['prisma'], 'session'>;

async function startSession(db: SessionDb, ctx: Context, userId: number) {
  const token = newSessionToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlMs);
  // Rotation: a sign-in always issues a new session id and ends the one the browser had.
  if (ctx.sessionId) await db.session.update({ where: { id: ctx.sessionId }, data: { revokedAt: now } });
  const session = await db.session.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ipAddress: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
    },
  });
  setSessionCookie(ctx.res, ctx.req, token, expiresAt);
  ctx.sessionId = session.id;
  return { token, expiresAt };
}

type Db = Pick<Context['prisma'], 'authEvent'>;

/** Failures in the window, per account and per IP; beyond the limits sign-in is refused. */
async function throttled(db: Db, ctx: Context, email: string): Promise<number | null> {
  const since = new Date(ctx.clock.now().getTime() - ctx.config.signInWindowMs);
  const [byAccount, byIp] = await Promise.all([
    db.authEvent.findMany({
      where: { email, kind: 'sign_in_failure', createdAt: { gte: since } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    }),
    ctx.meta.ip
      ? db.authEvent.findMany({
          where: { ipAddress: ctx.meta.ip, kind: 'sign_in_failure', createdAt: { gte: since } },
          orderBy: { createdAt: 'asc' },
          select: { createdAt: true },
        })
      : Promise.resolve([]),
  ]);
  const over = (list: { createdAt: Date }[], max: number) =>
    list.length >= max ? list[list.length - max].createdAt.getTime() + ctx.config.signInWindowMs - ctx.clock.now().getTime() : null;
  const waits = [over(byAccount, ctx.config.signInMaxFailuresPerAccount), over(byIp, ctx.config.signInMaxFailuresPerIp)].filter(
    (w): w is number => w !== null,
  );
  return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : null;
}

/**
 * The count and the decision are atomic: under a transaction-scoped advisory lock on the account
 * (then on the IP; always in this order), the failures in the window are counted and, when under
 * the limits, this attempt is recorded as a failure *before* the password is verified. Parallel
 * attempts therefore queue on the lock and each sees the ones before it; a correct password then
 * turns its own row into a success.
 */
async function reserveAttempt(
  ctx: Context,
  email: string,
  userId: number | undefined,
): Promise<{ wait: number; eventId?: undefined } | { wait: null; eventId: number }> {
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`sign-in:account:${email}`}))::text AS locked`;
    if (ctx.meta.ip) await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`sign-in:ip:${ctx.meta.ip}`}))::text AS locked`;
    const data = { email, userId, ipAddress: ctx.meta.ip, userAgent: ctx.meta.userAgent, createdAt: ctx.clock.now() };
    const wait = await throttled(tx, ctx, email);
    if (wait !== null) {
      await tx.authEvent.create({ data: { ...data, kind: 'sign_in_throttled' } });
      return { wait };
    }
    const ev = await tx.authEvent.create({ data: { ...data, kind: 'sign_in_failure' } });
    return { wait: null, eventId: ev.id };
  });
}

export async function signIn(ctx: Context, input: { email: string; password: string }): Promise<AuthResult> {
  const email = normaliseEmail(input.email);
  const user = await ctx.prisma.user.findUnique({ where: { email } });
  const attempt = await reserveAttempt(ctx, email, user?.id);
  if (attempt.wait !== null) {
    return {
      user: null,
      errors: [
        new UserError(
          AuthErrorCode.TOO_MANY_ATTEMPTS,
          `Too many failed attempts. Try again in ${Math.ceil(attempt.wait / 60)} minute(s).`,
          'email',
        ),
      ],
    };
  }
  dummyHash ??= hashPassword('not-a-real-password-at-all');
  const ok = await argon2.verify(user?.passwordHash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !ok) {
    return { user: null, errors: [new UserError(AuthErrorCode.INVALID_CREDENTIALS, 'Wrong e-mail or password.', 'password')] };
  }
  const authUser = { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole };
  // One transaction: the session, the attempt turned into a success, the new-device e-mail (outbox)
  // and the audit row all happen, or none does.
  await ctx.prisma.$transaction(async (tx) => {
    await startSession(tx, ctx, user.id);
    await tx.authEvent.update({ where: { id: attempt.eventId }, data: { kind: 'sign_in_success' } });
    ctx.user = authUser;
    await alertIfNewDevice(tx, ctx, user, attempt.eventId);
    await audit(tx, ctx, { action: 'sign_in', entityType: 'session', entityId: ctx.sessionId });
  });
  return { user: authUser, errors: [] };
}

export async function signOut(ctx: Context): Promise<boolean> {
  if (ctx.sessionId) {
    await ctx.prisma.$transaction(async (tx) => {
      await tx.session.update({ where: { id: ctx.sessionId! }, data: { revokedAt: ctx.clock.now() } });
      await tx.authEvent.create({
        data: {
          kind: 'sign_out',
          email: ctx.user?.email,
          userId: ctx.user?.id,
          ipAddress: ctx.meta.ip,
          userAgent: ctx.meta.userAgent,
          createdAt: ctx.clock.now(),
        },
      });
      await audit(tx, ctx, { action: 'sign_out', entityType: 'session', entityId: ctx.sessionId });
    });
  }
  clearSessionCookie(ctx.res, ctx.req);
  ctx.sessionId = null;
  ctx.user = null;
  return true;
}
