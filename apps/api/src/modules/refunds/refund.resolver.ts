import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { CreditNote as DbCreditNote } from '@wk/db';
import { linesLoader } from './refund.loaders';
import { compareAmounts, subAmounts, sumAmounts, toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { money } from '../../core/scalars';
import { Receipt } from '../receipts';
import { AdminRefundCreateInput, AdminRefundCreatePayload, CreditNote, CreditNoteLine, ReceiptRefundLine } from './refund.types';
import { creditNotesOfInvoice, creditNotesOfLicense, invoiceNumbers, refundLinesOfReceipt, refundReceipt } from './refund.service';
import { License } from '../licenses';

export function toCreditNote(c: DbCreditNote, receiptNumber: string): CreditNote {
  return {
    id: c.id,
    number: c.number,
    invoiceId: c.invoiceId,
    receiptNumber,
    licenseId: c.licenseId,
    issuedAt: c.issuedAt,
    amount: money(toAmount(c.amount), c.currency),
    isFull: c.isFull,
    reason: c.reason,
    lines: [],
  };
}

/** Lines of a credit note (the note itself was access-checked by the query that returned it). */
@Resolver(() => CreditNote)
export class CreditNoteLinesResolver {
  @FieldResolver(() => [CreditNoteLine])
  async lines(@Root() c: CreditNote, @Ctx() ctx: Context): Promise<CreditNoteLine[]> {
    const rows = await linesLoader(ctx).load(c.id);
    return rows.map((l) => ({
      purchaseId: l.purchaseId,
      licenseId: l.licenseId,
      description: l.description,
      amount: money(toAmount(l.amount), c.amount.currency),
      isFull: l.isFull,
    }));
  }
}

@Resolver()
export class RefundResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminRefundCreatePayload, {
    description:
      'Refund a receipt in full or in part through the payment provider (platform admins): a credit note, the vendor payout adjusted, a full refund revokes the license.',
  })
  async adminRefundCreate(
    @Arg('input', () => AdminRefundCreateInput) input: AdminRefundCreateInput,
    @Ctx() ctx: Context,
  ): Promise<AdminRefundCreatePayload> {
    const r = await refundReceipt(ctx, input);
    if (!r.creditNote) return { creditNote: null, errors: r.errors };
    const numbers = await invoiceNumbers(ctx, [r.creditNote.invoiceId]);
    return { creditNote: toCreditNote(r.creditNote, numbers.get(r.creditNote.invoiceId) ?? ''), errors: [] };
  }
}

/** Refund fields of a receipt (the receipt itself was access-checked by its query). */
@Resolver(() => Receipt)
export class ReceiptRefundsResolver {
  @FieldResolver(() => [CreditNote], { description: 'Credit notes (refunds) against this receipt, oldest first.' })
  async creditNotes(@Root() r: Receipt, @Ctx() ctx: Context): Promise<CreditNote[]> {
    return (await creditNotesOfInvoice(ctx, r.id, r.orgId)).map((c) => toCreditNote(c, r.number));
  }

  @FieldResolver(() => String, { description: 'Amount still refundable (total − credit notes), e.g. "58.80".' })
  async refundableAmount(@Root() r: Receipt, @Ctx() ctx: Context): Promise<string> {
    const notes = await creditNotesOfInvoice(ctx, r.id, r.orgId);
    const left = subAmounts(r.total.amount, sumAmounts(notes.map((n) => toAmount(n.amount))));
    return compareAmounts(left, '0') < 0 ? '0.00' : left;
  }

  @FieldResolver(() => [ReceiptRefundLine], {
    description:
      "A dependency cart's receipt: each module bought, with what was paid and what is left to refund on it (refunds go per line). Empty for a receipt of one line.",
  })
  async refundLines(@Root() r: Receipt, @Ctx() ctx: Context): Promise<ReceiptRefundLine[]> {
    const lines = await refundLinesOfReceipt(ctx, { id: r.id, orgId: r.orgId, purchaseId: r.purchaseId, currency: r.currency });
    return lines.map((l) => ({
      purchaseId: l.purchaseId,
      licenseId: l.licenseId,
      description: l.description,
      moduleName: l.moduleName,
      total: money(l.total, l.currency),
      refunded: money(l.refunded, l.currency),
      refundable: money(l.refundable, l.currency),
    }));
  }
}

/** Refunds of a license's receipts (same billing gate as receipts). */
@Resolver(() => License)
export class LicenseCreditNotesResolver {
  @FieldResolver(() => [CreditNote], {
    description: "Credit notes (refunds) of the license's receipts. Billing permission needed: FORBIDDEN otherwise.",
  })
  async creditNotes(@Root() l: License, @Ctx() ctx: Context): Promise<CreditNote[]> {
    const notes = await creditNotesOfLicense(ctx, l);
    const invoices = await invoiceNumbers(
      ctx,
      notes.map((n) => n.invoiceId),
    );
    return notes.map((n) => toCreditNote(n, invoices.get(n.invoiceId) ?? ''));
  }
}
