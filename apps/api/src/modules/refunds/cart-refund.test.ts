import { FixedClock } from '../../core/clock';
import { useTestApp, type TestApp } from '../../test/harness';
import { generatePayouts } from '../payouts/payout.service';
import { buyCart, buyOk, CRM, ERP, newCartOrg, PLAN, protocolCode, sandbox } from '../checkout/test-support/checkout-fixtures';

/**
 * Refunds of a dependency cart's receipt (issue 13 × issue 18): one payment and one receipt for
 * Custom ERP (10 days, DevShop Solutions, 30 % commission) and CRM Pro Monthly (official vendor,
 * 0 %), refunded per line by a platform admin.
 *
 * The cart, for an org billed from GB without a VAT id (20 % VAT):
 *   Custom ERP 4500.00 + VAT 900.00 = 5400.00 (commission 1350.00, vendor 3150.00)
 *   CRM Pro      49.00 + VAT   9.80 =   58.80 (commission    0.00, vendor   49.00)
 *   one payment                       5458.80
 */

const at = (iso: string) => new Date(iso);
const ADMIN = 'admin@webkernel.com';
const REFUND = /* GraphQL */ `
  mutation ($input: AdminRefundCreateInput!) {
    adminRefundCreate(input: $input) {
      errors {
        code
        field
        message
      }
      creditNote {
        id
        number
        receiptNumber
        amount {
          amount
          currency
        }
        isFull
        licenseId
        lines {
          purchaseId
          licenseId
          description
          amount {
            amount
          }
          isFull
        }
      }
    }
  }
`;
const RECEIPT_LINES = /* GraphQL */ `
  query ($number: String!) {
    receipt: receiptByNumber(number: $number) {
      refundableAmount
      refundLines {
        purchaseId
        licenseId
        description
        moduleName
        total {
          amount
        }
        refunded {
          amount
        }
        refundable {
          amount
        }
      }
    }
  }
`;

interface Cart {
  org: number;
  invoiceId: number;
  receipt: string;
  erp: { purchaseId: number; licenseId: number };
  crm: { purchaseId: number; licenseId: number };
}

async function boughtCart(t: TestApp): Promise<Cart> {
  const org = await newCartOrg(t);
  const res = await buyCart(t, 'alice@acme.test', { orgId: org });
  expect(res.errors).toBeUndefined();
  const p = res.data!.purchaseCreate;
  expect(p.errors).toEqual([]);
  expect(p.receipt.total.amount).toBe('5458.80');
  const [erp, crm] = p.lines as { id: number; licenseId: number; module: { id: number } }[];
  expect([erp!.module.id, crm!.module.id]).toEqual([ERP, CRM]);
  return {
    org,
    invoiceId: p.receipt.id as number,
    receipt: p.receipt.number as string,
    erp: { purchaseId: erp!.id, licenseId: erp!.licenseId },
    crm: { purchaseId: crm!.id, licenseId: crm!.licenseId },
  };
}

const refund = (t: TestApp, input: Record<string, unknown>, as = ADMIN) => t.gql(REFUND, { input }, { as });
const refundOk = async (t: TestApp, input: Record<string, unknown>) => {
  const r = await refund(t, input);
  expect(r.errors).toBeUndefined();
  return r.data!.adminRefundCreate;
};
const seq = (n: string) => Number(n.split('-')[2]);
const sandboxRefunds = (t: TestApp, from: number) =>
  sandbox(t)
    .ledger.slice(from)
    .filter((o) => o.kind === 'refund');

describe('refunds of a dependency cart’s receipt, per line', () => {
  const clock = new FixedClock(at('2026-03-10T10:00:00Z'));
  const t = useTestApp({ clock });
  beforeEach(() => clock.set(at('2026-03-10T10:00:00Z')));

  it('part of one line and all of another: one provider refund against the one payment, one credit note naming the receipt and both lines, shares exact to the cent; the fully refunded line’s license is revoked', async () => {
    const c = await boughtCart(t);
    // The lines as sold (the figures the splits start from).
    const rows = await t.prisma.purchase.findMany({ where: { orgId: c.org }, orderBy: { id: 'asc' } });
    expect(rows.map((p) => [p.totalAmount.toFixed(2), p.commissionAmount.toFixed(2), p.vendorAmount.toFixed(2), p.vendorId])).toEqual([
      ['5400.00', '1350.00', '3150.00', 2],
      ['58.80', '0.00', '49.00', 1],
    ]);
    // The admin sees each line with what is left on it.
    const before = await t.gqlOk(RECEIPT_LINES, { number: c.receipt }, { as: ADMIN });
    expect(before.receipt.refundableAmount).toBe('5458.80');
    expect(before.receipt.refundLines).toEqual([
      {
        purchaseId: c.erp.purchaseId,
        licenseId: c.erp.licenseId,
        description: 'Custom ERP — Custom Dev (10 days)',
        moduleName: 'Custom ERP',
        total: { amount: '5400.00' },
        refunded: { amount: '0.00' },
        refundable: { amount: '5400.00' },
      },
      {
        purchaseId: c.crm.purchaseId,
        licenseId: c.crm.licenseId,
        description: 'CRM Pro — Monthly',
        moduleName: 'CRM Pro',
        total: { amount: '58.80' },
        refunded: { amount: '0.00' },
        refundable: { amount: '58.80' },
      },
    ]);

    const ledger = sandbox(t).ledger.length;
    const first = await refundOk(t, {
      invoiceId: c.invoiceId,
      reason: 'CRM Pro not needed after all; part of the ERP days unused',
      lines: [{ purchaseId: c.erp.purchaseId, amount: '1000.00' }, { purchaseId: c.crm.purchaseId }],
    });
    expect(first.errors).toEqual([]);
    expect(first.creditNote).toMatchObject({
      number: expect.stringMatching(/^CN-2026-\d{6}$/),
      receiptNumber: c.receipt,
      amount: { amount: '1058.80', currency: 'USD' },
      isFull: false,
      licenseId: null,
      lines: [
        {
          purchaseId: c.erp.purchaseId,
          licenseId: c.erp.licenseId,
          description: 'Custom ERP — Custom Dev (10 days)',
          amount: { amount: '1000.00' },
          isFull: false,
        },
        {
          purchaseId: c.crm.purchaseId,
          licenseId: c.crm.licenseId,
          description: 'CRM Pro — Monthly',
          amount: { amount: '58.80' },
          isFull: true,
        },
      ],
    });
    // One refund at the provider, of the sum, against the cart's one charge.
    const payment = await t.prisma.payment.findFirstOrThrow({ where: { orgId: c.org, status: 'succeeded' } });
    expect(sandboxRefunds(t, ledger)).toEqual([{ kind: 'refund', chargeId: payment.providerChargeId, amount: '1058.80' }]);
    // Shares: ERP 1000.00 of 5400.00 → vendor round(3150 × 1000/5400 = 583.333…) = 583.33, commission 250.00; CRM all of it.
    const note = await t.prisma.creditNote.findUniqueOrThrow({
      where: { number: first.creditNote.number },
      include: { lines: { orderBy: { id: 'asc' } } },
    });
    expect(
      note.lines.map((l) => [l.vendorId, l.vendorAdjustment.toFixed(2), l.commissionAdjustment.toFixed(2), l.salesAdjustment.toFixed(2)]),
    ).toEqual([
      [2, '-583.33', '-250.00', '-833.33'],
      [1, '-49.00', '0.00', '-49.00'],
    ]);
    expect([note.vendorId, note.vendorAdjustment.toFixed(2), note.commissionAdjustment.toFixed(2)]).toEqual([null, '-632.33', '-250.00']);
    // CRM Pro's line is refunded in full: its license is revoked, its purchase refunded; Custom ERP stays.
    const licenses = await t.prisma.license.findMany({ where: { orgId: c.org }, orderBy: { id: 'asc' } });
    expect(licenses.map((l) => [l.moduleId, l.status])).toEqual([
      [ERP, 'active'],
      [CRM, 'revoked'],
    ]);
    const history = await t.prisma.licenseStatusHistory.findFirstOrThrow({
      where: { licenseId: c.crm.licenseId },
      orderBy: { id: 'desc' },
    });
    expect(history).toMatchObject({ oldStatus: 'active', newStatus: 'revoked', reason: expect.stringContaining(first.creditNote.number) });
    expect((await t.prisma.purchase.findMany({ where: { orgId: c.org }, orderBy: { id: 'asc' } })).map((p) => p.status)).toEqual([
      'completed',
      'refunded',
    ]);
    // Audit row with the lines; the org and both vendors are told.
    const auditRow = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'refund', entityId: String(note.id) } });
    expect(auditRow).toMatchObject({ orgId: c.org, userId: await t.userId(ADMIN), entityType: 'credit_note' });
    expect(auditRow.newValue).toMatchObject({
      number: note.number,
      invoice: c.receipt,
      amount: '1058.80',
      isFull: false,
      revokedLicenseIds: [c.crm.licenseId],
      lines: [
        { purchaseId: c.erp.purchaseId, amount: '1000.00', isFull: false, vendorAdjustment: '-583.33' },
        { purchaseId: c.crm.purchaseId, amount: '58.80', isFull: true, vendorAdjustment: '-49.00' },
      ],
    });
    const told = await t.prisma.notification.findMany({ where: { type: 'refund_issued', message: { contains: note.number } } });
    const alice = await t.userId('alice@acme.test');
    const admin = await t.userId(ADMIN);
    // Alice: the buying org's admin and DevShop's owner; the platform admin runs the official vendor.
    expect(told.filter((n) => n.recipientUserId === alice).map((n) => n.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Refund CN-2026-\d{6}: /), expect.stringMatching(/^Refund on Custom ERP: /)]),
    );
    expect(told.filter((n) => n.recipientUserId === admin).map((n) => n.title)).toContainEqual(
      expect.stringMatching(/^Refund on CRM Pro: /),
    );

    // What is left: 4400.00 on Custom ERP, nothing on CRM Pro.
    const mid = await t.gqlOk(RECEIPT_LINES, { number: c.receipt }, { as: ADMIN });
    expect(mid.receipt.refundableAmount).toBe('4400.00');
    expect(mid.receipt.refundLines.map((l: any) => [l.refunded.amount, l.refundable.amount])).toEqual([
      ['1000.00', '4400.00'],
      ['58.80', '0.00'],
    ]);
    // CRM Pro's line again is refused; the rest of Custom ERP (no amount: all that is left) completes the receipt.
    const again = await refundOk(t, { invoiceId: c.invoiceId, reason: 'again', lines: [{ purchaseId: c.crm.purchaseId }] });
    expect(again.errors.map((e: any) => [e.code, e.field])).toEqual([['ALREADY_REFUNDED', 'lines[0].purchaseId']]);
    const second = await refundOk(t, { invoiceId: c.invoiceId, reason: 'Project cancelled', lines: [{ purchaseId: c.erp.purchaseId }] });
    expect(second.errors).toEqual([]);
    expect(second.creditNote).toMatchObject({ amount: { amount: '4400.00' }, isFull: true, licenseId: c.erp.licenseId });
    expect(seq(second.creditNote.number)).toBe(seq(first.creditNote.number) + 1);
    const last = await t.prisma.creditNoteLine.findFirstOrThrow({ where: { creditNoteId: second.creditNote.id } });
    // The remainder: the vendor gives back exactly 3150.00 in all (583.33 + 2566.67), the platform 1350.00.
    expect([last.vendorAdjustment.toFixed(2), last.commissionAdjustment.toFixed(2), last.isFull]).toEqual(['-2566.67', '-1100.00', true]);
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: c.erp.licenseId } })).status).toBe('revoked');
    // Everything refunded: exactly the payment, never more; a further refund is refused.
    const notes = await t.prisma.creditNote.findMany({ where: { invoiceId: c.invoiceId } });
    expect(notes.reduce((s, n) => s + Math.round(Number(n.amount.toFixed(2)) * 100), 0)).toBe(545_880);
    const done = await refundOk(t, { invoiceId: c.invoiceId, reason: 'more', lines: [{ purchaseId: c.erp.purchaseId }] });
    expect(done.errors.map((e: any) => [e.code, e.field])).toEqual([['ALREADY_REFUNDED', 'invoiceId']]);
    // The org sees both licenses' credit notes.
    const view = await t.gqlOk(
      `query($id: Int!) { license(id: $id) { status creditNotes { number } } }`,
      { id: c.crm.licenseId },
      { as: 'alice@acme.test' },
    );
    expect(view.license).toEqual({ status: 'revoked', creditNotes: [{ number: first.creditNote.number }] });
  });

  it('refuses each bad request with its code and field, and refunds nothing', async () => {
    const c = await boughtCart(t);
    const single = await buyOk(t, 'alice@acme.test', { planId: PLAN.crmMonthly });
    const ledger = sandbox(t).ledger.length;
    const codes = async (input: Record<string, unknown>) => {
      const r = await refundOk(t, { invoiceId: c.invoiceId, reason: 'customer asked', ...input });
      expect(r.creditNote).toBeNull();
      return r.errors.map((e: any) => [e.code, e.field]);
    };
    expect(await codes({})).toEqual([['REFUND_LINES_REQUIRED', 'lines']]);
    expect(await codes({ lines: [] })).toEqual([['REFUND_LINES_REQUIRED', 'lines']]);
    expect(await codes({ amount: '10.00' })).toEqual([['REFUND_LINES_REQUIRED', 'amount']]);
    expect(await codes({ lines: [{ purchaseId: single.purchase.id }] })).toEqual([['REFUND_LINE_INVALID', 'lines[0].purchaseId']]);
    expect(await codes({ lines: [{ purchaseId: c.crm.purchaseId }, { purchaseId: c.crm.purchaseId, amount: '1.00' }] })).toEqual([
      ['REFUND_LINE_INVALID', 'lines[1].purchaseId'],
    ]);
    // More than was paid on the line (58.80), though less than the receipt's 5458.80; zero; three decimals; not a number.
    for (const amount of ['58.81', '0', '-1.00', '1.001', 'ten'])
      expect(await codes({ lines: [{ purchaseId: c.crm.purchaseId, amount }] })).toEqual([['REFUND_AMOUNT_INVALID', 'lines[0].amount']]);
    const tooMuch = await refundOk(t, {
      invoiceId: c.invoiceId,
      reason: 'x x x',
      lines: [{ purchaseId: c.crm.purchaseId, amount: '100.00' }],
    });
    expect(tooMuch.errors[0].message).toBe('Enter an amount from 0.01 to 58.80 (what is left on CRM Pro).');
    // Every error of the request at once.
    expect(
      await codes({
        lines: [
          { purchaseId: c.erp.purchaseId, amount: '5400.01' },
          { purchaseId: c.crm.purchaseId, amount: '0.00' },
        ],
      }),
    ).toEqual([
      ['REFUND_AMOUNT_INVALID', 'lines[0].amount'],
      ['REFUND_AMOUNT_INVALID', 'lines[1].amount'],
    ]);
    expect(await codes({ reason: ' ', lines: [{ purchaseId: c.crm.purchaseId }] })).toEqual([['REASON_REQUIRED', 'reason']]);
    // Lines on a receipt of one line.
    const one = await refundOk(t, { invoiceId: single.receipt.id, reason: 'one line', lines: [{ purchaseId: single.purchase.id }] });
    expect(one.errors.map((e: any) => [e.code, e.field])).toEqual([['REFUND_LINE_INVALID', 'lines']]);
    // Nothing moved, nothing written.
    expect(sandboxRefunds(t, ledger)).toEqual([]);
    expect(await t.prisma.creditNote.count({ where: { invoiceId: { in: [c.invoiceId, single.receipt.id] } } })).toBe(0);
    expect((await t.prisma.license.findMany({ where: { orgId: c.org } })).map((l) => l.status)).toEqual(['active', 'active']);
  });

  it('only platform admins refund; the cart’s lines are the org’s billing: another org NOT_FOUND, developer and viewer FORBIDDEN', async () => {
    const c = await boughtCart(t);
    // The org's own admin (who bought it), another org's admin, a developer, a viewer: none is a platform admin.
    for (const as of ['alice@acme.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test']) {
      const r = await refund(t, { invoiceId: c.invoiceId, reason: 'not mine to refund', lines: [{ purchaseId: c.crm.purchaseId }] }, as);
      expect({ as, code: protocolCode(r) }).toEqual({ as, code: 'FORBIDDEN' });
    }
    expect(protocolCode(await t.gql(REFUND, { input: { invoiceId: c.invoiceId, reason: 'anon', lines: [] } }))).toBe('UNAUTHENTICATED');
    // The receipt's refund lines: the buying org (Alice) sees them; another org does not see the receipt at all.
    expect((await t.gqlOk(RECEIPT_LINES, { number: c.receipt }, { as: 'alice@acme.test' })).receipt.refundLines).toHaveLength(2);
    expect(protocolCode(await t.gql(RECEIPT_LINES, { number: c.receipt }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    // Dev and viewer are members of Acme, not of this org: NOT_FOUND; Acme's own viewer is refused its receipts (FORBIDDEN).
    expect(protocolCode(await t.gql(RECEIPT_LINES, { number: c.receipt }, { as: 'viewer@acme.test' }))).toBe('NOT_FOUND');
    await t.prisma.membership.create({
      data: { orgId: c.org, userId: await t.userId('viewer@acme.test'), role: 'viewer', permissions: [] },
    });
    expect(protocolCode(await t.gql(RECEIPT_LINES, { number: c.receipt }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(await t.prisma.creditNote.count({ where: { invoiceId: c.invoiceId } })).toBe(0);
  });

  it('vendor payouts per line: a pending month is adjusted in place, a month already paid gets a negative line in the next payout', async () => {
    const ctx = await t.ctxAs(ADMIN);
    const payout = (vendorId: number, month: string) =>
      t.prisma.vendorPayout.findUnique({
        where: { vendorId_periodStart_currency: { vendorId, periodStart: at(`${month}-01T00:00:00Z`), currency: 'USD' } },
      });
    // A cart bought in January; January's payouts generated; DevShop's paid, the official vendor's still pending.
    clock.set(at('2026-01-15T10:00:00Z'));
    const c = await boughtCart(t);
    clock.set(at('2026-02-03T10:00:00Z'));
    await generatePayouts(ctx, 2026, 1);
    const devJan = (await payout(2, '2026-01'))!;
    await t.prisma.vendorPayout.update({
      where: { id: devJan.id },
      data: { status: 'paid', paidAt: clock.now(), paymentReference: 'WIRE-JAN' },
    });
    const offJan = (await payout(1, '2026-01'))!;
    expect(offJan.status).toBe('pending');

    // Refunded in February: ERP 540.00 (10 %), CRM Pro in full.
    const r = await refundOk(t, {
      invoiceId: c.invoiceId,
      reason: 'partial',
      lines: [{ purchaseId: c.erp.purchaseId, amount: '540.00' }, { purchaseId: c.crm.purchaseId }],
    });
    expect(r.errors).toEqual([]);
    const lines = await t.prisma.creditNoteLine.findMany({ where: { creditNoteId: r.creditNote.id }, orderBy: { id: 'asc' } });
    // DevShop's January was paid: its −315.00 (3150 × 10 %) goes to February; the official vendor's pending January takes its −49.00.
    expect(lines.map((l) => [l.vendorId, l.vendorAdjustment.toFixed(2), l.payoutPeriodStart.toISOString().slice(0, 7)])).toEqual([
      [2, '-315.00', '2026-02'],
      [1, '-49.00', '2026-01'],
    ]);
    // January: DevShop's paid payout is unchanged; the official vendor's pending one is refreshed at once (49.00 less).
    expect((await payout(2, '2026-01'))!.payoutAmount.toFixed(2)).toBe(devJan.payoutAmount.toFixed(2));
    const offJanAfter = (await payout(1, '2026-01'))!;
    expect(Math.round(Number(offJanAfter.payoutAmount.toFixed(2)) * 100)).toBe(
      Math.round(Number(offJan.payoutAmount.toFixed(2)) * 100) - 4900,
    );
    // February's payout of DevShop carries the negative line (no sale of DevShop in February here).
    clock.set(at('2026-03-02T10:00:00Z'));
    await generatePayouts(ctx, 2026, 2);
    const devFeb = (await payout(2, '2026-02'))!;
    const febSales = await t.prisma.purchase.findMany({
      where: { vendorId: 2, purchasedAt: { gte: at('2026-02-01T00:00:00Z'), lt: at('2026-03-01T00:00:00Z') } },
    });
    expect(febSales).toEqual([]);
    expect([devFeb.payoutAmount.toFixed(2), devFeb.commissionAmount.toFixed(2), devFeb.totalSales.toFixed(2), devFeb.salesCount]).toEqual([
      '-315.00',
      '-135.00',
      '-450.00',
      0,
    ]);
    // DevShop's sales list shows the refund line against Custom ERP with the credit note's number.
    const sales = await t.gqlOk(
      `query { vendorSales(vendorId: 2, first: 100) { edges { node { kind planName moduleName net { amount } } } } }`,
      {},
      { as: 'alice@acme.test' },
    );
    expect(sales.vendorSales.edges.map((e: any) => e.node)).toContainEqual({
      kind: 'refund',
      planName: `Refund ${r.creditNote.number}`,
      moduleName: 'Custom ERP',
      net: { amount: '-315.00' },
    });
  });
});

// Parallel HTTP refunds queue on the receipt's row lock: slow on a loaded machine (no duration is asserted).
jest.setTimeout(240_000);
describe('cart refunds under concurrency', () => {
  const t = useTestApp({ poolSize: 20 });

  it('8 parallel full refunds of one line: one succeeds, 7 are refused; 8 parallel 700.00 refunds of the 5400.00 line: 7 succeed, the 8th is refused — never more than the line or the payment', async () => {
    const c = await boughtCart(t);
    const ledger = sandbox(t).ledger.length;
    const full = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        refund(t, { invoiceId: c.invoiceId, reason: `race ${i}`, lines: [{ purchaseId: c.crm.purchaseId }] }),
      ),
    );
    expect(full.flatMap((r) => r.errors ?? [])).toEqual([]);
    const payloads = full.map((r) => r.data!.adminRefundCreate);
    expect(payloads.filter((p) => p.creditNote)).toHaveLength(1);
    for (const p of payloads.filter((x) => !x.creditNote))
      expect(p.errors.map((e: any) => [e.code, e.field])).toEqual([['ALREADY_REFUNDED', 'lines[0].purchaseId']]);

    const parts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        refund(t, { invoiceId: c.invoiceId, reason: `part ${i}`, lines: [{ purchaseId: c.erp.purchaseId, amount: '700.00' }] }),
      ),
    );
    expect(parts.flatMap((r) => r.errors ?? [])).toEqual([]);
    const partPayloads = parts.map((r) => r.data!.adminRefundCreate);
    expect(partPayloads.filter((p) => p.creditNote)).toHaveLength(7);
    expect(partPayloads.filter((p) => !p.creditNote).map((p) => p.errors.map((e: any) => [e.code, e.field, e.message]))).toEqual([
      [['REFUND_AMOUNT_INVALID', 'lines[0].amount', 'Enter an amount from 0.01 to 500.00 (what is left on Custom ERP).']],
    ]);
    // The provider refunded 58.80 + 7 × 700.00 = 4958.80 of the 5458.80 paid; the notes say the same, numbered without a gap.
    const refunds = sandboxRefunds(t, ledger);
    expect(refunds.map((r) => r.amount).sort()).toEqual(['58.80', ...Array(7).fill('700.00')]);
    const notes = await t.prisma.creditNote.findMany({ where: { invoiceId: c.invoiceId }, orderBy: { number: 'asc' } });
    expect(notes.reduce((s, n) => s + Math.round(Number(n.amount.toFixed(2)) * 100), 0)).toBe(495_880);
    const numbers = notes.map((n) => seq(n.number));
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    const erpLines = await t.prisma.creditNoteLine.findMany({ where: { purchaseId: c.erp.purchaseId } });
    expect(erpLines.reduce((s, l) => s + Math.round(Number(l.amount.toFixed(2)) * 100), 0)).toBe(490_000);
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: c.erp.licenseId } })).status).toBe('active');
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: c.crm.licenseId } })).status).toBe('revoked');
  });
});
