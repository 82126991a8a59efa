import type { Context } from '../../core/context';
import { groupedBy } from '../../core/loaders';
import { promotionSales } from './promotion.service';

/** Per-request loaders of the promotions domain. */
export const promotionLoaders = (ctx: Context) => ({
  salesByPromotion: ctx.loaders.lazy('promotions.salesByPromotion', () =>
    groupedBy(
      (ids: number[]) => promotionSales(ctx.prisma, ids),
      (r) => r.promotion_id,
    ),
  ),
});
