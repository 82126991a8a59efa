/**
 * An organization's billing history (seed 003 billing ledger): every invoice (purchases, trial
 * starts, upgrades, renewals) and credit note (refunds), newest first, each with the org's
 * running net total in its currency, and the totals per currency. Amounts are summed in
 * PostgreSQL `numeric` (exact). Access is the receipts gate: a member with a billing permission
 * or a platform admin; another org → NOT_FOUND; a member without the permission → FORBIDDEN.
 */
import { Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { money } from '../../core/scalars';
import { toAmount } from '@wk/domain';

/** numeric text from PostgreSQL ("0", "12.5", "-3.00") → exactly two decimals. */
const toFixed2 = (s: string) => toAmount(s);
import { notFound } from '../../core/errors';
import { getReceiptByNumber, requireReceiptAccess } from '../receipts';
import { renderCreditNotePdf, renderInvoicePdf } from './billing.pdf';
import { BillingDocument, BillingDocumentKind, BillingTotal } from './billing.types';

interface DocRow {
  doc: 'invoice' | 'credit_note';
  id: number;
  number: string;
  issued_at: Date;
  currency: string;
  amount: string;
  running: string;
  is_renewal: boolean;
  description: string | null;
  credits: string | null;
  ord: number;
}

/** Both document kinds of one org, with a stable order (oldest first: date, invoices before credit notes, id). */
const docsOf = (orgId: number) => Prisma.sql`
  WITH docs AS (
    SELECT 'invoice'::text AS doc, i.id, i.number, i.issued_at, i.currency, i.total_amount AS amount,
           (i.renewal_id IS NOT NULL) AS is_renewal, i.lines->0->>'description' AS description, NULL::text AS credits, 0 AS ord
    FROM invoices i WHERE i.org_id = ${orgId}
    UNION ALL
    SELECT 'credit_note', c.id, c.number, c.issued_at, c.currency, -c.amount,
           false, inv.lines->0->>'description', inv.number, 1
    FROM credit_notes c JOIN invoices inv ON inv.id = c.invoice_id WHERE c.org_id = ${orgId}
  )`;

export function pdfPath(number: string): string {
  return `/api/billing/${encodeURIComponent(number)}.pdf`;
}

function toDocument(r: DocRow): BillingDocument {
  const kind =
    r.doc === 'credit_note' ? BillingDocumentKind.CREDIT_NOTE : r.is_renewal ? BillingDocumentKind.RENEWAL : BillingDocumentKind.PURCHASE;
  const what = r.description ?? 'Module license';
  return Object.assign(new BillingDocument(), {
    id: `${r.doc}:${r.id}`,
    kind,
    number: r.number,
    issuedAt: r.issued_at,
    description: r.doc === 'credit_note' ? `Refund: ${what}` : what,
    amount: money(toFixed2(r.amount), r.currency),
    runningTotal: money(toFixed2(r.running), r.currency),
    creditsInvoiceNumber: r.credits,
    pdfUrl: pdfPath(r.number),
  });
}

export async function billingHistory(
  ctx: Context,
  args: { orgId: number; first: number; after?: string | null },
): Promise<Connection<BillingDocument>> {
  await requireReceiptAccess(ctx, args.orgId);
  const cursor = decodeCursor(args.after, 3);
  const after = cursor
    ? Prisma.sql`WHERE (issued_at, ord, id) < (${new Date(String(cursor[0]))}::timestamp, ${Number(cursor[1])}, ${Number(cursor[2])})`
    : Prisma.empty;
  const [rows, count] = await Promise.all([
    ctx.prisma.$queryRaw<DocRow[]>`
      ${docsOf(args.orgId)},
      ranked AS (
        SELECT docs.*, (SUM(amount) OVER (PARTITION BY currency ORDER BY issued_at, ord, id ROWS UNBOUNDED PRECEDING))::text AS running
        FROM docs
      )
      SELECT doc, id, number, issued_at, currency, amount::text AS amount, running, is_renewal, description, credits, ord
      FROM ranked ${after}
      ORDER BY issued_at DESC, ord DESC, id DESC
      LIMIT ${args.first + 1}`,
    ctx.prisma.$queryRaw<{ n: number }[]>`${docsOf(args.orgId)} SELECT count(*)::int AS n FROM docs`,
  ]);
  const connection = toConnection(rows, args.first, count[0]?.n ?? 0, (r) => [r.issued_at.toISOString(), r.ord, r.id], !!cursor);
  return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: toDocument(e.node) })) };
}

/** Charged, refunded and net per currency over the whole history. */
export async function billingTotals(ctx: Context, orgId: number): Promise<BillingTotal[]> {
  await requireReceiptAccess(ctx, orgId);
  const rows = await ctx.prisma.$queryRaw<{ currency: string; charged: string; refunded: string; net: string; n: number }[]>`
    ${docsOf(orgId)}
    SELECT currency,
           COALESCE(SUM(amount) FILTER (WHERE doc = 'invoice'), 0)::text AS charged,
           COALESCE(-SUM(amount) FILTER (WHERE doc = 'credit_note'), 0)::text AS refunded,
           SUM(amount)::text AS net,
           count(*)::int AS n
    FROM docs GROUP BY currency ORDER BY currency`;
  return rows.map((r) =>
    Object.assign(new BillingTotal(), {
      currency: r.currency,
      charged: money(toFixed2(r.charged), r.currency),
      refunded: money(toFixed2(r.refunded), r.currency),
      net: money(toFixed2(r.net), r.currency),
      documents: r.n,
    }),
  );
}

/** The PDF of an invoice or credit note of an org the caller may see receipts of. */
export async function billingPdf(ctx: Context, number: string): Promise<Buffer> {
  if (number.startsWith('CN-')) {
    const cn = await ctx.prisma.creditNote.findUnique({
      where: { number },
      include: { invoice: true, lines: { orderBy: { id: 'asc' } } },
    });
    if (!cn) throw notFound('Credit note');
    await requireReceiptAccess(ctx, cn.orgId);
    return renderCreditNotePdf(cn, cn.invoice, ctx.config.seller, cn.lines);
  }
  const invoice = await getReceiptByNumber(ctx, number);
  return renderInvoicePdf(invoice, ctx.config.seller);
}
