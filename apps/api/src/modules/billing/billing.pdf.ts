/**
 * Billing documents as PDF (pdfkit): invoices and credit notes with what an EU invoice needs —
 * the seller's identity and VAT id, the buyer's billing identity and tax id, a unique number and
 * the issue date, the lines, the tax (rate and amount, or the reverse-charge wording) and totals.
 */
import type PDFKitDocument from 'pdfkit';
import type { CreditNote, CreditNoteLine, Invoice } from '@wk/db';
import { formatMoney, formatRatePercent, toAmount } from '@wk/domain';
import type { AppConfig } from '../../core/config';
import { receiptLines, receiptNotes } from '../receipts';

type Seller = AppConfig['seller'];
type Doc = InstanceType<typeof PDFKitDocument>;

const INK = '#1a1b1e';
const MUTED = '#5c5f66';
const LEFT = 50;
const RIGHT = 545; // A4 width 595 − 50
const date = (d: Date) => d.toISOString().slice(0, 10);

async function render(title: string, issuedAt: Date, draw: (doc: Doc) => void): Promise<Buffer> {
  // pdfkit (with its fonts and font engine, about 6 MiB of heap) is loaded by the first document, not at start (issue 16).
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    // Fixed metadata dates keep the same document byte-identical across downloads.
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: title, Author: 'Webkernel Marketplace', Producer: 'Webkernel Marketplace', CreationDate: issuedAt, ModDate: issuedAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

function header(doc: Doc, title: string, number: string, issuedAt: Date, seller: Seller) {
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text(title, LEFT, 50);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(`${number} · issued ${date(issuedAt)}`, LEFT, 76);
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(10)
    .text(seller.name, 320, 50, { width: RIGHT - 320, align: 'right' });
  doc
    .font('Helvetica')
    .fillColor(MUTED)
    .text(seller.address, 320, doc.y, { width: RIGHT - 320, align: 'right' });
  doc.fillColor(INK).text(`VAT id: ${seller.vatId}`, 320, doc.y, { width: RIGHT - 320, align: 'right' });
  const y = Math.max(doc.y, 100) + 12;
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(1.5).strokeColor(INK).stroke();
  doc.y = y + 14;
}

function billedTo(doc: Doc, inv: Invoice) {
  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('Billed to', LEFT, doc.y);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(inv.billingName);
  doc.font('Helvetica').fontSize(10);
  if (inv.billingAddress) doc.text(inv.billingAddress);
  doc.text(`Country: ${inv.billingCountry}`);
  doc.text(inv.taxId ? `Tax id: ${inv.taxId}` : 'Tax id: none given');
  doc.moveDown(1);
}

function row(doc: Doc, label: string, amount: string, opts: { bold?: boolean; muted?: boolean; rule?: boolean } = {}) {
  const y = doc.y;
  doc
    .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(opts.bold ? 11 : 10)
    .fillColor(opts.muted ? MUTED : INK);
  doc.text(label, LEFT, y, { width: 360 });
  const after = doc.y;
  doc.text(amount, 400, y, { width: RIGHT - 400, align: 'right' });
  doc.y = Math.max(after, doc.y) + 4;
  if (opts.rule) {
    doc.moveTo(LEFT, doc.y).lineTo(RIGHT, doc.y).lineWidth(0.5).strokeColor('#dee2e6').stroke();
    doc.y += 6;
  }
}

function notes(doc: Doc, list: string[]) {
  for (const n of list) {
    doc.moveDown(0.8);
    doc
      .font('Helvetica-Oblique')
      .fontSize(9)
      .fillColor(INK)
      .text(n, LEFT, doc.y, { width: RIGHT - LEFT });
  }
}

/** The invoice of a purchase or renewal. */
export function renderInvoicePdf(inv: Invoice, seller: Seller): Promise<Buffer> {
  const fmt = (amount: string) => formatMoney({ amount, currency: inv.currency });
  return render(`Invoice ${inv.number}`, inv.issuedAt, (doc) => {
    header(doc, 'Invoice', inv.number, inv.issuedAt, seller);
    billedTo(doc, inv);
    row(doc, 'Description', `Amount (${inv.currency})`, { bold: true, rule: true });
    for (const l of receiptLines(inv)) row(doc, l.description, fmt(l.amount), { rule: true });
    row(doc, `Total (${inv.currency})`, fmt(toAmount(inv.totalAmount)), { bold: true });
    doc.moveDown(0.6);
    // The tax summary an EU invoice states: taxable amount, rate (or reverse charge), tax amount.
    const rate = inv.reverseCharge ? 'reverse charge' : inv.taxName ? formatRatePercent(inv.taxRate.toFixed()) : 'none';
    row(doc, 'Taxable amount', fmt(toAmount(inv.subtotalAmount.minus(inv.discountAmount))), { muted: true });
    row(doc, `${inv.taxName ?? 'Tax'} rate`, rate, { muted: true });
    row(doc, `${inv.taxName ?? 'Tax'} amount`, fmt(toAmount(inv.taxAmount)), { muted: true });
    notes(doc, [...receiptNotes(inv), `Date of supply: ${date(inv.issuedAt)}. Paid by card through Webkernel Marketplace.`]);
  });
}

/** A credit note: the refund of (part of) an invoice. */
export function renderCreditNotePdf(
  cn: CreditNote,
  inv: Invoice,
  seller: Seller,
  lines: readonly Pick<CreditNoteLine, 'description' | 'amount' | 'isFull'>[] = [],
): Promise<Buffer> {
  const fmt = (amount: string) => formatMoney({ amount, currency: cn.currency });
  return render(`Credit note ${cn.number}`, cn.issuedAt, (doc) => {
    header(doc, 'Credit note', cn.number, cn.issuedAt, seller);
    billedTo(doc, inv);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(INK)
      .text(`Credits invoice ${inv.number} of ${date(inv.issuedAt)}.`, LEFT, doc.y);
    doc.moveDown(0.8);
    row(doc, 'Description', `Amount (${cn.currency})`, { bold: true, rule: true });
    if (lines.length > 1) {
      // A cart's receipt is refunded per line: each module refunded, then the reason.
      for (const l of lines)
        row(doc, `${l.isFull ? 'Full' : 'Partial'} refund: ${l.description}`, fmt(`-${toAmount(l.amount)}`), { rule: true });
      row(doc, `Reason: ${cn.reason}`, '', { rule: true, muted: true });
    } else {
      row(doc, `${cn.isFull ? 'Full' : 'Partial'} refund: ${cn.reason}`, fmt(`-${toAmount(cn.amount)}`), { rule: true });
    }
    row(doc, `Total credited, tax included (${cn.currency})`, fmt(`-${toAmount(cn.amount)}`), { bold: true });
    notes(doc, [...receiptNotes(inv), 'The amount is refunded to the card that paid the invoice.']);
  });
}
