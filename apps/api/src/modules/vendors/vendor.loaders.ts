import type { Context } from '../../core/context';
import { byId, groupedBy } from '../../core/loaders';

/** Per-request loaders of the vendors domain (created lazily on first use). */
export const vendorLoaders = (ctx: Context) => ({
  commissionHistory: ctx.loaders.lazy('vendors.commissionHistory', () =>
    groupedBy(
      (ids: number[]) =>
        ctx.prisma.commissionHistory.findMany({
          where: { vendorId: { in: ids } },
          orderBy: [{ effectiveFrom: 'desc' }, { id: 'desc' }],
          include: { changedBy: { select: { name: true } } },
        }),
      (h) => h.vendorId,
    ),
  ),
  moduleCount: ctx.loaders.lazy('vendors.moduleCount', () =>
    byId(async (ids: number[]) => {
      const rows = await ctx.prisma.module.groupBy({ by: ['vendorId'], where: { vendorId: { in: ids } }, _count: { _all: true } });
      return rows.map((r) => ({ id: r.vendorId, count: r._count._all }));
    }),
  ),
});
