/**
 * Account lifecycle: e-mail verification, password reset, password and e-mail changes
 * (PRODUCT.md "Commerce lifecycle and trust" → Accounts).
 *
 * Rules:
 * - One-time links carry a 256-bit random token; only its SHA-256 is stored (`user_tokens`).
 *   A token is used once (a conditional update claims it, so two clicks cannot both pass) and
 *   expires: verification links after 24 h, password-reset links after 1 h. Issuing a new link
 *   of the same purpose ends the earlier ones.
 * - Nothing here reveals whether an e-mail has an account: sign-up and reset requests answer the
 *   same way for known and unknown addresses (the owner of a known address is e-mailed instead).
 * - A password reset ends every session of the user; a password change ends every other session.
 * - An e-mail change takes effect when the new address is verified through its link.
 * - Unverified users may browse and create organizations, but not buy ({@link emailVerificationError}).
 * - E-mails go through the outbox (`email_deliveries`), written in the same transaction.
 */
import argon2 from 'argon2';
import { Prisma, hashPassword, type UserTokenPurpose } from '@wk/db';
import type { Context } from '../../core/context';
import { requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { UserError } from '../../core/errors';
import { AuthErrorCode as E } from './auth.errors';
import { hashToken, newSessionToken } from './session';

export const VERIFY_TTL_MS = 24 * 3600_000;
export const RESET_TTL_MS = 3600_000;
/** "Resend" and e-mail change requests: one per minute, five per hour per user. */
export const RESEND_MIN_INTERVAL_MS = 60_000;
export const RESEND_MAX_PER_HOUR = 5;
/** Reset e-mails per address per hour (beyond, requests are answered the same and send nothing). */
export const RESET_MAX_PER_HOUR = 3;
export const MIN_PASSWORD_LENGTH = 10;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOUR = 3600_000;
type Tx = Prisma.TransactionClient;

export const normaliseEmail = (e: string) => e.trim().toLowerCase();
const err = (code: string, message: string, field: string | null = null) => new UserError(code, message, field);
const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

function appUrl(ctx: Context, path: string, token?: string) {
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  return token ? `${base}${path}?token=${encodeURIComponent(token)}` : `${base}${path}`;
}

async function queueMail(tx: Tx, ctx: Context, to: string, subject: string, body: string) {
  await tx.emailDelivery.create({ data: { toAddress: to, subject, body, createdAt: ctx.clock.now() } });
}

async function authEvent(
  db: Pick<Tx, 'authEvent'>,
  ctx: Context,
  kind:
    | 'sign_up'
    | 'email_verification_sent'
    | 'email_verified'
    | 'password_reset_requested'
    | 'password_reset'
    | 'password_changed'
    | 'email_change_requested',
  email: string | null,
  userId: number | null,
) {
  await db.authEvent.create({
    data: { kind, email, userId, ipAddress: ctx.meta.ip, userAgent: ctx.meta.userAgent, createdAt: ctx.clock.now() },
  });
}

/** A new one-time token for `userId`; earlier unused tokens of the same purpose stop working. */
async function issueToken(tx: Tx, ctx: Context, userId: number, purpose: UserTokenPurpose, email: string, ttlMs: number) {
  const now = ctx.clock.now();
  await tx.userToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  const token = newSessionToken();
  await tx.userToken.create({
    data: { userId, purpose, email, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) },
  });
  return token;
}

async function sendVerification(tx: Tx, ctx: Context, user: { id: number; name: string }, email: string, change: boolean) {
  const token = await issueToken(tx, ctx, user.id, 'email_verification', email, VERIFY_TTL_MS);
  const url = appUrl(ctx, '/verify-email', token);
  const subject = change ? 'Confirm your new e-mail address' : 'Verify your e-mail address';
  const body = [
    `Hello ${user.name},`,
    '',
    change
      ? `Confirm that ${email} is your new e-mail address for Webkernel Marketplace by opening this link:`
      : 'Welcome to Webkernel Marketplace. Verify your e-mail address by opening this link:',
    url,
    '',
    'The link works once and expires in 24 hours. If you did not ask for this, ignore this e-mail.',
  ].join('\n');
  await queueMail(tx, ctx, email, subject, body);
  await authEvent(tx, ctx, change ? 'email_change_requested' : 'email_verification_sent', email, user.id);
}

// ─────────────────────────────────────────────────────────── sign-up

export const SIGN_UP_MESSAGE = 'Check your inbox: we sent a link to finish setting up your account.';

/**
 * Creates an unverified account and e-mails a verification link. For an address that already has
 * an account, e-mails its owner instead. The answer is the same either way, and no session starts.
 */
export async function signUp(
  ctx: Context,
  input: { name: string; email: string; password: string },
): Promise<{ ok: boolean; message: string | null; errors: UserError[] }> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const errors: UserError[] = [];
  if (!name) errors.push(err('REQUIRED', 'Enter your name.', 'name'));
  if (!EMAIL_RE.test(email)) errors.push(err(E.INVALID_EMAIL, 'Enter a valid e-mail address.', 'email'));
  if (input.password.length < MIN_PASSWORD_LENGTH)
    errors.push(err(E.WEAK_PASSWORD, `Use at least ${MIN_PASSWORD_LENGTH} characters.`, 'password'));
  if (errors.length) return { ok: false, message: null, errors };

  // Hashed in both cases, so a known address answers no faster than an unknown one.
  const passwordHash = await hashPassword(input.password);
  const notifyOwner = async (tx: Tx, owner: { id: number; name: string }) => {
    await queueMail(
      tx,
      ctx,
      email,
      'Someone tried to create an account with your e-mail',
      [
        `Hello ${owner.name},`,
        '',
        'Someone (maybe you) tried to create a Webkernel Marketplace account with this e-mail address. You already have one.',
        `Sign in: ${appUrl(ctx, '/sign-in')}`,
        `Forgot your password? Reset it: ${appUrl(ctx, '/forgot-password')}`,
        '',
        'If it was not you, you can ignore this e-mail: nothing changed.',
      ].join('\n'),
    );
  };
  try {
    await ctx.prisma.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email } });
      if (existing) return notifyOwner(tx, existing);
      const u = await tx.user.create({ data: { name, email, passwordHash, createdAt: ctx.clock.now() } });
      await authEvent(tx, ctx, 'sign_up', email, u.id);
      await audit(
        tx,
        { ...ctx, user: { id: u.id, email, name, platformRole: u.platformRole } },
        { action: 'sign_up', entityType: 'user', entityId: u.id, newValue: { email, name } },
      );
      await sendVerification(tx, ctx, u, email, false);
    });
  } catch (e) {
    // A concurrent sign-up took the address first: answer as for any existing account.
    if (!isUniqueViolation(e)) throw e;
    await ctx.prisma.$transaction(async (tx) => {
      const owner = await tx.user.findUnique({ where: { email } });
      if (owner) await notifyOwner(tx, owner);
    });
  }
  return { ok: true, message: SIGN_UP_MESSAGE, errors: [] };
}

// ─────────────────────────────────────────────────────────── verification

/** Why the caller may not buy yet (null: verified). Used by quotes and purchases. */
export async function emailVerificationError(ctx: Context): Promise<UserError | null> {
  const user = requireUser(ctx);
  const row = await ctx.loaders.user.load(user.id);
  if (row?.emailVerifiedAt) return null;
  return err(
    E.EMAIL_NOT_VERIFIED,
    'Verify your e-mail address before buying. Open the link we e-mailed you, or send a new one from your profile.',
  );
}

/** The address an open e-mail change waits to verify (null: none). */
export async function pendingEmailOf(ctx: Context, userId: number): Promise<string | null> {
  const [user, token] = await Promise.all([
    ctx.loaders.user.load(userId),
    ctx.prisma.userToken.findFirst({
      where: { userId, purpose: 'email_verification', usedAt: null, expiresAt: { gt: ctx.clock.now() } },
      orderBy: { id: 'desc' },
    }),
  ]);
  return token?.email && user && token.email !== user.email ? token.email : null;
}

/** Sends the verification link again, at most once a minute and five times an hour. */
export async function resendVerification(ctx: Context): Promise<{ ok: boolean; errors: UserError[] }> {
  const me = requireUser(ctx);
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: me.id } });
  if (user.emailVerifiedAt) return { ok: false, errors: [err(E.ALREADY_VERIFIED, 'Your e-mail address is already verified.')] };
  const wait = await resendWait(ctx, user.id);
  if (wait !== null) return { ok: false, errors: [tooSoon(wait)] };
  await ctx.prisma.$transaction(async (tx) => {
    await sendVerification(tx, ctx, user, user.email, false);
    await audit(tx, ctx, { action: 'email_verification_resend', entityType: 'user', entityId: user.id });
  });
  return { ok: true, errors: [] };
}

const tooSoon = (waitMs: number) => {
  const s = Math.max(1, Math.ceil(waitMs / 1000));
  return err(
    E.TOO_MANY_REQUESTS,
    s < 120 ? `We just sent a link. Try again in ${s} seconds.` : `Too many e-mails sent. Try again in ${Math.ceil(s / 60)} minutes.`,
  );
};

/** Milliseconds to wait before another verification e-mail may be sent (null: now). */
async function resendWait(ctx: Context, userId: number): Promise<number | null> {
  const now = ctx.clock.now().getTime();
  const recent = await ctx.prisma.authEvent.findMany({
    where: { userId, kind: { in: ['email_verification_sent', 'email_change_requested'] }, createdAt: { gte: new Date(now - HOUR) } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const waits: number[] = [];
  if (recent[0]) waits.push(recent[0].createdAt.getTime() + RESEND_MIN_INTERVAL_MS - now);
  if (recent.length >= RESEND_MAX_PER_HOUR) waits.push(recent[RESEND_MAX_PER_HOUR - 1].createdAt.getTime() + HOUR - now);
  const w = Math.max(0, ...waits);
  return w > 0 ? w : null;
}

type TokenRow = Prisma.UserTokenGetPayload<{ include: { user: true } }>;

/** Finds and claims (once) a token of `purpose`; the claim is a conditional update in `tx`. */
async function claimToken(tx: Tx, ctx: Context, token: string, purpose: UserTokenPurpose): Promise<TokenRow | UserError> {
  const row =
    token && token.length <= 200
      ? await tx.userToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } })
      : null;
  if (!row || row.purpose !== purpose) return err(E.INVALID_TOKEN, 'This link is not valid. Ask for a new one.', 'token');
  const now = ctx.clock.now();
  if (row.usedAt) return err(E.TOKEN_USED, 'This link was already used (or a newer one was sent). Ask for a new one.', 'token');
  if (row.expiresAt <= now) return err(E.TOKEN_EXPIRED, 'This link has expired. Ask for a new one.', 'token');
  const claimed = await tx.userToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) return err(E.TOKEN_USED, 'This link was already used (or a newer one was sent). Ask for a new one.', 'token');
  return row;
}

class Refusal extends Error {
  constructor(readonly error: UserError) {
    super(error.message);
  }
}

/** Verifies the address of a verification link (and, for an e-mail change, makes it the account's e-mail). */
export async function verifyEmail(ctx: Context, token: string): Promise<{ ok: boolean; email: string | null; errors: UserError[] }> {
  try {
    const email = await ctx.prisma.$transaction(async (tx) => {
      const row = await claimToken(tx, ctx, token, 'email_verification');
      if (row instanceof UserError) throw new Refusal(row);
      const target = row.email ?? row.user.email;
      const now = ctx.clock.now();
      const change = target !== row.user.email;
      if (change && (await tx.user.findUnique({ where: { email: target }, select: { id: true } })))
        throw new Refusal(err(E.EMAIL_TAKEN, 'This address now belongs to another account.', 'token'));
      await tx.user.update({ where: { id: row.userId }, data: { email: target, emailVerifiedAt: now } });
      await authEvent(tx, ctx, 'email_verified', target, row.userId);
      await audit(
        tx,
        { ...ctx, user: ctx.user ?? { id: row.userId, email: target, name: row.user.name, platformRole: row.user.platformRole } },
        {
          action: change ? 'email_change' : 'email_verify',
          entityType: 'user',
          entityId: row.userId,
          oldValue: change ? { email: row.user.email } : { emailVerifiedAt: row.user.emailVerifiedAt },
          newValue: change ? { email: target } : { emailVerifiedAt: now },
        },
      );
      if (change) {
        await queueMail(
          tx,
          ctx,
          row.user.email,
          'Your e-mail address was changed',
          `Hello ${row.user.name},\n\nThe e-mail address of your Webkernel Marketplace account is now ${target}.\nIf you did not do this, reset your password: ${appUrl(ctx, '/forgot-password')}`,
        );
      }
      return target;
    });
    ctx.loaders.user.clearAll();
    return { ok: true, email, errors: [] };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, email: null, errors: [e.error] };
    if (isUniqueViolation(e))
      return { ok: false, email: null, errors: [err(E.EMAIL_TAKEN, 'This address now belongs to another account.', 'token')] };
    throw e;
  }
}

// ─────────────────────────────────────────────────────────── password reset

export const RESET_REQUEST_MESSAGE =
  'If an account uses this address, we sent it a link to choose a new password. The link works for 1 hour.';

/** E-mails a reset link when the address has an account; the answer is the same either way. */
export async function requestPasswordReset(ctx: Context, rawEmail: string): Promise<{ ok: boolean; message: string; errors: UserError[] }> {
  const email = normaliseEmail(rawEmail);
  if (!EMAIL_RE.test(email)) return { ok: false, message: '', errors: [err(E.INVALID_EMAIL, 'Enter a valid e-mail address.', 'email')] };
  const since = new Date(ctx.clock.now().getTime() - HOUR);
  await ctx.prisma.$transaction(async (tx) => {
    const recent = await tx.authEvent.count({ where: { email, kind: 'password_reset_requested', createdAt: { gte: since } } });
    await authEvent(tx, ctx, 'password_reset_requested', email, null);
    if (recent >= RESET_MAX_PER_HOUR) return; // throttled silently: the same answer, no e-mail
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) return;
    const token = await issueToken(tx, ctx, user.id, 'password_reset', email, RESET_TTL_MS);
    await queueMail(
      tx,
      ctx,
      email,
      'Reset your password',
      [
        `Hello ${user.name},`,
        '',
        'Choose a new password for your Webkernel Marketplace account by opening this link:',
        appUrl(ctx, '/reset-password', token),
        '',
        'The link works once and expires in 1 hour. Choosing a new password signs you out everywhere.',
        'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      ].join('\n'),
    );
  });
  return { ok: true, message: RESET_REQUEST_MESSAGE, errors: [] };
}

/** Sets a new password from a reset link; every session of the user ends. */
export async function resetPassword(ctx: Context, token: string, password: string): Promise<{ ok: boolean; errors: UserError[] }> {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { ok: false, errors: [err(E.WEAK_PASSWORD, `Use at least ${MIN_PASSWORD_LENGTH} characters.`, 'password')] };
  const passwordHash = await hashPassword(password);
  try {
    await ctx.prisma.$transaction(async (tx) => {
      const row = await claimToken(tx, ctx, token, 'password_reset');
      if (row instanceof UserError) throw new Refusal(row);
      const now = ctx.clock.now();
      // The link reached the account's address, which proves it (unless the e-mail changed since).
      const proves = row.email === row.user.email && !row.user.emailVerifiedAt;
      await tx.user.update({ where: { id: row.userId }, data: { passwordHash, ...(proves ? { emailVerifiedAt: now } : {}) } });
      const ended = await tx.session.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: now } });
      await tx.userToken.updateMany({ where: { userId: row.userId, purpose: 'password_reset', usedAt: null }, data: { usedAt: now } });
      await authEvent(tx, ctx, 'password_reset', row.user.email, row.userId);
      await audit(
        tx,
        { ...ctx, user: { id: row.userId, email: row.user.email, name: row.user.name, platformRole: row.user.platformRole } },
        { action: 'password_reset', entityType: 'user', entityId: row.userId, newValue: { sessionsEnded: ended.count } },
      );
      await queueMail(
        tx,
        ctx,
        row.user.email,
        'Your password was changed',
        `Hello ${row.user.name},\n\nThe password of your Webkernel Marketplace account was reset, and every session was signed out.\nIf you did not do this, reset it again now: ${appUrl(ctx, '/forgot-password')}`,
      );
    });
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, errors: [e.error] };
    throw e;
  }
  ctx.loaders.user.clearAll();
  return { ok: true, errors: [] };
}

// ─────────────────────────────────────────────────────────── profile

async function checkCurrentPassword(ctx: Context, userId: number, password: string, field: string): Promise<UserError | null> {
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
  return ok ? null : err(E.WRONG_PASSWORD, 'This is not your current password.', field);
}

/** Changes the password (the current one is asked); every other session of the user ends. */
export async function changePassword(
  ctx: Context,
  input: { currentPassword: string; newPassword: string },
): Promise<{ ok: boolean; errors: UserError[] }> {
  const me = requireUser(ctx);
  const errors: UserError[] = [];
  const wrong = await checkCurrentPassword(ctx, me.id, input.currentPassword, 'currentPassword');
  if (wrong) errors.push(wrong);
  if (input.newPassword.length < MIN_PASSWORD_LENGTH)
    errors.push(err(E.WEAK_PASSWORD, `Use at least ${MIN_PASSWORD_LENGTH} characters.`, 'newPassword'));
  if (errors.length) return { ok: false, errors };
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.prisma.$transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx.user.update({ where: { id: me.id }, data: { passwordHash } });
    const ended = await tx.session.updateMany({
      where: { userId: me.id, revokedAt: null, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) },
      data: { revokedAt: now },
    });
    await tx.userToken.updateMany({ where: { userId: me.id, purpose: 'password_reset', usedAt: null }, data: { usedAt: now } });
    await authEvent(tx, ctx, 'password_changed', me.email, me.id);
    await audit(tx, ctx, { action: 'password_change', entityType: 'user', entityId: me.id, newValue: { otherSessionsEnded: ended.count } });
    await queueMail(
      tx,
      ctx,
      me.email,
      'Your password was changed',
      `Hello ${me.name},\n\nThe password of your Webkernel Marketplace account was changed, and your other sessions were signed out.\nIf you did not do this, reset it now: ${appUrl(ctx, '/forgot-password')}`,
    );
  });
  return { ok: true, errors: [] };
}

export const EMAIL_CHANGE_MESSAGE = (email: string) => `We sent a link to ${email}. Your e-mail changes when you open it.`;

/**
 * Starts an e-mail change (the password is asked): a link goes to the new address, and the change
 * takes effect when it is opened. If the new address already has an account, its owner is told
 * instead; the answer is the same.
 */
export async function requestEmailChange(
  ctx: Context,
  input: { newEmail: string; password: string },
): Promise<{ ok: boolean; message: string | null; errors: UserError[] }> {
  const me = requireUser(ctx);
  const email = normaliseEmail(input.newEmail);
  const errors: UserError[] = [];
  if (!EMAIL_RE.test(email)) errors.push(err(E.INVALID_EMAIL, 'Enter a valid e-mail address.', 'newEmail'));
  else if (email === me.email) errors.push(err(E.SAME_EMAIL, 'This is already your e-mail address.', 'newEmail'));
  const wrong = await checkCurrentPassword(ctx, me.id, input.password, 'password');
  if (wrong) errors.push(wrong);
  if (errors.length) return { ok: false, message: null, errors };
  const wait = await resendWait(ctx, me.id);
  if (wait !== null) return { ok: false, message: null, errors: [tooSoon(wait)] };
  await ctx.prisma.$transaction(async (tx) => {
    const owner = await tx.user.findUnique({ where: { email } });
    if (owner) {
      await queueMail(
        tx,
        ctx,
        email,
        'Someone tried to use your e-mail address',
        `Hello ${owner.name},\n\nSomeone tried to move another Webkernel Marketplace account to this e-mail address, which is already yours. Nothing changed.`,
      );
      await authEvent(tx, ctx, 'email_change_requested', email, me.id);
    } else {
      await sendVerification(tx, ctx, me, email, true);
    }
    await audit(tx, ctx, { action: 'email_change_request', entityType: 'user', entityId: me.id, newValue: { email } });
  });
  return { ok: true, message: EMAIL_CHANGE_MESSAGE(email), errors: [] };
}
