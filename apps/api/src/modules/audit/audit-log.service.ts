/**
 * Audit log search: platform admins search every row; org admins search their organization's
 * rows (same filters, the org fixed). Newest first, filtered by actor, action, entity and dates.
 */
import type { Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import { isPlatformAdmin, membershipOf, requirePlatformAdmin, requireUser } from '../../core/access';
import { forbidden, notFound } from '../../core/errors';
import { decodeCursor, toConnection } from '../../core/pagination';
import { clean } from '../publishing';

interface AuditSearchArgs {
  first: number;
  after?: string | null;
  filter?: {
    userId?: number | null;
    userEmail?: string | null;
    orgId?: number | null;
    action?: string | null;
    entityType?: string | null;
    entityId?: string | null;
    from?: Date | null;
    to?: Date | null;
  } | null;
}

export async function searchAuditLog(ctx: Context, args: AuditSearchArgs) {
  requirePlatformAdmin(ctx);
  return auditPage(ctx, args);
}

/**
 * An organization's audit log, for its admins (role admin) and platform admins. Non-members get
 * NOT_FOUND, members who are not admins FORBIDDEN. Rows of other orgs never appear, whatever the filter.
 */
export async function requireOrgAuditAccess(ctx: Context, orgId: number) {
  requireUser(ctx);
  const m = await membershipOf(ctx, orgId);
  if (!m) {
    if (isPlatformAdmin(ctx)) return;
    throw notFound('Organization');
  }
  if (m.role !== 'admin') throw forbidden('Only the organization’s admins can see its audit log.');
}

export async function searchOrgAuditLog(ctx: Context, orgId: number, args: AuditSearchArgs) {
  await requireOrgAuditAccess(ctx, orgId);
  return auditPage(ctx, { ...args, filter: { ...(args.filter ?? {}), orgId } });
}

/** The action and entity types present in an org's rows. */
export async function orgAuditFacets(ctx: Context, orgId: number): Promise<{ actions: string[]; entityTypes: string[] }> {
  await requireOrgAuditAccess(ctx, orgId);
  const [a, e] = await Promise.all([
    ctx.prisma.auditLog.findMany({
      where: { orgId },
      distinct: ['actionType'],
      select: { actionType: true },
      orderBy: { actionType: 'asc' },
    }),
    ctx.prisma.auditLog.findMany({
      where: { orgId },
      distinct: ['entityType'],
      select: { entityType: true },
      orderBy: { entityType: 'asc' },
    }),
  ]);
  return { actions: a.map((x) => x.actionType), entityTypes: e.map((x) => x.entityType) };
}

async function auditPage(ctx: Context, args: AuditSearchArgs) {
  const f = args.filter ?? {};
  const email = clean(f.userEmail)?.toLowerCase();
  const where: Prisma.AuditLogWhereInput = {
    ...(f.userId ? { userId: f.userId } : {}),
    ...(email ? { user: { email } } : {}),
    ...(f.orgId ? { orgId: f.orgId } : {}),
    ...(clean(f.action) ? { actionType: clean(f.action)! } : {}),
    ...(clean(f.entityType) ? { entityType: clean(f.entityType)! } : {}),
    ...(clean(f.entityId) ? { entityId: clean(f.entityId)! } : {}),
    ...(f.from || f.to ? { performedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
  const cursor = decodeCursor(args.after, 2);
  const after: Prisma.AuditLogWhereInput = cursor
    ? {
        OR: [
          { performedAt: { lt: new Date(String(cursor[0])) } },
          { performedAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    ctx.prisma.auditLog.findMany({
      where: { AND: [where, after] },
      orderBy: [{ performedAt: 'desc' }, { id: 'desc' }],
      take: args.first + 1,
    }),
    ctx.prisma.auditLog.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.performedAt.toISOString(), r.id], !!cursor);
}

/** Distinct action and entity types, for the search form's pickers. */
export async function auditFacets(ctx: Context): Promise<{ actions: string[]; entityTypes: string[] }> {
  requirePlatformAdmin(ctx);
  const [a, e] = await Promise.all([
    ctx.prisma.auditLog.findMany({ distinct: ['actionType'], select: { actionType: true }, orderBy: { actionType: 'asc' } }),
    ctx.prisma.auditLog.findMany({ distinct: ['entityType'], select: { entityType: true }, orderBy: { entityType: 'asc' } }),
  ]);
  return { actions: a.map((x) => x.actionType), entityTypes: e.map((x) => x.entityType) };
}
