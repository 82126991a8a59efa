import { Prisma, type PayoutStatus, type VendorPayout } from '@wk/db';
import { salesSql } from './sales.sql';
import { computePayout, formatMoney, isDomainError, monthPeriod, toAmount, type MonthPeriod, type PayoutSale } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { requirePlatformAdmin } from '../../core/access';
import { notFound, UserError } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { notify, platformAdminRecipients, type Recipient } from '../notifications';
import { requireVendorMember } from '../vendors';
import { PayoutErrorCode } from './payout.errors';

type Tx = Prisma.TransactionClient;

/** The last instant of a month, as the seed stores payout periods (2025-01-31 23:59:59). */
const periodEndInclusive = (p: MonthPeriod) => new Date(p.end.getTime() - 1000);

interface SaleRow {
  vendor_id: number;
  currency: string;
  subtotal: string;
  commission: string;
  vendor_amount: string;
  /** sale: a purchase or renewal; refund: a credit note's adjustment (negative). */
  kind: 'sale' | 'refund';
}

/** Every vendor's sales (salesSql) counted in the payout month [start, end); refunds by their payout period. */
async function salesInPeriod(tx: Tx, start: Date, end: Date): Promise<SaleRow[]> {
  return tx.$queryRaw<SaleRow[]>`
    SELECT s.vendor_id, s.currency, s.gross::text AS subtotal, s.commission::text AS commission, s.net::text AS vendor_amount,
           CASE WHEN s.kind = 'refund' THEN 'refund' ELSE 'sale' END AS kind
    FROM (${salesSql(null)}) s
    WHERE s.period_at >= ${start} AND s.period_at < ${end}`;
}

export interface GenerateResult {
  period: MonthPeriod;
  created: VendorPayout[];
  updated: VendorPayout[];
  /** Paid payouts are never recomputed. */
  unchangedPaid: VendorPayout[];
}

/**
 * Builds the payouts of a month: one row per vendor and currency with sales (total sales,
 * commission, payout = vendor amounts, via @wk/domain computePayout). Idempotent and safe with
 * concurrent runs: a transaction-scoped advisory lock per month serializes generation, rows are
 * unique per (vendor, period start, currency), pending rows are refreshed, paid rows never change.
 */
export async function generatePayouts(ctx: Context, year: number, month: number): Promise<GenerateResult> {
  const period = monthPeriod(year, month);
  return ctx.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`wk:payouts:${year}-${month}`}))) AS l`;
      const rows = await salesInPeriod(tx, period.start, period.end);
      // Refund adjustments are negative lines: they lower the totals but are not sales.
      const groups = new Map<string, { vendorId: number; currency: string; sales: PayoutSale[]; refunds: number }>();
      for (const r of rows) {
        const k = `${r.vendor_id}:${r.currency}`;
        const g = groups.get(k) ?? { vendorId: r.vendor_id, currency: r.currency, sales: [], refunds: 0 };
        g.sales.push({ subtotal: toAmount(r.subtotal), commission: toAmount(r.commission), vendorAmount: toAmount(r.vendor_amount) });
        if (r.kind === 'refund') g.refunds++;
        groups.set(k, g);
      }
      const result: GenerateResult = { period, created: [], updated: [], unchangedPaid: [] };
      for (const g of [...groups.values()].sort((a, b) => a.vendorId - b.vendorId || a.currency.localeCompare(b.currency))) {
        const totals = computePayout(g.sales);
        const data = {
          salesCount: totals.salesCount - g.refunds,
          totalSales: totals.totalSales,
          commissionAmount: totals.commissionAmount,
          payoutAmount: totals.payoutAmount,
        };
        const existing = await tx.vendorPayout.findUnique({
          where: { vendorId_periodStart_currency: { vendorId: g.vendorId, periodStart: period.start, currency: g.currency } },
        });
        if (!existing) {
          result.created.push(
            await tx.vendorPayout.create({
              data: {
                vendorId: g.vendorId,
                periodStart: period.start,
                periodEnd: periodEndInclusive(period),
                currency: g.currency,
                ...data,
                status: 'pending',
                createdAt: ctx.clock.now(),
              },
            }),
          );
        } else if (existing.status === 'paid') {
          result.unchangedPaid.push(existing);
        } else if (
          existing.salesCount !== data.salesCount ||
          toAmount(existing.totalSales) !== data.totalSales ||
          toAmount(existing.commissionAmount) !== data.commissionAmount ||
          toAmount(existing.payoutAmount) !== data.payoutAmount
        ) {
          result.updated.push(await tx.vendorPayout.update({ where: { id: existing.id }, data }));
        }
      }
      if (result.created.length || result.updated.length) {
        await audit(tx, ctx, {
          action: 'generate',
          entityType: 'vendor_payout',
          newValue: {
            period: `${year}-${String(month).padStart(2, '0')}`,
            created: result.created.map((p) => ({
              id: p.id,
              vendorId: p.vendorId,
              payout: toAmount(p.payoutAmount),
              currency: p.currency,
            })),
            updated: result.updated.map((p) => ({
              id: p.id,
              vendorId: p.vendorId,
              payout: toAmount(p.payoutAmount),
              currency: p.currency,
            })),
          },
        });
      }
      return result;
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}

export type GenerateOutcome = { ok: true; result: GenerateResult } | { ok: false; errors: UserError[] };

/** Admin: generate (or refresh) the payouts of a month that has ended. */
export async function adminGeneratePayouts(ctx: Context, year: number, month: number): Promise<GenerateOutcome> {
  requirePlatformAdmin(ctx);
  let period: MonthPeriod;
  try {
    period = monthPeriod(year, month);
  } catch (e) {
    if (isDomainError(e)) return { ok: false, errors: [new UserError(PayoutErrorCode.INVALID_PERIOD, e.message, e.field ?? 'month')] };
    throw e;
  }
  if (period.end.getTime() > ctx.clock.now().getTime()) {
    return {
      ok: false,
      errors: [new UserError(PayoutErrorCode.PERIOD_NOT_ENDED, 'Payouts are generated once the month has ended.', 'month')],
    };
  }
  return { ok: true, result: await generatePayouts(ctx, year, month) };
}

/** Who hears about a vendor's payouts: its owner, its org's admins, or platform admins for official vendors. */
export async function vendorRecipients(tx: Tx, vendorId: number): Promise<Recipient[]> {
  const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: vendorId } });
  const ids = new Set<number>();
  if (vendor.userId) ids.add(vendor.userId);
  if (vendor.orgId) {
    const admins = await tx.membership.findMany({ where: { orgId: vendor.orgId, role: 'admin' }, select: { userId: true } });
    admins.forEach((a) => ids.add(a.userId));
  }
  if (vendor.isOfficial) (await platformAdminRecipients(tx)).forEach((r) => 'userId' in r && ids.add(r.userId));
  return [...ids].map((userId) => ({ userId }));
}

export type PayoutResult = { payout: VendorPayout | null; errors: UserError[] };

/** Admin: marks a pending payout paid with the bank/transfer reference and notifies the vendor. */
export async function markPayoutPaid(ctx: Context, input: { payoutId: number; paymentReference: string }): Promise<PayoutResult> {
  const admin = requirePlatformAdmin(ctx);
  const reference = input.paymentReference.trim();
  if (reference.length < 3) {
    return {
      payout: null,
      errors: [
        new UserError(PayoutErrorCode.REFERENCE_REQUIRED, 'Enter the payment reference (at least 3 characters).', 'paymentReference'),
      ],
    };
  }
  const payout = await ctx.prisma.vendorPayout.findUnique({ where: { id: input.payoutId } });
  if (!payout) throw notFound('Payout');
  if (payout.status === 'paid') {
    return {
      payout: null,
      errors: [
        new UserError(
          PayoutErrorCode.PAYOUT_ALREADY_PAID,
          `This payout was already paid (${payout.paymentReference ?? 'no reference'}).`,
          'payoutId',
        ),
      ],
    };
  }
  const now = ctx.clock.now();
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const res = await tx.vendorPayout.updateMany({
      where: { id: payout.id, status: 'pending' },
      data: { status: 'paid', paidAt: now, paymentReference: reference, paidById: admin.id },
    });
    if (res.count !== 1) return null;
    await audit(tx, ctx, {
      action: 'mark_paid',
      entityType: 'vendor_payout',
      entityId: payout.id,
      oldValue: { status: 'pending' },
      newValue: { status: 'paid', paymentReference: reference, payout: toAmount(payout.payoutAmount), currency: payout.currency },
    });
    const month = payout.periodStart.toISOString().slice(0, 7);
    await notify(tx, await vendorRecipients(tx, payout.vendorId), {
      type: 'payout_paid',
      title: `Payout for ${month} paid`,
      message: `${formatMoney({ amount: toAmount(payout.payoutAmount), currency: payout.currency })} for ${payout.salesCount} sale(s) in ${month} was paid (reference ${reference}).`,
      relatedEntityType: 'payout',
      relatedEntityId: payout.id,
      at: now,
    });
    return tx.vendorPayout.findUniqueOrThrow({ where: { id: payout.id } });
  });
  if (!updated)
    return { payout: null, errors: [new UserError(PayoutErrorCode.PAYOUT_ALREADY_PAID, 'This payout was already paid.', 'payoutId')] };
  return { payout: updated, errors: [] };
}

export interface PayoutFilter {
  status?: PayoutStatus | null;
  vendorId?: number | null;
  year?: number | null;
  month?: number | null;
}

async function pageOfPayouts(
  ctx: Context,
  where: Prisma.VendorPayoutWhereInput,
  first: number,
  after?: string | null,
): Promise<Connection<VendorPayout>> {
  const cursor = decodeCursor(after, 2);
  const page: Prisma.VendorPayoutWhereInput = cursor
    ? {
        AND: [
          where,
          {
            OR: [
              { periodStart: { lt: new Date(String(cursor[0])) } },
              { periodStart: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } },
            ],
          },
        ],
      }
    : where;
  const [rows, total] = await Promise.all([
    ctx.prisma.vendorPayout.findMany({ where: page, orderBy: [{ periodStart: 'desc' }, { id: 'desc' }], take: first + 1 }),
    ctx.prisma.vendorPayout.count({ where }),
  ]);
  return toConnection(rows, first, total, (p) => [p.periodStart.toISOString(), p.id], cursor !== null);
}

/** Admin: every payout, newest period first. */
export async function adminPayouts(ctx: Context, filter: PayoutFilter | null | undefined, first: number, after?: string | null) {
  requirePlatformAdmin(ctx);
  const where: Prisma.VendorPayoutWhereInput = {
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.vendorId ? { vendorId: filter.vendorId } : {}),
  };
  if (filter?.year && filter?.month) {
    try {
      where.periodStart = monthPeriod(filter.year, filter.month).start;
    } catch {
      return toConnection([], first, 0, () => [], false);
    }
  }
  return pageOfPayouts(ctx, where, first, after);
}

/** A vendor's own payouts (vendor members only; another vendor's → NOT_FOUND). */
export async function vendorPayouts(ctx: Context, vendorId: number, first: number, after?: string | null) {
  await requireVendorMember(ctx, vendorId);
  return pageOfPayouts(ctx, { vendorId }, first, after);
}

// ───────────────────────────────────────────────────────────── vendor sales

/** A vendor's sales (salesSql) as the sales table and the CSV export list them (module, plan and buyer names). */
function salesRowsSql(vendorId: number) {
  return Prisma.sql`
    SELECT s.kind, s.id, s.at, s.module_id, COALESCE(m.name, '') AS module_name,
           CASE WHEN s.kind = 'refund' THEN 'Refund ' || c.number ELSE COALESCE(pp.name, '') END AS plan_name,
           o.name AS buyer_org_name, s.currency, s.gross::text AS gross, s.commission::text AS commission, s.net::text AS net
    FROM (${salesSql(vendorId)}) s
    LEFT JOIN modules m ON m.id = s.module_id
    LEFT JOIN module_pricing_plans pp ON pp.id = s.plan_id
    LEFT JOIN credit_note_lines cnl ON s.kind = 'refund' AND cnl.id = s.id
    LEFT JOIN credit_notes c ON c.id = cnl.credit_note_id
    JOIN organizations o ON o.id = s.org_id`;
}

export interface VendorSaleRow {
  kind: 'purchase' | 'renewal' | 'refund';
  id: number;
  at: Date;
  module_id: number;
  module_name: string;
  plan_name: string;
  buyer_org_name: string;
  currency: string;
  gross: string;
  commission: string;
  net: string;
}

/**
 * A vendor's sales (purchases and charged renewals of its modules), newest first, keyset on
 * (date, kind, id). Buyers appear by organization name only.
 */
export async function vendorSales(
  ctx: Context,
  vendorId: number,
  first: number,
  after?: string | null,
  filter?: { moduleId?: number | null } | null,
): Promise<Connection<VendorSaleRow>> {
  await requireVendorMember(ctx, vendorId);
  const cursor = decodeCursor(after, 3);
  const cAt = cursor ? new Date(String(cursor[0])) : null;
  const cKind = cursor ? String(cursor[1]) : null;
  const cId = cursor ? Number(cursor[2]) : null;
  const moduleId = filter?.moduleId ?? null;
  const rows = await ctx.prisma.$queryRaw<VendorSaleRow[]>`
    WITH sales AS (${salesRowsSql(vendorId)})
    SELECT * FROM sales
    WHERE (${moduleId}::int IS NULL OR module_id = ${moduleId}::int)
      AND (${cAt}::timestamp IS NULL OR (at, kind, id) < (${cAt}::timestamp, ${cKind}::text, ${cId}::int))
    ORDER BY at DESC, kind DESC, id DESC
    LIMIT ${first + 1}`;
  const [{ count }] = await ctx.prisma.$queryRaw<{ count: number }[]>`
    SELECT COUNT(*)::int AS count FROM (${salesSql(vendorId)}) s WHERE (${moduleId}::int IS NULL OR s.module_id = ${moduleId}::int)`;
  return toConnection(rows, first, count, (r) => [r.at.toISOString(), r.kind, r.id], cursor !== null);
}

export interface RevenueMonth {
  month: string;
  currency: string;
  salesCount: number;
  gross: string;
  commission: string;
  net: string;
}

/**
 * Monthly revenue of a vendor for the last `months` months up to now (zero months included), per
 * currency: gross (subtotals), platform commission, net (vendor amounts). Sums are exact (SQL
 * numeric), rendered with two decimals.
 */
export async function vendorRevenue(ctx: Context, vendorId: number, months: number): Promise<RevenueMonth[]> {
  await requireVendorMember(ctx, vendorId);
  const now = ctx.clock.now();
  const n = Math.min(Math.max(Math.trunc(months), 1), 36);
  const firstMonth = monthPeriod(now.getUTCFullYear(), now.getUTCMonth() + 1);
  const startIndex = firstMonth.year * 12 + (firstMonth.month - 1) - (n - 1);
  const start = monthPeriod(Math.floor(startIndex / 12), (startIndex % 12) + 1).start;
  const rows = await ctx.prisma.$queryRaw<
    { month: string; currency: string; sales: number; gross: string; commission: string; net: string }[]
  >`
    SELECT to_char(date_trunc('month', s.at), 'YYYY-MM') AS month, s.currency, COUNT(*)::int AS sales,
           SUM(s.gross)::text AS gross, SUM(s.commission)::text AS commission, SUM(s.net)::text AS net
    FROM (${salesSql(vendorId)}) s WHERE s.at >= ${start}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  const currencies = [...new Set(rows.map((r) => r.currency))];
  if (currencies.length === 0) currencies.push('USD');
  const out: RevenueMonth[] = [];
  for (let i = 0; i < n; i++) {
    const idx = startIndex + i;
    const label = `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
    for (const currency of currencies) {
      const r = rows.find((x) => x.month === label && x.currency === currency);
      out.push({
        month: label,
        currency,
        salesCount: r?.sales ?? 0,
        gross: toAmount(r?.gross ?? '0'),
        commission: toAmount(r?.commission ?? '0'),
        net: toAmount(r?.net ?? '0'),
      });
    }
  }
  return out;
}

// ───────────────────────────────────────────────────────────── sales export

export interface ExportSaleRow extends VendorSaleRow {
  currency: string;
}

/**
 * Every sale of a vendor in [from, to) — purchases and charged renewals, oldest first — fetched in
 * keyset batches so that an export of any range streams in constant memory. The caller has
 * checked vendor membership.
 */
export async function* salesForExport(ctx: Context, vendorId: number, from: Date, to: Date, batch = 500): AsyncGenerator<ExportSaleRow> {
  let cAt: Date | null = null;
  let cKind: string | null = null;
  let cId: number | null = null;
  for (;;) {
    const rows: ExportSaleRow[] = await ctx.prisma.$queryRaw<ExportSaleRow[]>`
      WITH sales AS (${salesRowsSql(vendorId)})
      SELECT * FROM sales
      WHERE at >= ${from} AND at < ${to}
        AND (${cAt}::timestamp IS NULL OR (at, kind, id) > (${cAt}::timestamp, ${cKind}::text, ${cId}::int))
      ORDER BY at, kind, id
      LIMIT ${batch}`;
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    [cAt, cKind, cId] = [last.at, last.kind, last.id];
  }
}

/** Every payout of the period starting at `periodStart`, by vendor then currency (after generating them). */
export async function payoutsOfPeriod(ctx: Context, periodStart: Date): Promise<VendorPayout[]> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.vendorPayout.findMany({ where: { periodStart }, orderBy: [{ vendorId: 'asc' }, { currency: 'asc' }] });
}
