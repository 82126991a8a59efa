import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { money } from '../../core/scalars';
import { VendorDashboard } from './vendor-dashboard.types';
import { vendorDashboard } from './vendor-dashboard.service';

@Resolver()
export class VendorPortalResolver {
  @Authorized()
  @Query(() => VendorDashboard, {
    description: "The vendor portal's home figures (vendor members; another vendor's → NOT_FOUND).",
  })
  async vendorDashboard(@Arg('vendorId', () => Int) vendorId: number, @Ctx() ctx: Context): Promise<VendorDashboard> {
    const d = await vendorDashboard(ctx, vendorId);
    return {
      ...d,
      revenue: d.revenue.map((r) => ({
        currency: r.currency,
        grossThisMonth: money(r.grossThisMonth, r.currency),
        grossLastMonth: money(r.grossLastMonth, r.currency),
        netThisMonth: money(r.netThisMonth, r.currency),
        netLastMonth: money(r.netLastMonth, r.currency),
        salesThisMonth: r.salesThisMonth,
        salesLastMonth: r.salesLastMonth,
        mrr: money(r.mrr, r.currency),
      })),
    };
  }
}
