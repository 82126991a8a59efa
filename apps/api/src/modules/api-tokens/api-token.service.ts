/**
 * Vendor API tokens for CI publishing: `wkv_` + 32 random bytes (base64url), scope `publish`,
 * shown once; only the SHA-256 is stored. Used as `Authorization: Bearer wkv_…` on the upload route.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient, User, VendorApiToken } from '@wk/db';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { requireVendorMember } from '../vendors';
import { fail } from '../publishing';
import { PublishingErrorCode as E } from '../publishing';

export const TOKEN_PREFIX = 'wkv_';
export const PUBLISH_SCOPE = 'publish';
const MAX_ACTIVE_TOKENS = 20;
const TOKEN_PATTERN = /^wkv_[A-Za-z0-9_-]{43}$/;

export const hashVendorToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newVendorToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export async function listTokens(ctx: Context, vendorId: number): Promise<VendorApiToken[]> {
  await requireVendorMember(ctx, vendorId);
  return ctx.prisma.vendorApiToken.findMany({ where: { vendorId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function createToken(
  ctx: Context,
  input: { vendorId: number; name: string; expiresInDays?: number | null },
): Promise<{ token: VendorApiToken; secret: string }> {
  const vendor = await requireVendorMember(ctx, input.vendorId);
  const name = input.name.trim();
  if (!name) fail(E.REQUIRED, 'Name the token after where it is used, e.g. "GitHub Actions".', 'name');
  const days = input.expiresInDays ?? null;
  if (days !== null && (!Number.isSafeInteger(days) || days < 1 || days > 730))
    fail(E.TOKEN_EXPIRY_INVALID, 'Expiry is between 1 and 730 days (or none).', 'expiresInDays');
  const now = ctx.clock.now();
  const secret = newVendorToken();
  const token = await ctx.prisma.$transaction(async (tx) => {
    const active = await tx.vendorApiToken.count({
      where: { vendorId: vendor.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (active >= MAX_ACTIVE_TOKENS)
      fail(E.TOKEN_LIMIT, `A vendor has at most ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.`, 'vendorId');
    const t = await tx.vendorApiToken.create({
      data: {
        vendorId: vendor.id,
        name,
        prefix: secret.slice(0, 12),
        tokenHash: hashVendorToken(secret),
        scopes: [PUBLISH_SCOPE],
        createdById: ctx.user!.id,
        createdAt: now,
        expiresAt: days ? new Date(now.getTime() + days * 86_400_000) : null,
      },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'vendor_api_token',
      entityId: t.id,
      orgId: vendor.orgId,
      newValue: { vendorId: vendor.id, name, prefix: t.prefix, scopes: t.scopes, expiresAt: t.expiresAt },
    });
    return t;
  });
  return { token, secret };
}

export async function revokeToken(ctx: Context, tokenId: number): Promise<VendorApiToken> {
  const t = await ctx.prisma.vendorApiToken.findUnique({ where: { id: tokenId } });
  if (!t) throw notFound('Token');
  const vendor = await requireVendorMember(ctx, t.vendorId).catch(() => {
    throw notFound('Token');
  });
  if (t.revokedAt) fail(E.TOKEN_ALREADY_REVOKED, 'This token is already revoked.', 'tokenId');
  return ctx.prisma.$transaction(async (tx) => {
    const r = await tx.vendorApiToken.update({ where: { id: t.id }, data: { revokedAt: ctx.clock.now() } });
    await audit(tx, ctx, {
      action: 'revoke',
      entityType: 'vendor_api_token',
      entityId: t.id,
      orgId: vendor.orgId,
      oldValue: { revokedAt: null },
      newValue: { revokedAt: r.revokedAt },
    });
    return r;
  });
}

export type TokenAuth =
  | { ok: true; token: VendorApiToken; user: Pick<User, 'id' | 'email' | 'name' | 'platformRole'> }
  | { ok: false; code: 'TOKEN_INVALID' | 'TOKEN_SCOPE'; message: string };

/** The same rule as `vendorsManagedBy`: owner user, admin of the owning org, or platform admin for official vendors. */
async function creatorStillManagesVendor(
  prisma: PrismaClient,
  vendorId: number,
  creator: Pick<User, 'id' | 'platformRole'>,
): Promise<boolean> {
  const vendor = await prisma.vendor.findUnique({ where: { id: vendorId }, select: { userId: true, orgId: true, isOfficial: true } });
  if (!vendor) return false;
  if (vendor.userId === creator.id) return true;
  if (vendor.isOfficial && creator.platformRole === 'platform_admin') return true;
  if (vendor.orgId === null) return false;
  const m = await prisma.membership.findUnique({
    where: { orgId_userId: { orgId: vendor.orgId, userId: creator.id } },
    select: { role: true },
  });
  return m?.role === 'admin';
}

/** Authenticates a bearer token (unknown, malformed, revoked or expired → TOKEN_INVALID) and records its use. */
export async function authenticateVendorToken(prisma: PrismaClient, raw: string, now: Date, scope = PUBLISH_SCOPE): Promise<TokenAuth> {
  if (!TOKEN_PATTERN.test(raw)) return { ok: false, code: 'TOKEN_INVALID', message: 'The API token is not valid.' };
  const token = await prisma.vendorApiToken.findUnique({
    where: { tokenHash: hashVendorToken(raw) },
    include: { createdBy: { select: { id: true, email: true, name: true, platformRole: true } } },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= now.getTime())) {
    return { ok: false, code: 'TOKEN_INVALID', message: 'The API token is unknown, revoked or expired.' };
  }
  if (!token.scopes.includes(scope)) return { ok: false, code: 'TOKEN_SCOPE', message: `The API token lacks the "${scope}" scope.` };
  // A token acts for its creator: it stops working as soon as the creator no longer runs the vendor
  // (left or was demoted in the owning org, lost platform admin for an official vendor).
  if (!(await creatorStillManagesVendor(prisma, token.vendorId, token.createdBy))) {
    return { ok: false, code: 'TOKEN_INVALID', message: 'The API token is unknown, revoked or expired.' };
  }
  await prisma.vendorApiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  const { createdBy, ...rest } = token;
  return { ok: true, token: rest, user: createdBy };
}
