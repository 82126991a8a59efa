import { PDFParse } from 'pdf-parse';
import { FixedClock } from '../../core/clock';
import { DEMO_SELLER } from '../../core/config';
import { useTestApp } from '../../test/harness';
import { ACME, buyOk, PLAN, protocolCode } from '../checkout/test-support/checkout-fixtures';

const clock = new FixedClock(new Date('2026-03-10T10:00:00Z'));
const t = useTestApp({ clock });

const HISTORY = `query($orgId: Int!, $first: Int, $after: String) { orgBillingHistory(orgId: $orgId, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id kind number issuedAt description amount { amount currency } runningTotal { amount currency } creditsInvoiceNumber pdfUrl } } } }`;
const TOTALS = `query($orgId: Int!) { orgBillingTotals(orgId: $orgId) { currency documents charged { amount } refunded { amount } net { amount } } }`;
const REFUND = `mutation($input: AdminRefundCreateInput!) { adminRefundCreate(input: $input) { errors { code } creditNote { number } } }`;

async function pdfText(buf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(buf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

async function download(path: string, as?: string) {
  const headers: Record<string, string> = {};
  if (as) headers.cookie = await t.sessionCookie(as);
  const res = await fetch(`${t.baseUrl}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

let invoice = { id: 0, number: '' };
let creditNote = '';

beforeAll(async () => {
  // Acme without its tax id: CRM Pro monthly 49.00 + 20 % GB VAT = 58.80; then 8.80 of it is refunded.
  await t.prisma.organization.update({ where: { id: ACME }, data: { taxId: null } });
  const bought = await buyOk(t, 'alice@acme.test', { planId: PLAN.crmMonthly });
  invoice = { id: bought.receipt.id, number: bought.receipt.number };
  clock.set(new Date('2026-03-12T09:00:00Z'));
  const r = await t.gqlOk(REFUND, { input: { invoiceId: invoice.id, amount: '8.80', reason: 'Goodwill' } }, { as: 'admin@webkernel.com' });
  expect(r.adminRefundCreate.errors).toEqual([]);
  creditNote = r.adminRefundCreate.creditNote.number;
});

describe('orgBillingHistory', () => {
  it('lists every invoice and credit note newest first, with the running net total per currency, exact to the cent', async () => {
    const h = (await t.gqlOk(HISTORY, { orgId: ACME }, { as: 'alice@acme.test' })).orgBillingHistory;
    expect(h.totalCount).toBe(3);
    expect(h.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        id: expect.stringMatching(/^credit_note:\d+$/),
        kind: 'CREDIT_NOTE',
        number: creditNote,
        issuedAt: '2026-03-12T09:00:00.000Z',
        description: 'Refund: CRM Pro — Monthly',
        amount: { amount: '-8.80', currency: 'USD' },
        runningTotal: { amount: '540.00', currency: 'USD' },
        creditsInvoiceNumber: invoice.number,
        pdfUrl: `/api/billing/${creditNote}.pdf`,
      },
      {
        id: `invoice:${invoice.id}`,
        kind: 'PURCHASE',
        number: invoice.number,
        issuedAt: '2026-03-10T10:00:00.000Z',
        description: 'CRM Pro — Monthly',
        amount: { amount: '58.80', currency: 'USD' },
        runningTotal: { amount: '548.80', currency: 'USD' },
        creditsInvoiceNumber: null,
        pdfUrl: `/api/billing/${invoice.number}.pdf`,
      },
      {
        id: 'invoice:1',
        kind: 'PURCHASE',
        number: 'INV-2025-000001',
        issuedAt: '2025-01-01T00:00:00.000Z',
        description: 'CRM Pro — Annual',
        amount: { amount: '490.00', currency: 'USD' },
        runningTotal: { amount: '490.00', currency: 'USD' },
        creditsInvoiceNumber: null,
        pdfUrl: '/api/billing/INV-2025-000001.pdf',
      },
    ]);
  });

  it('pages with a keyset cursor and keeps the running totals of the whole history', async () => {
    const first = (await t.gqlOk(HISTORY, { orgId: ACME, first: 2 }, { as: 'alice@acme.test' })).orgBillingHistory;
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.map((e: { node: { number: string } }) => e.node.number)).toEqual([creditNote, invoice.number]);
    const next = (await t.gqlOk(HISTORY, { orgId: ACME, first: 2, after: first.pageInfo.endCursor }, { as: 'alice@acme.test' }))
      .orgBillingHistory;
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(
      next.edges.map((e: { node: { number: string; runningTotal: { amount: string } } }) => [e.node.number, e.node.runningTotal.amount]),
    ).toEqual([['INV-2025-000001', '490.00']]);
    expect(protocolCode(await t.gql(HISTORY, { orgId: ACME, after: 'garbage' }, { as: 'alice@acme.test' }))).toBe('BAD_USER_INPUT');
  });

  it('totals per currency: charged, refunded, net', async () => {
    expect((await t.gqlOk(TOTALS, { orgId: ACME }, { as: 'alice@acme.test' })).orgBillingTotals).toEqual([
      { currency: 'USD', documents: 3, charged: { amount: '548.80' }, refunded: { amount: '8.80' }, net: { amount: '540.00' } },
    ]);
  });

  it("another org's history is NOT_FOUND, a member without a billing permission is FORBIDDEN, anonymous is UNAUTHENTICATED", async () => {
    for (const q of [HISTORY, TOTALS]) {
      expect(protocolCode(await t.gql(q, { orgId: ACME }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
      expect(protocolCode(await t.gql(q, { orgId: ACME }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
      expect(protocolCode(await t.gql(q, { orgId: ACME }))).toBe('UNAUTHENTICATED');
    }
    // TechStart sees its own (two seed invoices), none of Acme's.
    const own = (await t.gqlOk(HISTORY, { orgId: 102 }, { as: 'tom@techstart.test' })).orgBillingHistory;
    expect(own.edges.map((e: { node: { number: string } }) => e.node.number)).toEqual(['INV-2025-000003', 'INV-2025-000002']);
  });
});

describe('PDF documents', () => {
  it("an invoice PDF carries the seller's identity and VAT id, the buyer, the lines, the tax and the total", async () => {
    const res = await download(`/api/billing/${invoice.number}.pdf`, 'alice@acme.test');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(res.body);
    for (const s of [
      'Invoice',
      invoice.number,
      'issued 2026-03-10',
      DEMO_SELLER.name,
      `VAT id: ${DEMO_SELLER.vatId}`,
      'Billed to',
      'Acme CORP',
      '221B Baker Street',
      'Country: GB',
      'Tax id: none given',
      'CRM Pro — Monthly',
      '$49.00',
      'VAT (20%)',
      '$9.80',
      'Total (USD)',
      '$58.80',
      'Taxable amount',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('reverse charge');
  });

  it('a reverse-charged invoice says so, with the buyer tax id', async () => {
    const text = await pdfText((await download('/api/billing/INV-2025-000001.pdf', 'alice@acme.test')).body);
    expect(text).toContain('reverse charge');
    expect(text).toMatch(/Article\s+196/);
    expect(text).toContain('$490.00');
  });

  it('a credit note PDF names the invoice it credits and the refunded amount', async () => {
    const text = await pdfText((await download(`/api/billing/${creditNote}.pdf`, 'alice@acme.test')).body);
    for (const s of [
      'Credit note',
      creditNote,
      `Credits invoice ${invoice.number}`,
      'Partial refund: Goodwill',
      '-$8.80',
      `VAT id: ${DEMO_SELLER.vatId}`,
    ]) {
      expect(text).toContain(s);
    }
  });

  it('refuses: anonymous 401, another org or an unknown number 404, a member without billing permission 403', async () => {
    expect((await download(`/api/billing/${invoice.number}.pdf`)).status).toBe(401);
    expect((await download(`/api/billing/${invoice.number}.pdf`, 'tom@techstart.test')).status).toBe(404);
    expect((await download(`/api/billing/${creditNote}.pdf`, 'tom@techstart.test')).status).toBe(404);
    expect((await download('/api/billing/INV-2026-999999.pdf', 'alice@acme.test')).status).toBe(404);
    expect((await download('/api/billing/CN-2026-999999.pdf', 'alice@acme.test')).status).toBe(404);
    expect((await download('/api/billing/whatever.pdf', 'alice@acme.test')).status).toBe(404);
    expect((await download(`/api/billing/${invoice.number}.pdf`, 'viewer@acme.test')).status).toBe(403);
  });
});
