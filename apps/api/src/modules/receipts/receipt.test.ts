import { useTestApp } from '../../test/harness';
import { buyOk, protocolCode } from '../checkout/test-support/checkout-fixtures';

const RECEIPT = `query($id: Int!) { receipt(id: $id) { id number orgId issuedAt currency lines { description amount { amount currency } }
  subtotal { amount } discount { amount } tax { amount } total { amount } taxName taxRate reverseCharge notes billingName billingAddress billingCountry taxId downloadUrl } }`;

describe('receipts', () => {
  const t = useTestApp();

  it("seed purchase 2's receipt: lines, discount, reverse-charge note, TechStart's billing identity", async () => {
    const inv = await t.prisma.invoice.findFirstOrThrow({ where: { purchaseId: 2 } });
    const { receipt } = await t.gqlOk(RECEIPT, { id: inv.id }, { as: 'tom@techstart.test' });
    expect(receipt).toMatchObject({
      number: 'INV-2025-000002',
      orgId: 102,
      currency: 'USD',
      subtotal: { amount: '4500.00' },
      discount: { amount: '100.00' },
      tax: { amount: '0.00' },
      total: { amount: '4400.00' },
      reverseCharge: true,
      billingName: 'Techstart',
      billingAddress: '11 Rue de Cambrai',
      billingCountry: 'FR',
      taxId: 'FR40303265045',
      downloadUrl: '/api/receipts/INV-2025-000002.html',
    });
    expect(receipt.lines.map((l: { amount: { amount: string } }) => l.amount.amount)).toEqual(['4500.00', '-100.00']);
    expect(receipt.notes).toEqual([expect.stringMatching(/reverse charge/)]);
  });

  it('receiptByNumber finds it; numbers are unique INV-<year>-<6 digits>', async () => {
    const p = await buyOk(t, 'alice@acme.test');
    const { receiptByNumber } = await t.gqlOk(
      `query($n: String!) { receiptByNumber(number: $n) { id purchaseId total { amount } } }`,
      { n: p.receipt.number },
      { as: 'alice@acme.test' },
    );
    expect(receiptByNumber).toEqual({ id: p.receipt.id, purchaseId: p.purchase.id, total: { amount: '49.00' } });
    const next = await buyOk(t, 'alice@acme.test');
    const [y, a] = p.receipt.number.split('-').slice(1).map(Number);
    expect(next.receipt.number).toBe(`INV-${y}-${String(a + 1).padStart(6, '0')}`);
  });

  it.each([
    ['the viewer', 'viewer@acme.test', 'FORBIDDEN'],
    ['the developer', 'dev@acme.test', 'FORBIDDEN'],
    ["another org's admin", 'tom@techstart.test', 'NOT_FOUND'],
    ['a vendor without an org', 'john@johndoe.test', 'NOT_FOUND'],
  ])('%s cannot read an Acme receipt', async (_l, as, code) => {
    const inv = await t.prisma.invoice.findFirstOrThrow({ where: { purchaseId: 1 } });
    expect(protocolCode(await t.gql(RECEIPT, { id: inv.id }, { as }))).toBe(code);
    expect(protocolCode(await t.gql(`query($n: String!) { receiptByNumber(number: $n) { id } }`, { n: inv.number }, { as }))).toBe(code);
  });

  it('platform admins can read any receipt; anonymous callers cannot', async () => {
    const inv = await t.prisma.invoice.findFirstOrThrow({ where: { purchaseId: 1 } });
    expect((await t.gqlOk(RECEIPT, { id: inv.id }, { as: 'admin@webkernel.com' })).receipt.number).toBe(inv.number);
    expect(protocolCode(await t.gql(RECEIPT, { id: inv.id }))).toBe('UNAUTHENTICATED');
  });

  describe('GET /api/receipts/:number.html', () => {
    const get = async (path: string, as?: string) => {
      const headers: Record<string, string> = {};
      if (as) headers.cookie = await t.sessionCookie(as);
      return fetch(`${t.baseUrl}${path}`, { headers });
    };

    it('returns a printable HTML receipt with number, lines, tax, totals and the reverse-charge note', async () => {
      const p = await buyOk(t, 'alice@acme.test', { couponCode: null });
      const res = await get(p.receipt.downloadUrl, 'alice@acme.test');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).toContain(p.receipt.number);
      expect(html).toContain('CRM Pro — Monthly');
      expect(html).toContain('$49.00');
      expect(html).toContain('VAT (reverse charge)');
      expect(html).toContain('Article 196 Directive 2006/112/EC');
      expect(html).toContain('Acme CORP');
      expect(html).not.toMatch(/<script/i);
    });

    it('offers a download with ?download=1', async () => {
      const res = await get('/api/receipts/INV-2025-000001.html?download=1', 'alice@acme.test');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="INV-2025-000001.html"');
    });

    it('escapes what it prints', async () => {
      await t.prisma.billingProfile.update({ where: { id: 101 }, data: { name: '<img src=x onerror=alert(1)>' } });
      const p = await buyOk(t, 'alice@acme.test');
      const html = await (await get(p.receipt.downloadUrl, 'alice@acme.test')).text();
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toContain('<img src=x');
      await t.prisma.billingProfile.update({ where: { id: 101 }, data: { name: 'Acme CORP' } });
    });

    it.each([
      [undefined, 401],
      ['tom@techstart.test', 404],
      ['john@johndoe.test', 404],
      ['viewer@acme.test', 403],
      ['dev@acme.test', 403],
    ])('as %s → %s', async (as, status) => {
      const res = await get('/api/receipts/INV-2025-000001.html', as);
      expect(res.status).toBe(status);
      expect(await res.text()).not.toContain('INV-2025-000001');
    });

    it('unknown or malformed numbers → 404', async () => {
      expect((await get('/api/receipts/INV-2099-999999.html', 'alice@acme.test')).status).toBe(404);
      expect((await get('/api/receipts/..%2F..%2Fetc%2Fpasswd', 'alice@acme.test')).status).toBe(404);
    });
  });
});
