import type { CreditNote, Prisma } from '@wk/db';
import {
  formatCreditNoteNumber,
  formatMoney,
  isDomainError,
  monthPeriod,
  splitRefund,
  subAmounts,
  sumAmounts,
  toAmount,
  compareAmounts,
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

/**
 * adminRefundCreate (platform admins): refunds a receipt (purchase or renewal charge) in full or
 * in part through the provider's refund, in one transaction that locks the receipt row:
 * - a gapless credit note `CN-<year>-<6 digits>` for the amount;
 * - the vendor's share and the commission are taken back in proportion (@wk/domain splitRefund,
 *   exact: partial refunds add up to a full one); the adjustment goes to the payout of the sale's
 *   month, or — when that month was already paid out — to the next payout (the current month) as
 *   a negative line;
 * - a full refund revokes the license (status history, audit) and marks a purchase refunded;
 * - an audit row, and notifications to the org's license managers and the vendor.
 * The provider refund carries an idempotency key per receipt and refunded-so-far, so a retry after
 * a failed commit never refunds twice.
 */
export async function refundReceipt(
  ctx: Context,
  input: { invoiceId: number; amount?: string | null; reason: string },
): Promise<RefundResult> {
  const admin = requirePlatformAdmin(ctx);
  const reason = input.reason.trim();
  if (reason.length < 3) return fail(E.REASON_REQUIRED, 'Give the reason for the refund (at least 3 characters).', 'reason');
  const provider = paymentsOf(ctx.services);
  const now = ctx.clock.now();
  let regenerate: Date | null = null;

  const outcome = await ctx.prisma.$transaction(
    async (tx): Promise<RefundResult> => {
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM invoices WHERE id = ${input.invoiceId} FOR UPDATE`;
      if (locked.length === 0) throw notFound('Receipt');
      const invoice = await tx.invoice.findUniqueOrThrow({
        where: { id: input.invoiceId },
        include: {
          purchase: { include: { payments: true, module: true, licenses: true } },
          renewal: { include: { payments: true, license: { include: { module: true } } } },
          creditNotes: true,
        },
      });
      const payments = invoice.purchase?.payments ?? invoice.renewal?.payments ?? [];
      const charge = payments.find((p) => p.status === 'succeeded' && p.providerChargeId);
      const module = invoice.purchase?.module ?? invoice.renewal?.license.module;
      if (!charge || !module || compareAmounts(toAmount(invoice.totalAmount), '0') <= 0) {
        return fail(E.NOT_REFUNDABLE, `Receipt ${invoice.number} has no captured charge to refund.`, 'invoiceId');
      }
      const cartLines = invoice.purchase ? await tx.purchase.count({ where: { cartPurchaseId: invoice.purchase.id } }) : 0;
      if (cartLines > 0) {
        return fail(
          E.CART_REFUND_UNSUPPORTED,
          `Receipt ${invoice.number} covers ${cartLines + 1} modules bought together in one payment. Refunds of a cart's receipt are not available yet.`,
          'invoiceId',
        );
      }
      const total = toAmount(invoice.totalAmount);
      const before = sumAmounts(invoice.creditNotes.map((c) => toAmount(c.amount)));
      const left = subAmounts(total, before);
      if (compareAmounts(left, '0') <= 0)
        return fail(E.ALREADY_REFUNDED, `Receipt ${invoice.number} was already refunded in full.`, 'invoiceId');
      const sale = invoice.purchase
        ? {
            commission: toAmount(invoice.purchase.commissionAmount),
            vendorAmount: toAmount(invoice.purchase.vendorAmount),
            at: invoice.purchase.purchasedAt,
            vendorId: invoice.purchase.vendorId,
          }
        : {
            commission: toAmount(invoice.renewal!.commissionAmount),
            vendorAmount: toAmount(invoice.renewal!.vendorAmount),
            at: invoice.renewal!.renewedAt,
            vendorId: module.vendorId,
          };
      let split;
      try {
        split = splitRefund(
          { total, commission: sale.commission, vendorAmount: sale.vendorAmount, refundedBefore: before },
          input.amount?.trim() || left,
        );
      } catch (e) {
        if (isDomainError(e))
          return fail(E.REFUND_AMOUNT_INVALID, `Enter an amount from 0.01 to ${left} (what is left to refund).`, 'amount');
        throw e;
      }
      const licenseId = invoice.purchase?.licenses[0]?.id ?? invoice.renewal?.licenseId ?? (await upgradeLicenseId(tx, invoice.purchaseId));

      // The adjustment's payout month: the sale's month unless that payout was already paid.
      const saleMonth = monthStart(sale.at);
      const salePayout = await tx.vendorPayout.findUnique({
        where: { vendorId_periodStart_currency: { vendorId: sale.vendorId, periodStart: saleMonth, currency: invoice.currency } },
      });
      const payoutPeriodStart = salePayout?.status === 'paid' ? monthStart(now) : saleMonth;
      if (salePayout && salePayout.status !== 'paid') regenerate = saleMonth;

      const { refundId } = await provider.refund(charge.providerChargeId!, {
        amount: split.amount,
        idempotencyKey: `refund-${invoice.id}-${before}-${split.amount}`,
      });
      const number = await nextCreditNoteNumber(tx, now);
      const note = await tx.creditNote.create({
        data: {
          number,
          orgId: invoice.orgId,
          invoiceId: invoice.id,
          licenseId,
          vendorId: sale.vendorId,
          issuedAt: now,
          currency: invoice.currency,
          amount: split.amount,
          isFull: split.isFull,
          reason,
          providerRefundId: refundId,
          vendorAdjustment: split.vendorAdjustment,
          commissionAdjustment: split.commissionAdjustment,
          salesAdjustment: split.salesAdjustment,
          payoutPeriodStart,
          createdById: admin.id,
        },
      });
      if (split.isFull && invoice.purchase) await tx.purchase.update({ where: { id: invoice.purchase.id }, data: { status: 'refunded' } });
      let revoked = false;
      if (split.isFull && licenseId) {
        const license = await tx.license.findUniqueOrThrow({ where: { id: licenseId } });
        if (license.status !== 'revoked') {
          await changeLicenseStatus(tx, ctx, license, 'revoked', {
            reason: `Refunded in full (${number}): ${reason}`,
            data: { autoRenew: false, nextRetryAt: null },
            action: 'revoke',
          });
          revoked = true;
        }
      }
      await audit(tx, ctx, {
        action: 'refund',
        entityType: 'credit_note',
        entityId: note.id,
        orgId: invoice.orgId,
        newValue: {
          number,
          invoice: invoice.number,
          amount: split.amount,
          currency: invoice.currency,
          isFull: split.isFull,
          reason,
          vendorAdjustment: split.vendorAdjustment,
          payoutPeriodStart,
          licenseRevoked: revoked,
          providerRefundId: refundId,
        },
      });
      const amount = formatMoney({ amount: split.amount, currency: invoice.currency });
      await notify(tx, await licenseRecipients(tx, invoice.orgId), {
        type: 'refund_issued',
        title: `Refund ${number}: ${amount}`,
        message: `${amount} of receipt ${invoice.number} (${module.name}) was refunded to your payment method (credit note ${number}).${revoked ? ' The license was revoked.' : ''}`,
        relatedEntityType: 'license',
        relatedEntityId: licenseId ?? undefined,
        at: now,
      });
      await notify(tx, await vendorRecipients(tx, sale.vendorId), {
        type: 'refund_issued',
        title: `Refund on ${module.name}: ${formatMoney({ amount: split.vendorAdjustment, currency: invoice.currency })}`,
        message: `A customer was refunded ${amount} for ${module.name} (credit note ${number}). Your payout for ${payoutPeriodStart.toISOString().slice(0, 7)} is adjusted by ${formatMoney({ amount: split.vendorAdjustment, currency: invoice.currency })}.`,
        at: now,
      });
      return { creditNote: note, errors: [] };
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
  // A pending payout of the sale's month is refreshed at once (paid ones never change).
  const month = regenerate as Date | null;
  if (outcome.creditNote && month && month.getTime() < monthStart(now).getTime()) {
    await generatePayouts(ctx, month.getUTCFullYear(), month.getUTCMonth() + 1);
  }
  return outcome;
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
  return ctx.prisma.creditNote.findMany({ where: { licenseId: license.id }, orderBy: { id: 'asc' } });
}

export { monthPeriod };
