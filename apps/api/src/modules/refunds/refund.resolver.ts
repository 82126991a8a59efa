import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { CreditNote as DbCreditNote } from '@wk/db';
import { compareAmounts, subAmounts, sumAmounts, toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { money } from '../../core/scalars';
import { Receipt } from '../receipts';
import { AdminRefundCreateInput, AdminRefundCreatePayload, CreditNote } from './refund.types';
import { creditNotesOfInvoice, creditNotesOfLicense, refundReceipt } from './refund.service';
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
  };
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
    const invoice = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: r.creditNote.invoiceId } });
    return { creditNote: toCreditNote(r.creditNote, invoice.number), errors: [] };
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
}

/** Refunds of a license's receipts (same billing gate as receipts). */
@Resolver(() => License)
export class LicenseCreditNotesResolver {
  @FieldResolver(() => [CreditNote], {
    description: "Credit notes (refunds) of the license's receipts. Billing permission needed: FORBIDDEN otherwise.",
  })
  async creditNotes(@Root() l: License, @Ctx() ctx: Context): Promise<CreditNote[]> {
    const notes = await creditNotesOfLicense(ctx, l);
    const invoices = new Map(
      (await ctx.prisma.invoice.findMany({ where: { id: { in: notes.map((n) => n.invoiceId) } }, select: { id: true, number: true } })).map(
        (i) => [i.id, i.number],
      ),
    );
    return notes.map((n) => toCreditNote(n, invoices.get(n.invoiceId) ?? ''));
  }
}
