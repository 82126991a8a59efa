import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { rawDb, type PlatformRole, type PrismaClient } from '@wk/db';
import type { AuthUser } from '../../core/context';

export const SESSION_COOKIE = 'wk_session';

/** 256-bit random token; the database keeps only its SHA-256. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function readCookie(req: Pick<Request, 'headers'>, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function isHttps(req?: Request): boolean {
  if (!req) return false;
  return req.secure || req.protocol === 'https';
}

export function setSessionCookie(res: Response | undefined, req: Request | undefined, token: string, expiresAt: Date) {
  res?.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: isHttps(req), path: '/', expires: expiresAt });
}

export function clearSessionCookie(res: Response | undefined, req: Request | undefined) {
  res?.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isHttps(req), path: '/' });
}

/** The signed-in user of a request, from its session cookie (unknown, revoked, expired → none). */
export async function resolveSession(prisma: PrismaClient, req: Request, now: Date): Promise<{ user: AuthUser; sessionId: number } | null> {
  const token = readCookie(req, SESSION_COOKIE);
  if (!token || token.length > 200) return null;
  // The session and its user in one statement on the pg pool (rawDb): every signed-in request pays it.
  const [session] = await rawDb(prisma).$queryRaw<SessionRow[]>`
    SELECT s.id, s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt",
           u.id AS "userId", u.email, u.name, u.platform_role::text AS "platformRole"
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${hashToken(token)}`;
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > 5 * 60_000) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return {
    user: { id: session.userId, email: session.email, name: session.name, platformRole: session.platformRole },
    sessionId: session.id,
  };
}

interface SessionRow {
  id: number;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userId: number;
  email: string;
  name: string;
  platformRole: PlatformRole;
}
