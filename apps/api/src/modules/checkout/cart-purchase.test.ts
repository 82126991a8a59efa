import { useTestApp, type TestApp } from '../../test/harness';
import {
  ACME,
  ANALYTICS,
  buyCart,
  CART_QUOTE,
  cartInput,
  CRM,
  CRM_CONTRACT,
  ERP,
  footprint,
  newCartOrg,
  newKey,
  PLAN,
  protocolCode,
  sandbox,
  TECHSTART,
} from './test-support/checkout-fixtures';

/**
 * The dependency cart's purchase (issue 18): Custom ERP requires CRM Pro, so a cart buys both with
 * one payment, one idempotency key and one receipt of several lines; coupons and tax per line.
 */

let seq = 0;
const newOrg = newCartOrg;

async function coupon(
  t: TestApp,
  data: { code: string; discountType: 'percentage' | 'fixed'; discountValue: string; maxUses?: number; moduleId?: number },
) {
  return t.prisma.coupon.create({
    data: {
      code: `${data.code}${Date.now()}${seq++}`,
      discountType: data.discountType,
      discountValue: data.discountValue,
      maxUses: data.maxUses ?? null,
      appliesToModuleId: data.moduleId ?? null,
    },
  });
}

const errorsOf = (r: { data?: Record<string, any> | null }) => r.data!.purchaseCreate.errors as { code: string; field: string }[];

describe('dependency cart: purchaseCreate with dependencyLines', () => {
  const t = useTestApp();

  it('one payment buys Custom ERP and CRM Pro: per-line coupon and VAT exact to the cent, one receipt with every line, two licenses', async () => {
    const org = await newOrg(t);
    const erpOff = await coupon(t, { code: 'ERP100', discountType: 'fixed', discountValue: '100.00', moduleId: ERP });
    const crmOff = await coupon(t, { code: 'CRM125', discountType: 'percentage', discountValue: '12.50', moduleId: CRM });
    const ledgerBefore = sandbox(t).ledger.length;

    const input = cartInput({ orgId: org, couponCode: erpOff.code.toLowerCase() }, [
      { moduleId: CRM, planId: PLAN.crmMonthly, couponCode: crmOff.code, acceptContractId: CRM_CONTRACT },
    ]);
    // The quote prices exactly what the purchase charges.
    const { purchaseQuote: q } = await t.gqlOk(
      CART_QUOTE,
      {
        input: {
          orgId: org,
          moduleId: ERP,
          planId: PLAN.erpCustom,
          days: 10,
          couponCode: erpOff.code,
          dependencyLines: [{ moduleId: CRM, planId: PLAN.crmMonthly, couponCode: crmOff.code }],
        },
      },
      { as: 'alice@acme.test' },
    );
    expect(q.errors).toEqual([]);
    // ERP: 450 × 10 = 4500.00 − 100.00 = 4400.00, VAT 880.00 → 5280.00.
    // CRM: 49.00 − 12.5 % (6.125 → 6.13) = 42.87, VAT 8.574 → 8.57 → 51.44.
    expect(
      q.cart.lines.map((l: any) => [
        l.module.id,
        l.quote.subtotal.amount,
        l.quote.discount.amount,
        l.quote.tax.amount,
        l.quote.total.amount,
      ]),
    ).toEqual([
      [ERP, '4500.00', '100.00', '880.00', '5280.00'],
      [CRM, '49.00', '6.13', '8.57', '51.44'],
    ]);
    expect(q.cart).toMatchObject({
      currency: 'USD',
      subtotal: { amount: '4549.00' },
      discount: { amount: '106.13' },
      tax: { amount: '888.57' },
      total: { amount: '5331.44' },
      requiresPayment: true,
    });

    const r = await t.gql(
      /* GraphQL */ `
        mutation ($input: PurchaseCreateInput!) {
          purchaseCreate(input: $input) {
            errors {
              code
              field
            }
          }
        }
      `,
      { input: { ...input, idempotencyKey: 'x' } },
      { as: 'alice@acme.test' },
    );
    expect(errorsOf(r)).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_INVALID' })]);

    const res = await buyCart(t, 'alice@acme.test', input);
    expect(res.errors).toBeUndefined();
    const p = res.data!.purchaseCreate;
    expect(p.errors).toEqual([]);
    expect(
      p.lines.map((l: any) => [l.module.name, l.subtotal.amount, l.discount.amount, l.tax.amount, l.total.amount, l.couponCode]),
    ).toEqual([
      ['Custom ERP', '4500.00', '100.00', '880.00', '5280.00', erpOff.code],
      ['CRM Pro', '49.00', '6.13', '8.57', '51.44', crmOff.code],
    ]);
    expect(p.lines[0].cartPurchaseId).toBeNull();
    expect(p.lines[1].cartPurchaseId).toBe(p.purchase.id);
    // One receipt, every line, totals = sums.
    expect(p.lines.map((l: any) => l.receiptNumber)).toEqual([p.receipt.number, p.receipt.number]);
    expect(p.receipt.lines).toEqual([
      { description: 'Custom ERP — Custom Dev (10 days)', amount: { amount: '4500.00' } },
      { description: `Discount (${erpOff.code})`, amount: { amount: '-100.00' } },
      { description: 'VAT (20%)', amount: { amount: '880.00' } },
      { description: 'CRM Pro — Monthly', amount: { amount: '49.00' } },
      { description: `Discount (${crmOff.code})`, amount: { amount: '-6.13' } },
      { description: 'VAT (20%)', amount: { amount: '8.57' } },
    ]);
    expect(p.receipt).toMatchObject({
      subtotal: { amount: '4549.00' },
      discount: { amount: '106.13' },
      tax: { amount: '888.57' },
      total: { amount: '5331.44' },
    });
    // Each line is a license of the org.
    expect(p.licenses).toHaveLength(2);
    expect(p.licenses.every((l: any) => l.status === 'active')).toBe(true);
    const licenses = await t.prisma.license.findMany({ where: { orgId: org }, orderBy: { id: 'asc' } });
    expect(licenses.map((l) => l.moduleId)).toEqual([ERP, CRM]);
    // One authorization and one capture of the grand total; one payment row on the head.
    const ops = sandbox(t).ledger.slice(ledgerBefore);
    expect(ops.filter((o) => o.kind === 'authorize')).toEqual([expect.objectContaining({ amount: '5331.44' })]);
    expect(ops.filter((o) => o.kind === 'capture')).toHaveLength(1);
    const payments = await t.prisma.payment.findMany({ where: { orgId: org } });
    expect(payments.map((x) => [x.amount.toFixed(2), x.status, x.purchaseId])).toEqual([['5331.44', 'succeeded', p.purchase.id]]);
    expect(payments[0]!.providerChargeId).not.toBeNull();
    // Each coupon counted once; the vendor amounts stay per line.
    expect((await t.prisma.coupon.findUniqueOrThrow({ where: { id: erpOff.id } })).timesUsed).toBe(1);
    expect((await t.prisma.coupon.findUniqueOrThrow({ where: { id: crmOff.id } })).timesUsed).toBe(1);
    const rows = await t.prisma.purchase.findMany({ where: { orgId: org }, orderBy: { id: 'asc' } });
    expect(rows.map((x) => [x.moduleId, x.vendorId, x.totalAmount.toFixed(2)])).toEqual([
      [ERP, 2, '5280.00'],
      [CRM, 1, '51.44'],
    ]);
    // Contract acceptance and audit per line.
    expect(await t.prisma.licenseContractAcceptance.count({ where: { licenseId: { in: licenses.map((l) => l.id) } } })).toBe(2);
    expect(
      await t.prisma.auditLog.count({
        where: { actionType: 'create', entityType: 'purchase', entityId: { in: rows.map((x) => String(x.id)) } },
      }),
    ).toBe(2);

    // A cart's receipt is refunded per line (refunds/cart-refund.test.ts): one amount for the whole
    // receipt is refused with its own code, and changes nothing.
    const invoice = await t.prisma.invoice.findFirstOrThrow({ where: { number: p.receipt.number } });
    const refund = await t.gqlOk(
      `mutation($input: AdminRefundCreateInput!) { adminRefundCreate(input: $input) { errors { code field message } creditNote { number } } }`,
      { input: { invoiceId: invoice.id, amount: '10.00', reason: 'customer asked' } },
      { as: 'admin@webkernel.com' },
    );
    expect(refund.adminRefundCreate).toEqual({
      creditNote: null,
      errors: [
        {
          code: 'REFUND_LINES_REQUIRED',
          field: 'amount',
          message: expect.stringContaining('2 modules bought together'),
        },
      ],
    });
    expect(await t.prisma.creditNote.count({ where: { invoiceId: invoice.id } })).toBe(0);
    expect((await t.prisma.license.findMany({ where: { orgId: org } })).map((l) => l.status)).toEqual(['active', 'active']);
    expect(
      sandbox(t)
        .ledger.slice(ledgerBefore)
        .filter((o) => o.kind === 'refund'),
    ).toEqual([]);
  });

  it('replaying the idempotency key returns the same cart and never charges twice; another input with it is refused', async () => {
    const org = await newOrg(t);
    const key = newKey();
    const first = (await buyCart(t, 'alice@acme.test', { orgId: org, idempotencyKey: key })).data!.purchaseCreate;
    expect(first.errors).toEqual([]);
    const ledgerAfterFirst = sandbox(t).ledger.length;
    const again = (await buyCart(t, 'alice@acme.test', { orgId: org, idempotencyKey: key })).data!.purchaseCreate;
    expect(again.replayed).toBe(true);
    expect(again.lines.map((l: any) => l.id)).toEqual(first.lines.map((l: any) => l.id));
    expect(again.licenses.map((l: any) => l.licenseKey)).toEqual(first.licenses.map((l: any) => l.licenseKey));
    expect(again.receipt.number).toBe(first.receipt.number);
    expect(
      sandbox(t)
        .ledger.slice(ledgerAfterFirst)
        .filter((o) => o.kind === 'authorize' || o.kind === 'charge'),
    ).toEqual([]);
    expect(await t.prisma.purchase.count({ where: { orgId: org } })).toBe(2);

    const other = await buyCart(t, 'alice@acme.test', { orgId: org, idempotencyKey: key }, [
      { moduleId: CRM, planId: PLAN.crmAnnual, acceptContractId: CRM_CONTRACT },
    ]);
    expect(errorsOf(other)).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' })]);
  });

  it('a declined payment charges nothing and writes nothing of the cart (no purchase, license, coupon use)', async () => {
    const org = await newOrg(t);
    const c = await coupon(t, { code: 'DECL', discountType: 'percentage', discountValue: '10.00' });
    const before = await footprint(t);
    const r = await buyCart(t, 'alice@acme.test', { orgId: org, paymentMethodId: 'pm_sandbox_declined' }, [
      { moduleId: CRM, planId: PLAN.crmMonthly, couponCode: c.code, acceptContractId: CRM_CONTRACT },
    ]);
    expect(errorsOf(r)).toEqual([expect.objectContaining({ code: 'PAYMENT_DECLINED', field: 'paymentMethodId' })]);
    expect(await footprint(t)).toEqual(before);
    expect(await sandbox(t).openHolds()).toEqual([]);
  });

  it('refuses each bad cart with its code and field, and writes nothing', async () => {
    const org = await newOrg(t);
    const eur = await t.prisma.pricingPlan.create({
      data: {
        moduleId: CRM,
        planType: 'subscription',
        name: 'Monthly EUR',
        priceAmount: '45.00',
        priceCurrency: 'EUR',
        billingCycle: 'monthly',
      },
    });
    const before = await footprint(t);
    const cases: [
      string,
      Record<string, unknown>,
      { moduleId: number; planId: number; couponCode?: string; acceptContractId?: number }[],
      string,
      string,
    ][] = [
      ['no line for the required CRM Pro', {}, [], 'DEPENDENCY_MISSING', 'dependencyLines'],
      [
        'a module that is no dependency',
        {},
        [{ moduleId: ANALYTICS, planId: PLAN.analyticsPro }],
        'NOT_A_DEPENDENCY',
        'dependencyLines[0].moduleId',
      ],
      [
        'the same dependency twice',
        {},
        [
          { moduleId: CRM, planId: PLAN.crmMonthly, acceptContractId: CRM_CONTRACT },
          { moduleId: CRM, planId: PLAN.crmAnnual, acceptContractId: CRM_CONTRACT },
        ],
        'DUPLICATE_LINE',
        'dependencyLines[1].moduleId',
      ],
      ['the main module as a line', {}, [{ moduleId: ERP, planId: PLAN.erpCustom }], 'DUPLICATE_LINE', 'dependencyLines[0].moduleId'],
      [
        'the line’s contract not accepted',
        {},
        [{ moduleId: CRM, planId: PLAN.crmMonthly }],
        'CONTRACT_NOT_ACCEPTED',
        'dependencyLines[0].acceptContractId',
      ],
      [
        'an unknown coupon on the line',
        {},
        [{ moduleId: CRM, planId: PLAN.crmMonthly, couponCode: 'NOPE-NOPE', acceptContractId: CRM_CONTRACT }],
        'COUPON_NOT_FOUND',
        'dependencyLines[0].couponCode',
      ],
      [
        'a plan of another module on the line',
        {},
        [{ moduleId: CRM, planId: PLAN.analyticsPro, acceptContractId: CRM_CONTRACT }],
        'PLAN_NOT_FOUND',
        'dependencyLines[0].planId',
      ],
      [
        'a line in another currency',
        {},
        [{ moduleId: CRM, planId: eur.id, acceptContractId: CRM_CONTRACT }],
        'CURRENCY_MISMATCH',
        'dependencyLines[0].planId',
      ],
      [
        'a trial in a cart',
        { startTrial: true },
        [{ moduleId: CRM, planId: PLAN.crmMonthly, acceptContractId: CRM_CONTRACT }],
        'TRIAL_NOT_IN_CART',
        'startTrial',
      ],
    ];
    for (const [what, over, lines, code, field] of cases) {
      const r = await buyCart(t, 'alice@acme.test', { orgId: org, ...over }, lines);
      expect(r.errors).toBeUndefined();
      expect({ what, errors: errorsOf(r).map((e) => [e.code, e.field]) }).toEqual({
        what,
        errors: expect.arrayContaining([[code, field]]),
      });
    }
    expect(await footprint(t)).toEqual(before);
  });

  it('refuses a dependency line for a module the org already licenses (the cart then needs no CRM Pro line)', async () => {
    const org = await newOrg(t);
    const first = await buyCart(t, 'alice@acme.test', { orgId: org });
    expect(errorsOf(first)).toEqual([]);
    const before = await footprint(t);
    const r = await buyCart(t, 'alice@acme.test', { orgId: org, confirmAdditionalLicense: true });
    expect(errorsOf(r).map((e) => [e.code, e.field])).toEqual([['DEPENDENCY_ALREADY_LICENSED', 'dependencyLines[0].moduleId']]);
    expect(await footprint(t)).toEqual(before);
    // Without the line, the cart is just Custom ERP.
    const ok = await buyCart(t, 'alice@acme.test', { orgId: org, confirmAdditionalLicense: true }, []);
    expect(errorsOf(ok)).toEqual([]);
    expect(ok.data!.purchaseCreate.lines).toHaveLength(1);
  });

  it('checks every line against the picked instance: Custom ERP does not run on TechStart Main (core 1.9.5); a dependency that fits no version is refused on its line', async () => {
    const main = await buyCart(t, 'tom@techstart.test', { orgId: TECHSTART, instanceId: 3 });
    expect(errorsOf(main).map((e) => [e.code, e.field])).toEqual([['LINE_INCOMPATIBLE', 'instanceId']]);
    // A module that runs anywhere, requiring one that only runs on core ≥ 9.0.0.
    const mk = async (slug: string, min: string) => {
      const m = await t.prisma.module.create({
        data: { vendorId: 1, slug: `${slug}-${Date.now()}`, name: slug, status: 'published', publishedAt: new Date() },
      });
      const v = await t.prisma.moduleVersion.create({
        data: { moduleId: m.id, version: '1.0.0', status: 'stable', artifactKey: `modules/${m.slug}.zip`, hash: 'b'.repeat(64) },
      });
      await t.prisma.moduleCoreCompatibility.create({ data: { versionId: v.id, softwareId: 1, minCoreVersion: min } });
      const plan = await t.prisma.pricingPlan.create({
        data: { moduleId: m.id, planType: 'subscription', name: 'Monthly', priceAmount: '5.00', billingCycle: 'monthly' },
      });
      return { id: m.id, versionId: v.id, planId: plan.id };
    };
    const top = await mk('top', '1.0.0');
    const future = await mk('future', '9.0.0');
    await t.prisma.moduleDependency.create({
      data: { versionId: top.versionId, dependsOnModuleId: future.id, dependencyType: 'functional', minVersion: '1.0.0' },
    });
    const org = await newOrg(t);
    const inst = await t.prisma.instance.create({ data: { orgId: org, name: 'Prod', environment: 'production', coreId: 3 } });
    const r = await buyCart(
      t,
      'alice@acme.test',
      { orgId: org, moduleId: top.id, planId: top.planId, days: null, acceptContractId: null, instanceId: inst.id },
      [{ moduleId: future.id, planId: future.planId }],
    );
    expect(errorsOf(r).map((e) => [e.code, e.field])).toEqual([['LINE_INCOMPATIBLE', 'dependencyLines[0].moduleId']]);
    // Without a picked instance the same cart is sold (the versions are shown as not fitting every instance).
    const ok = await buyCart(
      t,
      'alice@acme.test',
      { orgId: org, moduleId: top.id, planId: top.planId, days: null, acceptContractId: null },
      [{ moduleId: future.id, planId: future.planId }],
    );
    expect(errorsOf(ok)).toEqual([]);
  });

  it('another org’s instance is NOT_FOUND; developer and viewer may not buy (FORBIDDEN); another org is NOT_FOUND; nothing is written', async () => {
    const before = await footprint(t);
    expect(protocolCode(await buyCart(t, 'alice@acme.test', { instanceId: 3 }))).toBe('NOT_FOUND');
    expect(protocolCode(await buyCart(t, 'dev@acme.test'))).toBe('FORBIDDEN');
    expect(protocolCode(await buyCart(t, 'viewer@acme.test'))).toBe('FORBIDDEN');
    expect(protocolCode(await buyCart(t, 'tom@techstart.test', { orgId: ACME }))).toBe('NOT_FOUND');
    expect(
      protocolCode(
        await t.gql(
          CART_QUOTE,
          { input: { orgId: ACME, moduleId: ERP, planId: PLAN.erpCustom, days: 1, instanceId: 3, dependencyLines: [] } },
          { as: 'alice@acme.test' },
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      protocolCode(
        await t.gql(
          CART_QUOTE,
          { input: { orgId: ACME, moduleId: ERP, planId: PLAN.erpCustom, days: 1, dependencyLines: [] } },
          { as: 'viewer@acme.test' },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(await footprint(t)).toEqual(before);
  });
});

// Parallel HTTP carts queue on a coupon row and a lock: minutes on a loaded machine (no duration is asserted).
jest.setTimeout(240_000);
describe('dependency carts under concurrency', () => {
  const t = useTestApp({ poolSize: 20 });

  it('12 parallel carts whose CRM Pro line has a coupon limited to 4 uses: exactly 4 carts are bought, the 8 others charge nothing and write nothing', async () => {
    const orgs = await Promise.all(Array.from({ length: 12 }, () => newOrg(t)));
    const c = await coupon(t, { code: 'RACE4', discountType: 'percentage', discountValue: '10.00', maxUses: 4, moduleId: CRM });
    const licensesBefore = await t.prisma.license.count();
    const keptBefore = (await sandbox(t).keptCharges()).length;
    const results = await Promise.all(
      orgs.map((org) =>
        buyCart(t, 'alice@acme.test', { orgId: org }, [
          { moduleId: CRM, planId: PLAN.crmMonthly, couponCode: c.code, acceptContractId: CRM_CONTRACT },
        ]),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ok = results.filter((r) => errorsOf(r).length === 0);
    const refused = results.filter((r) => errorsOf(r).length > 0);
    expect(ok).toHaveLength(4);
    for (const r of refused)
      expect(errorsOf(r).map((e) => [e.code, e.field])).toEqual([['COUPON_EXHAUSTED', 'dependencyLines[0].couponCode']]);
    expect((await t.prisma.coupon.findUniqueOrThrow({ where: { id: c.id } })).timesUsed).toBe(4);
    // Two licenses per bought cart, none for the refused ones.
    expect(await t.prisma.license.count()).toBe(licensesBefore + 8);
    // 10 days of Custom ERP (4500.00 + VAT 900.00) + CRM Pro 49.00 − 4.90 + VAT 8.82: one kept charge per bought cart.
    const kept = (await sandbox(t).keptCharges()).slice(keptBefore);
    expect(kept.map((k) => k.amount)).toEqual(['5452.92', '5452.92', '5452.92', '5452.92']);
    expect(await sandbox(t).openHolds()).toEqual([]);
    const failedOrgs = refused.map((r) => results.indexOf(r)).map((i) => orgs[i]!);
    expect(await t.prisma.purchase.count({ where: { orgId: { in: failedOrgs } } })).toBe(0);
  });

  it('6 parallel carts of one org that all add CRM Pro: one is bought, the others are refused DEPENDENCY_ALREADY_LICENSED with nothing charged — the org ends with one CRM Pro license', async () => {
    const org = await newOrg(t);
    const keptBefore = (await sandbox(t).keptCharges()).length;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => buyCart(t, 'alice@acme.test', { orgId: org, confirmAdditionalLicense: true })),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ok = results.filter((r) => errorsOf(r).length === 0);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => errorsOf(x).length > 0)) {
      expect(errorsOf(r).map((e) => [e.code, e.field])).toEqual([['DEPENDENCY_ALREADY_LICENSED', 'dependencyLines[0].moduleId']]);
    }
    expect(await t.prisma.license.count({ where: { orgId: org, moduleId: CRM } })).toBe(1);
    expect(await t.prisma.license.count({ where: { orgId: org, moduleId: ERP } })).toBe(1);
    expect((await sandbox(t).keptCharges()).slice(keptBefore)).toHaveLength(1);
    expect(await sandbox(t).openHolds()).toEqual([]);
  });
});
