import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Vendor, VendorPayout as DbPayout } from '@wk/db';
import { toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { money } from '../../core/scalars';
import type { Connection } from '../../core/pagination';
import {
  AdminPayoutsArgs,
  PayoutMarkPaidInput,
  PayoutMarkPaidPayload,
  PayoutsGenerateInput,
  PayoutsGeneratePayload,
  VendorPayout,
  VendorPayoutConnection,
  VendorPayoutsArgs,
  VendorRevenueMonth,
  VendorAnalytics,
  VendorSale,
  VendorSaleConnection,
  VendorSalesArgs,
} from './payout.types';
import * as payouts from './payout.service';
import { vendorAnalytics } from './analytics.service';

async function toPayouts(ctx: Context, rows: DbPayout[]): Promise<VendorPayout[]> {
  const vendors = await Promise.all(rows.map((r) => ctx.loaders.vendor.load(r.vendorId)));
  return rows.map((p, i) => toPayout(p, vendors[i] ?? null));
}

function toPayout(p: DbPayout, vendor: Vendor | null): VendorPayout {
  return {
    id: p.id,
    vendorId: p.vendorId,
    vendorName: vendor?.name ?? `Vendor ${p.vendorId}`,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    month: p.periodStart.toISOString().slice(0, 7),
    currency: p.currency,
    salesCount: p.salesCount,
    totalSales: money(toAmount(p.totalSales), p.currency),
    commission: money(toAmount(p.commissionAmount), p.currency),
    payout: money(toAmount(p.payoutAmount), p.currency),
    status: p.status,
    paidAt: p.paidAt,
    paymentReference: p.paymentReference,
    createdAt: p.createdAt,
  };
}

async function mapConnection(ctx: Context, c: Connection<DbPayout>): Promise<Connection<VendorPayout>> {
  const nodes = await toPayouts(
    ctx,
    c.edges.map((e) => e.node),
  );
  return { ...c, edges: c.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i]! })) };
}

@Resolver(() => VendorPayout)
export class PayoutResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => VendorPayoutConnection, { description: 'All vendor payouts (platform admins), newest period first.' })
  async adminPayouts(@Args(() => AdminPayoutsArgs) args: AdminPayoutsArgs, @Ctx() ctx: Context): Promise<Connection<VendorPayout>> {
    return mapConnection(ctx, await payouts.adminPayouts(ctx, args.filter, args.first, args.after));
  }

  @Authorized()
  @Query(() => VendorPayoutConnection, { description: "A vendor's own payouts (vendor members)." })
  async vendorPayouts(@Args(() => VendorPayoutsArgs) args: VendorPayoutsArgs, @Ctx() ctx: Context): Promise<Connection<VendorPayout>> {
    return mapConnection(ctx, await payouts.vendorPayouts(ctx, args.vendorId, args.first, args.after));
  }

  @Authorized()
  @Query(() => VendorSaleConnection, { description: "A vendor's sales (vendor members), newest first." })
  async vendorSales(@Args(() => VendorSalesArgs) args: VendorSalesArgs, @Ctx() ctx: Context): Promise<Connection<VendorSale>> {
    const c = await payouts.vendorSales(ctx, args.vendorId, args.first, args.after, { moduleId: args.moduleId });
    return {
      ...c,
      edges: c.edges.map((e) => ({
        cursor: e.cursor,
        node: {
          kind: e.node.kind,
          id: `${e.node.kind}:${e.node.id}`,
          recordId: e.node.id,
          soldAt: e.node.at,
          moduleId: e.node.module_id,
          moduleName: e.node.module_name,
          planName: e.node.plan_name,
          buyerName: e.node.buyer_org_name,
          gross: money(toAmount(e.node.gross), e.node.currency),
          commission: money(toAmount(e.node.commission), e.node.currency),
          net: money(toAmount(e.node.net), e.node.currency),
        },
      })),
    };
  }

  @Authorized()
  @Query(() => [VendorRevenueMonth], {
    description: 'Monthly revenue of a vendor (gross, commission, net), oldest month first; zero months included.',
  })
  async vendorRevenue(
    @Arg('vendorId', () => Int) vendorId: number,
    @Arg('months', () => Int, { defaultValue: 12 }) months: number,
    @Ctx() ctx: Context,
  ): Promise<VendorRevenueMonth[]> {
    const rows = await payouts.vendorRevenue(ctx, vendorId, months);
    return rows.map((r) => ({
      month: r.month,
      currency: r.currency,
      salesCount: r.salesCount,
      gross: money(r.gross, r.currency),
      commission: money(r.commission, r.currency),
      net: money(r.net, r.currency),
    }));
  }

  @Authorized()
  @Query(() => VendorAnalytics, {
    description: 'Revenue by month (new, renewal, refund), MRR, churn and trials per plan of a vendor (vendor members).',
  })
  async vendorAnalytics(
    @Arg('vendorId', () => Int) vendorId: number,
    @Arg('months', () => Int, { defaultValue: 12 }) months: number,
    @Ctx() ctx: Context,
  ): Promise<VendorAnalytics> {
    const a = await vendorAnalytics(ctx, vendorId, months);
    return {
      months: a.months,
      revenue: a.revenue.map((r) => ({
        month: r.month,
        currency: r.currency,
        newRevenue: money(r.newRevenue, r.currency),
        renewal: money(r.renewal, r.currency),
        refund: money(r.refund, r.currency),
        total: money(r.total, r.currency),
      })),
      mrr: a.mrr.map((m) => ({ month: m.month, currency: m.currency, mrr: money(m.mrr, m.currency), subscriptions: m.subscriptions })),
      churn: a.churn,
      trials: a.trials,
    };
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => PayoutsGeneratePayload, {
    description: 'Generate (or refresh pending) payouts of an ended month (platform admins). Idempotent.',
  })
  async payoutsGenerate(
    @Arg('input', () => PayoutsGenerateInput) input: PayoutsGenerateInput,
    @Ctx() ctx: Context,
  ): Promise<PayoutsGeneratePayload> {
    const r = await payouts.adminGeneratePayouts(ctx, input.year, input.month);
    if (!r.ok) return { payouts: [], createdCount: 0, updatedCount: 0, errors: r.errors };
    const all = await payouts.payoutsOfPeriod(ctx, r.result.period.start);
    return { payouts: await toPayouts(ctx, all), createdCount: r.result.created.length, updatedCount: r.result.updated.length, errors: [] };
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => PayoutMarkPaidPayload, {
    description: 'Mark a pending payout paid with its payment reference (platform admins); notifies the vendor.',
  })
  async payoutMarkPaid(
    @Arg('input', () => PayoutMarkPaidInput) input: PayoutMarkPaidInput,
    @Ctx() ctx: Context,
  ): Promise<PayoutMarkPaidPayload> {
    const r = await payouts.markPayoutPaid(ctx, input);
    return { payout: r.payout ? (await toPayouts(ctx, [r.payout]))[0]! : null, errors: r.errors };
  }
}
