import type { Express } from 'express';
import type { Invoice } from '@wk/db';
import { formatMoney, formatRatePercent, toAmount } from '@wk/domain';
import type { BaseDeps } from '../../core/context';
import { requestContext } from '../auth';
import { documentRoute } from '../../core/rest';
import { getReceiptByNumber, receiptLines, receiptModuleName, receiptNotes } from './receipt.service';

const esc = (s: string | null | undefined) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A print-friendly, self-contained HTML receipt (no scripts, no external resources). */
export function renderReceiptHtml(invoice: Invoice, context: { moduleName?: string | null } = {}): string {
  const fmt = (amount: string) => esc(formatMoney({ amount, currency: invoice.currency }));
  const lines = receiptLines(invoice);
  const notes = receiptNotes(invoice);
  const taxLabel = invoice.reverseCharge
    ? `${invoice.taxName ?? 'VAT'} (reverse charge)`
    : invoice.taxName
      ? `${invoice.taxName} (${formatRatePercent(invoice.taxRate.toFixed())})`
      : 'Tax';
  const issued = invoice.issuedAt.toISOString().slice(0, 10);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Receipt ${esc(invoice.number)}</title>
<style>
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1b1e; max-width: 760px; margin: 32px auto; padding: 0 16px; }
  h1 { font-size: 22px; margin: 0 0 4px; } .muted { color: #5c5f66; }
  header { display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; border-bottom: 2px solid #1a1b1e; padding-bottom: 12px; margin-bottom: 16px; }
  table { width: 100%; border-collapse: collapse; margin-top: 16px; }
  th, td { text-align: left; padding: 8px 4px; border-bottom: 1px solid #dee2e6; vertical-align: top; }
  td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  tfoot td { border-bottom: none; } tfoot tr.total td { font-weight: 700; font-size: 16px; border-top: 2px solid #1a1b1e; }
  .note { margin-top: 16px; padding: 8px 12px; border-left: 3px solid #1a1b1e; background: #f8f9fa; }
  @media print { body { margin: 0; } .no-print { display: none; } }
</style></head>
<body>
<header>
  <div><h1>Receipt</h1><div class="muted">Webkernel Marketplace</div></div>
  <div><div><strong>${esc(invoice.number)}</strong></div><div class="muted">Issued ${esc(issued)}</div></div>
</header>
<section aria-label="Billed to">
  <div class="muted">Billed to</div>
  <div><strong>${esc(invoice.billingName)}</strong></div>
  ${invoice.billingAddress ? `<div>${esc(invoice.billingAddress)}</div>` : ''}
  <div>${esc(invoice.billingCountry)}</div>
  ${invoice.taxId ? `<div>Tax id: ${esc(invoice.taxId)}</div>` : ''}
</section>
${context.moduleName ? `<p class="muted">Module: ${esc(context.moduleName)}</p>` : ''}
<table>
  <thead><tr><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead>
  <tbody>
    ${lines.map((l) => `<tr><td>${esc(l.description)}</td><td class="num">${fmt(l.amount)}</td></tr>`).join('\n    ')}
  </tbody>
  <tfoot>
    <tr class="total"><td>Total (${esc(invoice.currency)})</td><td class="num">${fmt(toAmount(invoice.totalAmount))}</td></tr>
    <tr><td class="muted">of which ${esc(taxLabel)}</td><td class="num muted">${fmt(toAmount(invoice.taxAmount))}</td></tr>
  </tfoot>
</table>
${notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
<p class="no-print muted">Use your browser's Print command to save this receipt as PDF.</p>
</body></html>`;
}

/**
 * GET /api/receipts/:number.html — the printable receipt, with the same session and
 * org-permission check as the GraphQL `receipt` query (anonymous → 401, another org → 404,
 * a member without a billing permission → 403).
 */
export function mountReceiptRoutes(app: Express, deps: BaseDeps): void {
  app.get(
    '/api/receipts/:file',
    documentRoute({
      label: 'receipt',
      pattern: /^(INV-\d{4}-\d{6,})\.html$/,
      notFound: 'Receipt not found.',
      context: (req, res) => requestContext(deps, req, res),
      send: async (ctx, number, req, res) => {
        const invoice = await getReceiptByNumber(ctx, number);
        const moduleName = await receiptModuleName(ctx, invoice);
        res.status(200).type('html').setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
        if (req.query.download === '1') res.setHeader('Content-Disposition', `attachment; filename="${invoice.number}.html"`);
        res.send(renderReceiptHtml(invoice, { moduleName }));
      },
    }),
  );
}
