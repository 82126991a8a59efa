import type { Invoice } from '@wk/db';
import { formatRate, toAmount } from '@wk/domain';
import { money } from '../../core/scalars';
import { receiptDownloadPath, receiptLines, receiptNotes } from './receipt.service';
import type { Receipt } from './receipt.types';

/** Maps an invoice row onto the GraphQL Receipt. */
export function toReceipt(invoice: Invoice): Receipt {
  const m = (v: { toFixed(): string }) => money(toAmount(v), invoice.currency);
  return {
    id: invoice.id,
    number: invoice.number,
    orgId: invoice.orgId,
    purchaseId: invoice.purchaseId,
    renewalId: invoice.renewalId,
    issuedAt: invoice.issuedAt,
    currency: invoice.currency,
    lines: receiptLines(invoice).map((l) => ({ description: l.description, amount: money(l.amount, invoice.currency) })),
    subtotal: m(invoice.subtotalAmount),
    discount: m(invoice.discountAmount),
    tax: m(invoice.taxAmount),
    total: m(invoice.totalAmount),
    taxName: invoice.taxName,
    taxRate: formatRate(invoice.taxRate.toFixed()),
    reverseCharge: invoice.reverseCharge,
    notes: receiptNotes(invoice),
    billingName: invoice.billingName,
    billingAddress: invoice.billingAddress,
    billingCountry: invoice.billingCountry,
    taxId: invoice.taxId,
    downloadUrl: receiptDownloadPath(invoice),
  };
}
