import type { CreditNote, License, Module, Payment, Prisma, Purchase } from '@wk/db';
import {
  addAmounts,
  formatCreditNoteNumber,
  formatMoney,
  isDomainError,
  monthPeriod,
  splitRefund,
  subAmounts,
  sumAmounts,
  toAmount,
  compareAmounts,
  type RefundSplit,
} from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { requirePlatformAdmin, requireUser } from '../../core/access';
import { notFound, UserError } from '../../core/errors';
import { notify } from '../notifications';
import { paymentsOf } from '../payments';
import { changeLicenseStatus, licenseRecipients } from '../licenses';
import { generatePayouts, vendorRecipients } from '../payouts';
import { requireReceiptAccess } from '../receipts';
import { RefundErrorCode as E } from './refund.errors';

type Tx = Prisma.TransactionClient;

/**
 * The next credit note number of the year of `at`: `CN-<year>-<6 digits>`, gapless per year. A
 * transaction-scoped advisory lock per year serializes numbering; a rolled-back refund leaves no gap.
 */
export async function nextCreditNoteNumber(tx: Tx, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`wk:credit-note-number:${year}`}))) AS l`;
  const rows = await tx.$queryRaw<{ seq: number }[]>`
    SELECT COALESCE(MAX(CAST(split_part(number, '-', 3) AS integer)), 0)::integer AS seq
    FROM credit_notes WHERE number ~ ${`^CN-${year}-[0-9]+$`}`;
  return formatCreditNoteNumber(year, Number(rows[0]?.seq ?? 0) + 1);
}

const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

export type RefundResult = { creditNote: CreditNote | null; errors: UserError[] };
const fail = (code: string, message: string, field: string): RefundResult => ({
  creditNote: null,
  errors: [new UserError(code, message, field)],
});

/** A refund request for one line of a cart's receipt: the line's purchase, and an amount (null: all that is left on it). */
export interface RefundLineRequest {
  purchaseId: number;
  amount?: string | null;
}

/** One line of a receipt as a sale that can be refunded (a cart line, or a receipt's one purchase or renewal). */
interface SaleLine {
  purchaseId: number | null;
  licenseId: number | null;
  vendorId: number;
  moduleName: string;
  description: string;
  total: string;
  commission: string;
  vendorAmount: string;
  at: Date;
  refundedBefore: string;
}

/** What one credit note line gives back: the sale line and the exact split (@wk/domain splitRefund). */
interface PlannedLine {
  sale: SaleLine;
  split: RefundSplit;
  payoutPeriodStart: Date;
}

/**
 * adminRefundCreate (platform admins): refunds a receipt (purchase, upgrade, renewal charge or a
 * dependency cart) in full or in part through the provider's refund, in one transaction that locks
 * the receipt row (concurrent refunds of one receipt queue on it, so they never exceed the payment):
 * - a gapless credit note `CN-<year>-<6 digits>` for the amount, with one line per refunded receipt
 *   line (a cart's receipt: each module bought; any other receipt: its one sale);
 * - a cart's receipt is refunded per line (`lines`: the line's purchase, and an amount or nothing
 *   for all that is left on it): never more than a line's total, nor than the payment in all, and
 *   one provider refund of the sum against the cart's one payment;
 * - the vendor's share and the commission of each line are taken back in proportion (@wk/domain
 *   splitRefund, exact: partial refunds add up to a full one); each adjustment goes to the payout of
 *   the sale's month of that line's vendor, or — when that month was already paid out — to the next
 *   payout (the current month) as a negative line;
 * - a line refunded in full revokes its license (status history, audit) and marks its purchase
 *   refunded;
 * - an audit row, and notifications to the org's license managers and to each vendor concerned.
 * The provider refund carries an idempotency key per receipt and refunded-so-far, so a retry after
 * a failed commit never refunds twice.
 */
export async function refundReceipt(
  ctx: Context,
  input: { invoiceId: number; amount?: string | null; reason: string; lines?: readonly RefundLineRequest[] | null },
): Promise<RefundResult> {
  const admin = requirePlatformAdmin(ctx);
  const reason = input.reason.trim();
  if (reason.length < 3) return fail(E.REASON_REQUIRED, 'Give the reason for the refund (at least 3 characters).', 'reason');
  const provider = paymentsOf(ctx.services);
  const now = ctx.clock.now();
  const regenerate = new Set<number>();

  const outcome = await ctx.prisma.$transaction(
    async (tx): Promise<RefundResult> => {
      const receipt = await lockRefundableReceipt(tx, input.invoiceId);
      if ('errors' in receipt) return receipt;
      const { invoice, charge, total, before, left } = receipt;
      const plan = await planRefund(tx, receipt, input);
      if ('errors' in plan) return plan;
      const amount = sumAmounts(plan.planned.map((l) => l.split.amount));
      // Never more than the payment in all (the lines' totals add up to the receipt's; checked anyway).
      if (compareAmounts(amount, left) > 0)
        return fail(E.REFUND_AMOUNT_INVALID, `At most ${left} is left to refund on receipt ${invoice.number}.`, 'lines');
      const lines = await assignPayoutPeriods(tx, plan.planned, invoice.currency, now, regenerate);

      const { refundId } = await provider.refund(charge.providerChargeId!, {
        amount,
        idempotencyKey: `refund-${invoice.id}-${before}-${amount}`,
      });
      const number = await nextCreditNoteNumber(tx, now);
      const isFull = compareAmounts(addAmounts(before, amount), total) === 0;
      const refund: IssuedRefund = { invoice, lines, number, amount, isFull, reason, refundId, now };
      const note = await writeCreditNote(tx, refund, admin.id);
      const revoked = await revokeRefundedLines(tx, ctx, refund);
      await auditRefund(tx, ctx, refund, note, revoked);
      await notifyRefund(tx, refund, revoked);
      return { creditNote: note, errors: [] };
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
  // A pending payout of a sale's month is refreshed at once (paid ones never change).
  if (outcome.creditNote) {
    for (const t of [...regenerate].sort()) {
      const month = new Date(t);
      if (t < monthStart(now).getTime()) await generatePayouts(ctx, month.getUTCFullYear(), month.getUTCMonth() + 1);
    }
  }
  return outcome;
}

const refundableInclude = {
  purchase: { include: { payments: true, module: true, licenses: true } },
  renewal: { include: { payments: true, license: { include: { module: true } } } },
  creditNotes: true,
} satisfies Prisma.InvoiceInclude;

/** A receipt with a captured charge and something left to refund, its row locked for the transaction. */
interface RefundableReceipt {
  invoice: Prisma.InvoiceGetPayload<{ include: typeof refundableInclude }>;
  charge: Payment;
  module: Module;
  total: string;
  /** What credit notes already gave back. */
  before: string;
  left: string;
}

/**
 * Locks the receipt row (concurrent refunds of one receipt queue on it) and loads it: NOT_FOUND
 * without it, NOT_REFUNDABLE without a captured charge, ALREADY_REFUNDED when nothing is left.
 */
async function lockRefundableReceipt(tx: Tx, invoiceId: number): Promise<RefundableReceipt | RefundResult> {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM invoices WHERE id = ${invoiceId} FOR UPDATE`;
  if (locked.length === 0) throw notFound('Receipt');
  const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: refundableInclude });
  const payments = invoice.purchase?.payments ?? invoice.renewal?.payments ?? [];
  const charge = payments.find((p) => p.status === 'succeeded' && p.providerChargeId);
  const module = invoice.purchase?.module ?? invoice.renewal?.license.module;
  if (!charge || !module || compareAmounts(toAmount(invoice.totalAmount), '0') <= 0) {
    return fail(E.NOT_REFUNDABLE, `Receipt ${invoice.number} has no captured charge to refund.`, 'invoiceId');
  }
  const total = toAmount(invoice.totalAmount);
  const before = sumAmounts(invoice.creditNotes.map((c) => toAmount(c.amount)));
  const left = subAmounts(total, before);
  if (compareAmounts(left, '0') <= 0)
    return fail(E.ALREADY_REFUNDED, `Receipt ${invoice.number} was already refunded in full.`, 'invoiceId');
  return { invoice, charge, module, total, before, left };
}

/** The lines to refund: a cart's receipt per line (planCartRefund), any other receipt as its one sale. */
async function planRefund(
  tx: Tx,
  receipt: RefundableReceipt,
  input: { amount?: string | null; lines?: readonly RefundLineRequest[] | null },
): Promise<{ planned: Omit<PlannedLine, 'payoutPeriodStart'>[] } | RefundResult> {
  const { invoice, left } = receipt;
  const cartLines = invoice.purchase
    ? await tx.purchase.findMany({ where: { cartPurchaseId: invoice.purchase.id }, include: { module: true, licenses: true } })
    : [];
  if (cartLines.length > 0) {
    const r = await planCartRefund(tx, invoice, [invoice.purchase!, ...cartLines], input);
    return 'errors' in r ? { creditNote: null, errors: r.errors } : r;
  }
  if (input.lines?.length) return fail(E.REFUND_LINE_INVALID, `Receipt ${invoice.number} has one line: enter the amount instead.`, 'lines');
  const sale = await receiptSale(tx, receipt);
  try {
    return { planned: [{ sale, split: splitRefund(sale, input.amount?.trim() || left) }] };
  } catch (e) {
    if (isDomainError(e)) return fail(E.REFUND_AMOUNT_INVALID, `Enter an amount from 0.01 to ${left} (what is left to refund).`, 'amount');
    throw e;
  }
}

/** The one sale of a receipt that is not a cart's: its purchase (or upgrade), or its renewal charge. */
async function receiptSale(tx: Tx, { invoice, module, total, before }: RefundableReceipt): Promise<SaleLine> {
  return invoice.purchase
    ? {
        purchaseId: invoice.purchase.id,
        licenseId: invoice.purchase.licenses[0]?.id ?? (await upgradeLicenseId(tx, invoice.purchaseId)),
        vendorId: invoice.purchase.vendorId,
        moduleName: module.name,
        description: receiptDescription(invoice.lines, module.name),
        total,
        commission: toAmount(invoice.purchase.commissionAmount),
        vendorAmount: toAmount(invoice.purchase.vendorAmount),
        at: invoice.purchase.purchasedAt,
        refundedBefore: before,
      }
    : {
        purchaseId: null,
        licenseId: invoice.renewal!.licenseId,
        vendorId: module.vendorId,
        moduleName: module.name,
        description: receiptDescription(invoice.lines, module.name),
        total,
        commission: toAmount(invoice.renewal!.commissionAmount),
        vendorAmount: toAmount(invoice.renewal!.vendorAmount),
        at: invoice.renewal!.renewedAt,
        refundedBefore: before,
      };
}

/**
 * Each line's adjustment goes to its vendor's payout of the sale's month, unless that one was paid
 * (then to the current month's). A pending payout of a past month is added to `regenerate`.
 */
async function assignPayoutPeriods(
  tx: Tx,
  planned: Omit<PlannedLine, 'payoutPeriodStart'>[],
  currency: string,
  now: Date,
  regenerate: Set<number>,
): Promise<PlannedLine[]> {
  const lines: PlannedLine[] = [];
  for (const l of planned) {
    const saleMonth = monthStart(l.sale.at);
    const salePayout = await tx.vendorPayout.findUnique({
      where: { vendorId_periodStart_currency: { vendorId: l.sale.vendorId, periodStart: saleMonth, currency } },
    });
    if (salePayout && salePayout.status !== 'paid') regenerate.add(saleMonth.getTime());
    lines.push({ ...l, payoutPeriodStart: salePayout?.status === 'paid' ? monthStart(now) : saleMonth });
  }
  return lines;
}

/** A refund once the provider refunded it: what the credit note, the revocations, the audit row and the notifications record. */
interface IssuedRefund {
  invoice: RefundableReceipt['invoice'];
  lines: PlannedLine[];
  /** The credit note's number. */
  number: string;
  amount: string;
  isFull: boolean;
  reason: string;
  refundId: string;
  now: Date;
}

/** The credit note, one line per refunded receipt line; one license or vendor is named on the note itself. */
async function writeCreditNote(tx: Tx, refund: IssuedRefund, createdById: number): Promise<CreditNote> {
  const { invoice, lines } = refund;
  const vendors = [...new Set(lines.map((l) => l.sale.vendorId))];
  return tx.creditNote.create({
    data: {
      number: refund.number,
      orgId: invoice.orgId,
      invoiceId: invoice.id,
      licenseId: lines.length === 1 ? lines[0]!.sale.licenseId : null,
      vendorId: vendors.length === 1 ? vendors[0]! : null,
      issuedAt: refund.now,
      currency: invoice.currency,
      amount: refund.amount,
      isFull: refund.isFull,
      reason: refund.reason,
      providerRefundId: refund.refundId,
      vendorAdjustment: sumAmounts(lines.map((l) => l.split.vendorAdjustment)),
      commissionAdjustment: sumAmounts(lines.map((l) => l.split.commissionAdjustment)),
      salesAdjustment: sumAmounts(lines.map((l) => l.split.salesAdjustment)),
      payoutPeriodStart: new Date(Math.max(...lines.map((l) => l.payoutPeriodStart.getTime()))),
      createdById,
      lines: {
        create: lines.map((l) => ({
          purchaseId: l.sale.purchaseId,
          licenseId: l.sale.licenseId,
          vendorId: l.sale.vendorId,
          description: l.sale.description,
          amount: l.split.amount,
          isFull: l.split.isFull,
          vendorAdjustment: l.split.vendorAdjustment,
          commissionAdjustment: l.split.commissionAdjustment,
          salesAdjustment: l.split.salesAdjustment,
          payoutPeriodStart: l.payoutPeriodStart,
        })),
      },
    },
  });
}

/** A line refunded in full: its purchase is refunded and its license revoked. Returns the licenses revoked. */
async function revokeRefundedLines(tx: Tx, ctx: Context, { lines, number, reason }: IssuedRefund): Promise<number[]> {
  const revoked: number[] = [];
  for (const l of lines) {
    if (!l.split.isFull) continue;
    if (l.sale.purchaseId) await tx.purchase.update({ where: { id: l.sale.purchaseId }, data: { status: 'refunded' } });
    if (!l.sale.licenseId) continue;
    const license = await tx.license.findUniqueOrThrow({ where: { id: l.sale.licenseId } });
    if (license.status === 'revoked') continue;
    await changeLicenseStatus(tx, ctx, license, 'revoked', {
      reason: `Refunded in full (${number}): ${reason}`,
      data: { autoRenew: false, nextRetryAt: null },
      action: 'revoke',
    });
    revoked.push(license.id);
  }
  return revoked;
}

async function auditRefund(tx: Tx, ctx: Context, refund: IssuedRefund, note: CreditNote, revoked: number[]): Promise<void> {
  const { invoice, lines } = refund;
  await audit(tx, ctx, {
    action: 'refund',
    entityType: 'credit_note',
    entityId: note.id,
    orgId: invoice.orgId,
    newValue: {
      number: refund.number,
      invoice: invoice.number,
      amount: refund.amount,
      currency: invoice.currency,
      isFull: refund.isFull,
      reason: refund.reason,
      vendorAdjustment: toAmount(note.vendorAdjustment),
      payoutPeriodStart: note.payoutPeriodStart,
      licenseRevoked: revoked.length > 0,
      revokedLicenseIds: revoked,
      providerRefundId: refund.refundId,
      lines: lines.map((l) => ({
        purchaseId: l.sale.purchaseId,
        licenseId: l.sale.licenseId,
        vendorId: l.sale.vendorId,
        description: l.sale.description,
        amount: l.split.amount,
        isFull: l.split.isFull,
        vendorAdjustment: l.split.vendorAdjustment,
        payoutPeriodStart: l.payoutPeriodStart,
      })),
    },
  });
}

/** The org's license managers are told what was refunded; each vendor concerned, how its payout is adjusted. */
async function notifyRefund(tx: Tx, refund: IssuedRefund, revoked: number[]): Promise<void> {
  const { invoice, lines, number, amount, now } = refund;
  const fmt = (a: string) => formatMoney({ amount: a, currency: invoice.currency });
  const what = lines.length === 1 ? lines[0]!.sale.moduleName : lines.map((l) => `${l.sale.moduleName} ${fmt(l.split.amount)}`).join(', ');
  const revokedText =
    revoked.length === 0 ? '' : revoked.length === 1 ? ' The license was revoked.' : ` ${revoked.length} licenses were revoked.`;
  await notify(tx, await licenseRecipients(tx, invoice.orgId), {
    type: 'refund_issued',
    title: `Refund ${number}: ${fmt(amount)}`,
    message: `${fmt(amount)} of receipt ${invoice.number} (${what}) was refunded to your payment method (credit note ${number}).${revokedText}`,
    relatedEntityType: 'license',
    relatedEntityId: (lines.length === 1 ? lines[0]!.sale.licenseId : null) ?? undefined,
    at: now,
  });
  for (const vendorId of [...new Set(lines.map((l) => l.sale.vendorId))]) {
    const own = lines.filter((l) => l.sale.vendorId === vendorId);
    const adjustment = sumAmounts(own.map((l) => l.split.vendorAdjustment));
    const months = [...new Set(own.map((l) => l.payoutPeriodStart.toISOString().slice(0, 7)))].join(', ');
    const names = own.map((l) => l.sale.moduleName).join(', ');
    await notify(tx, await vendorRecipients(tx, vendorId), {
      type: 'refund_issued',
      title: `Refund on ${names}: ${fmt(adjustment)}`,
      message: `A customer was refunded ${fmt(sumAmounts(own.map((l) => l.split.amount)))} for ${names} (credit note ${number}). Your payout for ${months} is adjusted by ${fmt(adjustment)}.`,
      at: now,
    });
  }
}

/** The first printed line of a receipt ("CRM Pro — Monthly"), else the module's name. */
function receiptDescription(lines: Prisma.JsonValue, fallback: string): string {
  const first = Array.isArray(lines) ? (lines[0] as { description?: unknown } | undefined) : undefined;
  return typeof first?.description === 'string' ? first.description : fallback;
}

type CartPurchase = Purchase & { module: Module; licenses: License[] };

/** The lines of a cart's receipt as sales: each purchase of the cart, with what credit notes already gave back on it. */
async function cartSaleLines(tx: Tx | Context['prisma'], purchases: readonly CartPurchase[]): Promise<SaleLine[]> {
  const ids = purchases.map((p) => p.id);
  const [refunded, plans] = await Promise.all([
    tx.creditNoteLine.findMany({ where: { purchaseId: { in: ids } }, select: { purchaseId: true, amount: true } }),
    tx.pricingPlan.findMany({ where: { id: { in: purchases.map((p) => p.pricingPlanId) } }, select: { id: true, name: true } }),
  ]);
  return purchases.map((p) => {
    const plan = plans.find((x) => x.id === p.pricingPlanId)?.name ?? 'Plan';
    const days = p.customDays === null ? '' : ` (${p.customDays} ${p.customDays === 1 ? 'day' : 'days'})`;
    return {
      purchaseId: p.id,
      licenseId: p.licenses[0]?.id ?? null,
      vendorId: p.vendorId,
      moduleName: p.module.name,
      description: `${p.module.name} — ${plan}${days}`,
      total: toAmount(p.totalAmount),
      commission: toAmount(p.commissionAmount),
      vendorAmount: toAmount(p.vendorAmount),
      at: p.purchasedAt,
      refundedBefore: sumAmounts(refunded.filter((r) => r.purchaseId === p.id).map((r) => toAmount(r.amount))),
    };
  });
}

/**
 * The lines of a cart refund, each checked against its receipt line: `lines` is required (a cart's
 * receipt has no single amount), each names a purchase of this cart once, the line is not refunded
 * in full yet, and its amount is from 0.01 to what is left on it (none: all that is left). Every
 * error is returned at once, with the field of the input that caused it.
 */
async function planCartRefund(
  tx: Tx,
  invoice: { number: string },
  purchases: readonly CartPurchase[],
  input: { amount?: string | null; lines?: readonly RefundLineRequest[] | null },
): Promise<{ planned: Omit<PlannedLine, 'payoutPeriodStart'>[] } | { errors: UserError[] }> {
  const count = purchases.length;
  if (input.amount?.trim())
    return {
      errors: [
        new UserError(
          E.REFUND_LINES_REQUIRED,
          `Receipt ${invoice.number} covers ${count} modules bought together in one payment: choose the lines to refund and an amount for each.`,
          'amount',
        ),
      ],
    };
  if (!input.lines?.length)
    return {
      errors: [
        new UserError(
          E.REFUND_LINES_REQUIRED,
          `Receipt ${invoice.number} covers ${count} modules bought together in one payment: choose at least one line to refund.`,
          'lines',
        ),
      ],
    };
  const sales = await cartSaleLines(tx, purchases);
  const errors: UserError[] = [];
  const planned: Omit<PlannedLine, 'payoutPeriodStart'>[] = [];
  const seen = new Set<number>();
  input.lines.forEach((req, i) => {
    const sale = sales.find((s) => s.purchaseId === req.purchaseId);
    if (!sale || seen.has(req.purchaseId)) {
      errors.push(
        new UserError(
          E.REFUND_LINE_INVALID,
          sale ? 'This line is already in the refund.' : `This is not a line of receipt ${invoice.number}.`,
          `lines[${i}].purchaseId`,
        ),
      );
      return;
    }
    seen.add(req.purchaseId);
    const lineLeft = subAmounts(sale.total, sale.refundedBefore);
    if (compareAmounts(lineLeft, '0') <= 0) {
      errors.push(new UserError(E.ALREADY_REFUNDED, `${sale.description} was already refunded in full.`, `lines[${i}].purchaseId`));
      return;
    }
    try {
      planned.push({ sale, split: splitRefund(sale, req.amount?.trim() || lineLeft) });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      errors.push(
        new UserError(
          E.REFUND_AMOUNT_INVALID,
          `Enter an amount from 0.01 to ${lineLeft} (what is left on ${sale.moduleName}).`,
          `lines[${i}].amount`,
        ),
      );
    }
  });
  return errors.length ? { errors } : { planned };
}

async function upgradeLicenseId(tx: Tx, purchaseId: number | null): Promise<number | null> {
  if (!purchaseId) return null;
  const change = await tx.licensePlanChange.findFirst({ where: { purchaseId } });
  return change?.licenseId ?? null;
}

/** Credit notes of a receipt (same gate as receipts). */
export async function creditNotesOfInvoice(ctx: Context, invoiceId: number, orgId: number): Promise<CreditNote[]> {
  requireUser(ctx);
  await requireReceiptAccess(ctx, orgId);
  return ctx.prisma.creditNote.findMany({ where: { invoiceId }, orderBy: { id: 'asc' } });
}

/** Credit notes of a license's receipts (same gate as receipts). */
export async function creditNotesOfLicense(ctx: Context, license: { id: number; orgId: number }): Promise<CreditNote[]> {
  await requireReceiptAccess(ctx, license.orgId);
  // A cart's credit note names its licenses on its lines.
  return ctx.prisma.creditNote.findMany({
    where: { OR: [{ licenseId: license.id }, { lines: { some: { licenseId: license.id } } }] },
    orderBy: { id: 'asc' },
  });
}

/** Invoice numbers by invoice id (credit notes name the receipt they credit). */
export async function invoiceNumbers(ctx: Context, invoiceIds: number[]): Promise<Map<number, string>> {
  const rows = await ctx.prisma.invoice.findMany({ where: { id: { in: invoiceIds } }, select: { id: true, number: true } });
  return new Map(rows.map((i) => [i.id, i.number]));
}

export { monthPeriod };

export interface ReceiptRefundLine {
  purchaseId: number;
  licenseId: number | null;
  description: string;
  moduleName: string;
  total: string;
  refunded: string;
  refundable: string;
  currency: string;
}

/**
 * The lines a cart's receipt can be refunded by (each module bought in the cart, with what is left
 * on it); empty for a receipt of one line. Same gate as receipts.
 */
export async function refundLinesOfReceipt(
  ctx: Context,
  invoice: { id: number; orgId: number; purchaseId: number | null; currency: string },
) {
  await requireReceiptAccess(ctx, invoice.orgId);
  if (!invoice.purchaseId) return [];
  const purchases = await ctx.prisma.purchase.findMany({
    where: { OR: [{ id: invoice.purchaseId }, { cartPurchaseId: invoice.purchaseId }] },
    include: { module: true, licenses: true },
    orderBy: { id: 'asc' },
  });
  if (purchases.length < 2) return [];
  const sales = await cartSaleLines(ctx.prisma, purchases);
  return sales.map((s): ReceiptRefundLine => ({
    purchaseId: s.purchaseId!,
    licenseId: s.licenseId,
    description: s.description,
    moduleName: s.moduleName,
    total: s.total,
    refunded: s.refundedBefore,
    refundable: subAmounts(s.total, s.refundedBefore),
    currency: invoice.currency,
  }));
}
