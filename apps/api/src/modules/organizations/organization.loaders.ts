import DataLoader from 'dataloader';
import type { Context } from '../../core/context';

/** Number of members per organization, batched (one GROUP BY for every org in the request). */
export const memberCountByOrg = (ctx: Context) =>
  ctx.loaders.lazy(
    'organizations.memberCount',
    () =>
      new DataLoader<number, number>(async (ids) => {
        const rows = await ctx.prisma.membership.groupBy({ by: ['orgId'], where: { orgId: { in: [...ids] } }, _count: { _all: true } });
        const map = new Map(rows.map((r) => [r.orgId, r._count._all]));
        return ids.map((id) => map.get(id) ?? 0);
      }),
  );
