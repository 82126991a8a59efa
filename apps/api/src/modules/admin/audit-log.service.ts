/** Audit log search for platform admins: newest first, filtered by actor, org, action, entity and dates. */
import type { Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import { requirePlatformAdmin } from '../../core/access';
import { decodeCursor, toConnection } from '../../core/pagination';
import { clean } from '../publishing/payload';

export async function searchAuditLog(
  ctx: Context,
  args: {
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
  },
) {
  requirePlatformAdmin(ctx);
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
