import type { Context } from '../../core/context';
import { groupedBy } from '../../core/loaders';

/** DataLoaders of the price-changes domain (one SQL statement per batch). */
export const priceChangeLoaders = (ctx: Context) => ({
  byPlan: ctx.loaders.lazy('price.byPlan', () =>
    groupedBy(
      (ids: number[]) =>
        ctx.prisma.planPriceChange.findMany({ where: { planId: { in: ids } }, orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] }),
      (r) => r.planId,
    ),
  ),
});
