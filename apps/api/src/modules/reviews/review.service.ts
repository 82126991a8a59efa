/**
 * Ratings and reviews (seed 004). Anyone may read the reviews of a catalog module; a member of a
 * customer organization (one that holds or held a license for the module) with view_modules may
 * leave one review per module, replace it, or delete it. Every change recomputes the module's
 * rating summary exactly in SQL (ROUND(AVG(rating), 2) into Decimal(3,2)) in the same transaction.
 */
import { Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import { requireOrgPermission, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { listed } from '../catalog';
import { clean, ErrorBag, fail } from '../publishing';
import { requireVendorMember } from '../vendors';
import { effectivePermissions } from '../../core/permissions';
import { REPLY_BODY_MAX, REVIEW_BODY_MAX, REVIEW_TITLE_MAX, ReviewErrorCode } from './review.errors';
import {
  ReviewIneligibleReason,
  ReviewSort,
  type ModuleReview,
  type ModuleReviewReplyInput,
  type ModuleReviewUpsertInput,
  type ReviewedModule,
  type ReviewEligibility,
} from './review.types';

type Tx = Prisma.TransactionClient;

/** "Alice Martin" → "Alice M."; a single name stays as is. Never the e-mail. */
export function displayName(name: string | null | undefined): string {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return 'Anonymous';
  if (parts.length === 1) return parts[0];
  return `${parts[0]} ${parts[parts.length - 1][0].toUpperCase()}.`;
}

const reviewInclude = {
  user: { select: { name: true } },
  org: { select: { name: true } },
  module: { select: { slug: true, name: true, vendorId: true, vendor: { select: { name: true } } } },
} as const;
type ReviewRow = Prisma.ModuleReviewGetPayload<{ include: typeof reviewInclude }>;

function toReview(r: ReviewRow): ModuleReview {
  return {
    id: r.id,
    rating: r.rating,
    title: r.title,
    body: r.body,
    createdAt: r.createdAt,
    authorName: displayName(r.user.name),
    organizationName: r.org.name,
    moduleSlug: r.module.slug,
    moduleName: r.module.name,
    vendorReply:
      r.vendorReply && r.vendorReplyAt
        ? { body: r.vendorReply, vendorName: r.module.vendor.name, repliedAt: r.vendorReplyAt, editedAt: r.vendorReplyUpdatedAt }
        : null,
  };
}

/** The module if it is in the catalog (published with an approved version), else NOT_FOUND. */
async function listedModule(db: Pick<Tx, '$queryRaw'>, slug: string): Promise<{ id: number; slug: string }> {
  const rows = await db.$queryRaw<
    { id: number; slug: string }[]
  >`SELECT m.id, m.slug FROM modules m WHERE m.slug = ${slug} AND ${listed('m')}`;
  if (!rows[0]) throw notFound('Module');
  return rows[0];
}

/** Recomputes rating_average (exact: SQL numeric, rounded to 2 decimals) and rating_count. */
async function recompute(tx: Tx, moduleId: number): Promise<ReviewedModule> {
  const rows = await tx.$queryRaw<{ id: number; slug: string; ratingAverage: string | null; ratingCount: number }[]>`
    UPDATE modules m SET
      rating_average = s.avg, rating_count = s.cnt
    FROM (SELECT ROUND(AVG(r.rating)::numeric, 2) AS avg, COUNT(*)::int AS cnt FROM module_reviews r WHERE r.module_id = ${moduleId}) s
    WHERE m.id = ${moduleId}
    RETURNING m.id, m.slug, m.rating_average::text AS "ratingAverage", m.rating_count AS "ratingCount"`;
  const r = rows[0];
  return {
    id: r.id,
    slug: r.slug,
    ratingAverage: r.ratingAverage === null ? null : Number(r.ratingAverage),
    ratingCount: Number(r.ratingCount),
  };
}

export interface ReviewsArgs {
  moduleSlug: string;
  first: number;
  after?: string | null;
  sort?: ReviewSort | null;
}

/**
 * One keyset page of reviews: NEWEST (created_at desc, id desc), HIGHEST (rating desc, then
 * newest) or LOWEST (rating asc, then newest). The cursor is (rating, created_at, id).
 */
async function pageOfReviews(
  ctx: Context,
  where: Prisma.ModuleReviewWhereInput,
  sort: ReviewSort,
  first: number,
  after?: string | null,
): Promise<Connection<ModuleReview>> {
  const cursor = decodeCursor(after, 3);
  const newer = (c: readonly unknown[]): Prisma.ModuleReviewWhereInput[] => [
    { createdAt: { lt: new Date(String(c[1])) } },
    { createdAt: new Date(String(c[1])), id: { lt: Number(c[2]) } },
  ];
  let page = where;
  if (cursor) {
    const rating = Number(cursor[0]);
    const after: Prisma.ModuleReviewWhereInput[] =
      sort === ReviewSort.NEWEST
        ? newer(cursor)
        : [{ rating: sort === ReviewSort.HIGHEST ? { lt: rating } : { gt: rating } }, ...newer(cursor).map((w) => ({ rating, ...w }))];
    page = { AND: [where, { OR: after }] };
  }
  const orderBy: Prisma.ModuleReviewOrderByWithRelationInput[] = [
    ...(sort === ReviewSort.HIGHEST ? [{ rating: 'desc' as const }] : sort === ReviewSort.LOWEST ? [{ rating: 'asc' as const }] : []),
    { createdAt: 'desc' },
    { id: 'desc' },
  ];
  const [rows, total] = await Promise.all([
    ctx.prisma.moduleReview.findMany({ where: page, include: reviewInclude, orderBy, take: first + 1 }),
    ctx.prisma.moduleReview.count({ where }),
  ]);
  return toConnection(rows.map(toReview), first, total, (r) => [r.rating, r.createdAt.toISOString(), r.id], cursor !== null);
}

/** Reviews of a catalog module, in the buyer's chosen order (newest first by default). */
export async function listReviews(ctx: Context, args: ReviewsArgs): Promise<Connection<ModuleReview>> {
  const mod = await listedModule(ctx.prisma, args.moduleSlug);
  return pageOfReviews(ctx, { moduleId: mod.id }, args.sort ?? ReviewSort.NEWEST, args.first, args.after);
}

/** Reviews of the vendor's own modules, newest first (vendor members; another vendor's → NOT_FOUND). */
export async function vendorReviews(
  ctx: Context,
  args: { vendorId: number; moduleId?: number | null; unanswered?: boolean | null; first: number; after?: string | null },
): Promise<Connection<ModuleReview>> {
  await requireVendorMember(ctx, args.vendorId);
  const where: Prisma.ModuleReviewWhereInput = {
    module: { vendorId: args.vendorId },
    ...(args.moduleId ? { moduleId: args.moduleId } : {}),
    ...(args.unanswered === true ? { vendorReply: null } : args.unanswered === false ? { vendorReply: { not: null } } : {}),
  };
  return pageOfReviews(ctx, where, ReviewSort.NEWEST, args.first, args.after);
}

/**
 * The vendor's reply to a review of one of its modules: one per review, written or edited here.
 * Anyone who does not run the module's vendor gets NOT_FOUND (the review is not named).
 */
export async function replyToReview(ctx: Context, input: ModuleReviewReplyInput): Promise<{ review: ModuleReview }> {
  const user = requireUser(ctx);
  const found = await ctx.prisma.moduleReview.findUnique({ where: { id: input.reviewId }, include: reviewInclude });
  if (!found) throw notFound('Review');
  try {
    await requireVendorMember(ctx, found.module.vendorId);
  } catch {
    throw notFound('Review');
  }
  const body = clean(input.body);
  if (!body) fail(ReviewErrorCode.REPLY_EMPTY, 'Write a reply.', 'body');
  if (body.length > REPLY_BODY_MAX) fail(ReviewErrorCode.REPLY_TOO_LONG, `A reply can have at most ${REPLY_BODY_MAX} characters.`, 'body');
  const now = ctx.clock.now();
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.moduleReview.findUniqueOrThrow({ where: { id: found.id } });
    const row = await tx.moduleReview.update({
      where: { id: found.id },
      data: before.vendorReply
        ? { vendorReply: body, vendorReplyUpdatedAt: now, vendorReplyById: user.id }
        : { vendorReply: body, vendorReplyAt: now, vendorReplyById: user.id },
      include: reviewInclude,
    });
    await audit(tx, ctx, {
      action: before.vendorReply ? 'module_review.reply_update' : 'module_review.reply',
      entityType: 'module_review',
      entityId: row.id,
      oldValue: before.vendorReply ? { vendorReply: before.vendorReply } : undefined,
      newValue: { moduleId: row.moduleId, vendorId: found.module.vendorId, vendorReply: body },
    });
    return { review: toReview(row) };
  });
}

/** Whether the caller may review a catalog module; when not, why (for the module page). */
export async function reviewEligibility(ctx: Context, moduleSlug: string): Promise<ReviewEligibility> {
  const mod = await listedModule(ctx.prisma, moduleSlug);
  if (!ctx.user)
    return { canReview: false, reason: ReviewIneligibleReason.SIGN_IN, message: 'Sign in to review this module.', organizations: [] };
  const memberships = await ctx.prisma.membership.findMany({
    where: { userId: ctx.user.id, org: { licenses: { some: { moduleId: mod.id } } } },
    include: { org: { select: { id: true, name: true } } },
    orderBy: { orgId: 'asc' },
  });
  const organizations = memberships
    .filter((m) => effectivePermissions(m.role, m.permissions).has('view_modules'))
    .map((m) => ({ id: m.org.id, name: m.org.name }));
  if (organizations.length === 0)
    return {
      canReview: false,
      reason: ReviewIneligibleReason.NOT_A_CUSTOMER,
      message: 'Only customers can review a module: none of your organizations holds or held a license for it.',
      organizations,
    };
  return { canReview: true, reason: null, message: null, organizations };
}

function validate(input: ModuleReviewUpsertInput): { title: string | null; body: string | null } {
  const bag = new ErrorBag();
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    bag.add(ReviewErrorCode.RATING_INVALID, 'Choose a rating from 1 to 5 stars.', 'rating');
  const title = clean(input.title);
  const body = clean(input.body);
  if (title && title.length > REVIEW_TITLE_MAX)
    bag.add(ReviewErrorCode.REVIEW_TOO_LONG, `The title can have at most ${REVIEW_TITLE_MAX} characters.`, 'title');
  if (body && body.length > REVIEW_BODY_MAX)
    bag.add(ReviewErrorCode.REVIEW_TOO_LONG, `The review can have at most ${REVIEW_BODY_MAX} characters.`, 'body');
  bag.throwIfAny();
  return { title, body };
}

export async function upsertReview(
  ctx: Context,
  input: ModuleReviewUpsertInput,
): Promise<{ review: ModuleReview; module: ReviewedModule }> {
  const user = requireUser(ctx);
  await requireOrgPermission(ctx, input.orgId, 'view_modules');
  const mod = await listedModule(ctx.prisma, input.moduleSlug);
  const { title, body } = validate(input);
  const everLicensed = await ctx.prisma.license.count({ where: { orgId: input.orgId, moduleId: mod.id } });
  if (everLicensed === 0)
    fail(ReviewErrorCode.REVIEW_NOT_A_CUSTOMER, 'Only organizations that hold (or held) a license for this module can review it.', 'orgId');

  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.moduleReview.findUnique({ where: { moduleId_userId: { moduleId: mod.id, userId: user.id } } });
    const row = await tx.moduleReview.upsert({
      where: { moduleId_userId: { moduleId: mod.id, userId: user.id } },
      create: { moduleId: mod.id, userId: user.id, orgId: input.orgId, rating: input.rating, title, body, createdAt: ctx.clock.now() },
      update: { orgId: input.orgId, rating: input.rating, title, body },
      include: reviewInclude,
    });
    const summary = await recompute(tx, mod.id);
    await audit(tx, ctx, {
      action: before ? 'module_review.update' : 'module_review.create',
      entityType: 'module_review',
      entityId: row.id,
      orgId: input.orgId,
      oldValue: before ? { orgId: before.orgId, rating: before.rating, title: before.title, body: before.body } : undefined,
      newValue: {
        moduleId: mod.id,
        orgId: row.orgId,
        rating: row.rating,
        title: row.title,
        body: row.body,
        ratingAverage: summary.ratingAverage,
        ratingCount: summary.ratingCount,
      },
    });
    return { review: toReview(row), module: summary };
  });
}

export async function deleteReview(ctx: Context, moduleSlug: string): Promise<{ deletedReviewId: number; module: ReviewedModule }> {
  const user = requireUser(ctx);
  const mod = await ctx.prisma.module.findUnique({ where: { slug: moduleSlug }, select: { id: true } });
  if (!mod) throw notFound('Review');
  return ctx.prisma.$transaction(async (tx) => {
    const existing = await tx.moduleReview.findUnique({ where: { moduleId_userId: { moduleId: mod.id, userId: user.id } } });
    if (!existing) throw notFound('Review');
    await tx.moduleReview.delete({ where: { id: existing.id } });
    const summary = await recompute(tx, mod.id);
    await audit(tx, ctx, {
      action: 'module_review.delete',
      entityType: 'module_review',
      entityId: existing.id,
      orgId: existing.orgId,
      oldValue: { moduleId: mod.id, orgId: existing.orgId, rating: existing.rating, title: existing.title, body: existing.body },
      newValue: { ratingAverage: summary.ratingAverage, ratingCount: summary.ratingCount },
    });
    return { deletedReviewId: existing.id, module: summary };
  });
}
