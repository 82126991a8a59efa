import { useTestApp, type TestApp } from '../../test/harness';
import {
  buy,
  buyOk,
  ERP,
  ERP_CONTRACT,
  ANALYTICS,
  PLAN,
  PURCHASE_QUOTE,
  protocolCode,
  TECHSTART,
} from '../checkout/test-support/checkout-fixtures';

/**
 * Vendor promotions (issue 15): vendor coupons and referral codes, vendor-funded — commission and
 * the vendor's amount on the discounted subtotal; tax on subtotal − discount as for every coupon.
 * Seed: Custom ERP (module 2, 450.00/day) is DevShop Solutions' (vendor 2, run by alice as Acme's
 * admin, commission 30 %); Analytics Pro (module 3, Pro 99.00/month) is John Doe's (vendor 3, 30 %).
 */
const DEVSHOP = 2;
const JOHN_DOE = 3;

const CREATE = /* GraphQL */ `
  mutation Create($input: VendorPromotionCreateInput!) {
    vendorPromotionCreate(input: $input) {
      errors {
        code
        field
        message
      }
      promotion {
        id
        vendorId
        kind
        code
        name
        discountType
        discountValue
        appliesToModule {
          id
          name
        }
        maxUses
        timesUsed
        validFrom
        validUntil
        isActive
        state
      }
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation Update($input: VendorPromotionUpdateInput!) {
    vendorPromotionUpdate(input: $input) {
      errors {
        code
        field
        message
      }
      promotion {
        id
        code
        discountValue
        maxUses
        isActive
        state
      }
    }
  }
`;

const LIST = /* GraphQL */ `
  query List($vendorId: Int!, $kind: VendorPromotionKind) {
    vendorPromotions(vendorId: $vendorId, kind: $kind, first: 50) {
      totalCount
      edges {
        node {
          id
          kind
          code
          timesUsed
          state
          sales {
            currency
            salesCount
            subtotal {
              amount
            }
            discount {
              amount
            }
            net {
              amount
            }
          }
        }
      }
    }
  }
`;

const REFERRAL_OFFER = /* GraphQL */ `
  query Offer($code: String!) {
    referralOffer(code: $code) {
      code
      vendorName
      discountType
      discountValue
      moduleId
    }
  }
`;

let seq = 0;
const uniqueCode = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${seq++}`;

async function createPromotion(t: TestApp, as: string, input: Record<string, unknown>) {
  const r = await t.gqlOk(CREATE, { input: { kind: 'coupon', discountType: 'percentage', discountValue: '15', ...input } }, { as });
  return r.vendorPromotionCreate;
}

async function createOk(t: TestApp, as: string, input: Record<string, unknown>) {
  const p = await createPromotion(t, as, input);
  expect(p.errors).toEqual([]);
  return p.promotion as { id: number; code: string };
}

/** A US/CA org (7.25 % sales tax, no reverse charge) with tom as its admin. */
async function californianOrg(t: TestApp) {
  const org = await t.prisma.organization.create({
    data: { name: 'Golden Gate Labs', slug: `ggl-${Date.now()}-${seq++}`, billingCountry: 'US', billingRegion: 'CA' },
  });
  await t.prisma.membership.create({
    data: { orgId: org.id, userId: await t.userId('tom@techstart.test'), role: 'admin', permissions: ['all'] },
  });
  return org.id;
}

const erp = (orgId: number, couponCode: string, days = 10) => ({
  orgId,
  moduleId: ERP,
  planId: PLAN.erpCustom,
  days,
  couponCode,
  acceptContractId: ERP_CONTRACT,
});

describe('vendor promotions: management', () => {
  const t = useTestApp();

  it('a vendor member creates a coupon on its own module; the code is stored upper-case and audited', async () => {
    const code = uniqueCode('erp-launch-').toLowerCase();
    const p = await createPromotion(t, 'alice@acme.test', { vendorId: DEVSHOP, code, name: 'Launch', moduleId: ERP, maxUses: 5 });
    expect(p.errors).toEqual([]);
    expect(p.promotion).toMatchObject({
      vendorId: DEVSHOP,
      kind: 'coupon',
      code: code.toUpperCase(),
      name: 'Launch',
      discountType: 'percentage',
      discountValue: '15.00',
      appliesToModule: { id: ERP, name: 'Custom ERP' },
      maxUses: 5,
      timesUsed: 0,
      isActive: true,
      state: 'active',
    });
    const log = await t.prisma.auditLog.findFirst({
      where: { entityType: 'vendor_promotion', entityId: String(p.promotion.id), actionType: 'create' },
    });
    expect(log).not.toBeNull();
  });

  it('refuses bad input with a code and the field, and writes nothing', async () => {
    const before = await t.prisma.vendorPromotion.count();
    const p = await createPromotion(t, 'alice@acme.test', {
      vendorId: DEVSHOP,
      code: 'x',
      discountValue: '120',
      maxUses: 0,
      validFrom: '2026-03-01T00:00:00Z',
      validUntil: '2026-02-01T00:00:00Z',
    });
    expect(p.promotion).toBeNull();
    expect(p.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_COUPON_CODE', field: 'code' }),
        expect.objectContaining({ code: 'INVALID_DISCOUNT_VALUE', field: 'discountValue' }),
        expect.objectContaining({ code: 'INVALID_MAX_USES', field: 'maxUses' }),
        expect.objectContaining({ code: 'INVALID_VALIDITY_WINDOW', field: 'validUntil' }),
      ]),
    );
    const fixed = await createPromotion(t, 'alice@acme.test', {
      vendorId: DEVSHOP,
      code: uniqueCode('F'),
      discountType: 'fixed',
      discountValue: '-5',
    });
    expect(fixed.errors).toEqual([expect.objectContaining({ code: 'INVALID_DISCOUNT_VALUE', field: 'discountValue' })]);
    expect(await t.prisma.vendorPromotion.count()).toBe(before);
  });

  it("refuses another vendor's module as the scope, without naming it (PROMOTION_MODULE_NOT_FOUND on moduleId)", async () => {
    const p = await createPromotion(t, 'alice@acme.test', { vendorId: DEVSHOP, code: uniqueCode('OTHER'), moduleId: ANALYTICS });
    expect(p.errors).toEqual([{ code: 'PROMOTION_MODULE_NOT_FOUND', field: 'moduleId', message: 'Choose one of your own modules.' }]);
  });

  it('one namespace of codes: a platform coupon code or another vendor promotion code is taken, case-insensitively', async () => {
    const platform = await createPromotion(t, 'alice@acme.test', { vendorId: DEVSHOP, code: 'annual20' });
    expect(platform.errors).toEqual([expect.objectContaining({ code: 'PROMOTION_CODE_TAKEN', field: 'code' })]);
    const john = await createOk(t, 'john@johndoe.test', { vendorId: JOHN_DOE, code: uniqueCode('JD') });
    const clash = await createPromotion(t, 'alice@acme.test', { vendorId: DEVSHOP, code: john.code.toLowerCase() });
    expect(clash.errors).toEqual([expect.objectContaining({ code: 'PROMOTION_CODE_TAKEN', field: 'code' })]);
    expect(clash.errors[0].message).not.toMatch(/John/);
    // …and a platform admin cannot create a platform coupon with a vendor's code either.
    const admin = await t.gqlOk(
      `mutation($input: CouponCreateInput!) { couponCreate(input: $input) { errors { code field } coupon { id } } }`,
      { input: { code: john.code, discountType: 'percentage', discountValue: '10', isActive: true } },
      { as: 'admin@webkernel.com' },
    );
    expect(admin.couponCreate.errors).toEqual([{ code: 'COUPON_CODE_TAKEN', field: 'code' }]);
  });

  it('refuses people who do not run the vendor: NOT_FOUND for buyers of every role and for another vendor; UNAUTHENTICATED anonymously', async () => {
    const input = { vendorId: DEVSHOP, kind: 'coupon', code: uniqueCode('NOPE'), discountType: 'percentage', discountValue: '10' };
    for (const as of ['tom@techstart.test', 'dev@acme.test', 'viewer@acme.test', 'john@johndoe.test']) {
      const r = await t.gql(CREATE, { input }, { as });
      expect(protocolCode(r)).toBe('NOT_FOUND');
      const list = await t.gql(LIST, { vendorId: DEVSHOP }, { as });
      expect(protocolCode(list)).toBe('NOT_FOUND');
    }
    expect(protocolCode(await t.gql(CREATE, { input }))).toBe('UNAUTHENTICATED');
    expect(await t.prisma.vendorPromotion.count({ where: { code: input.code } })).toBe(0);
  });

  it("a vendor editing another vendor's promotion gets NOT_FOUND, and nothing changes", async () => {
    const john = await createOk(t, 'john@johndoe.test', { vendorId: JOHN_DOE, code: uniqueCode('JDX') });
    for (const as of ['alice@acme.test', 'tom@techstart.test']) {
      const r = await t.gql(UPDATE, { input: { promotionId: john.id, isActive: false, discountValue: '99' } }, { as });
      expect(protocolCode(r)).toBe('NOT_FOUND');
      expect(r.errors![0]!.message).toBe('Promotion not found.');
    }
    const row = await t.prisma.vendorPromotion.findUniqueOrThrow({ where: { id: john.id } });
    expect(row.isActive).toBe(true);
    expect(row.discountValue.toFixed(2)).toBe('15.00');
    expect(protocolCode(await t.gql(UPDATE, { input: { promotionId: 999999, isActive: false } }, { as: 'alice@acme.test' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('edits, deactivates and reactivates (audited); max uses cannot go below the uses counted, a used code keeps its code', async () => {
    const p = await createOk(t, 'alice@acme.test', { vendorId: DEVSHOP, code: uniqueCode('EDIT'), maxUses: 10 });
    const edited = await t.gqlOk(UPDATE, { input: { promotionId: p.id, discountValue: '12.5' } }, { as: 'alice@acme.test' });
    expect(edited.vendorPromotionUpdate).toMatchObject({ errors: [], promotion: { discountValue: '12.50', isActive: true } });
    const off = await t.gqlOk(UPDATE, { input: { promotionId: p.id, isActive: false } }, { as: 'alice@acme.test' });
    expect(off.vendorPromotionUpdate.promotion).toMatchObject({ isActive: false, state: 'inactive' });
    expect(
      await t.prisma.auditLog.count({ where: { entityType: 'vendor_promotion', entityId: String(p.id), actionType: 'deactivate' } }),
    ).toBe(1);
    const on = await t.gqlOk(UPDATE, { input: { promotionId: p.id, isActive: true } }, { as: 'alice@acme.test' });
    expect(on.vendorPromotionUpdate.promotion).toMatchObject({ isActive: true, state: 'active' });

    await t.prisma.vendorPromotion.update({ where: { id: p.id }, data: { timesUsed: 3 } });
    const below = await t.gqlOk(
      UPDATE,
      { input: { promotionId: p.id, maxUses: 2, code: uniqueCode('RENAMED') } },
      { as: 'alice@acme.test' },
    );
    expect(below.vendorPromotionUpdate.promotion).toBeNull();
    expect(below.vendorPromotionUpdate.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'PROMOTION_MAX_USES_BELOW_USED', field: 'maxUses' }),
        expect.objectContaining({ code: 'PROMOTION_CODE_LOCKED', field: 'code' }),
      ]),
    );
    expect((await t.prisma.vendorPromotion.findUniqueOrThrow({ where: { id: p.id } })).maxUses).toBe(10);
  });

  it('referralOffer is public and only answers for an active referral code', async () => {
    const ref = await createOk(t, 'john@johndoe.test', {
      vendorId: JOHN_DOE,
      kind: 'referral',
      code: uniqueCode('REF'),
      moduleId: ANALYTICS,
    });
    const offer = await t.gqlOk(REFERRAL_OFFER, { code: ref.code.toLowerCase() });
    expect(offer.referralOffer).toEqual({
      code: ref.code,
      vendorName: 'John Doe',
      discountType: 'percentage',
      discountValue: '15.00',
      moduleId: ANALYTICS,
    });
    const coupon = await createOk(t, 'john@johndoe.test', { vendorId: JOHN_DOE, code: uniqueCode('NOTREF') });
    expect((await t.gqlOk(REFERRAL_OFFER, { code: coupon.code })).referralOffer).toBeNull();
    await t.prisma.vendorPromotion.update({ where: { id: ref.id }, data: { isActive: false } });
    expect((await t.gqlOk(REFERRAL_OFFER, { code: ref.code })).referralOffer).toBeNull();
  });
});

describe('vendor promotions at checkout', () => {
  const t = useTestApp();

  it('a vendor coupon: commission on the discounted subtotal, tax on subtotal − discount, to the cent (US/CA 7.25 %)', async () => {
    const org = await californianOrg(t);
    const coupon = await createOk(t, 'alice@acme.test', { vendorId: DEVSHOP, code: uniqueCode('ERP15'), moduleId: ERP });
    // 450.00 × 10 days = 4500.00; 15 % = 675.00 → 3825.00; tax 7.25 % = 277.3125 → 277.31; total 4102.31.
    // Commission 30 % × 3825.00 = 1147.50; vendor 3825.00 − 1147.50 = 2677.50 (a platform coupon would leave 1350.00 / 3150.00).
    const q = await t.gqlOk(
      PURCHASE_QUOTE,
      { input: { orgId: org, moduleId: ERP, planId: PLAN.erpCustom, days: 10, couponCode: coupon.code.toLowerCase() } },
      { as: 'tom@techstart.test' },
    );
    expect(q.purchaseQuote.errors).toEqual([]);
    expect(q.purchaseQuote.quote).toMatchObject({
      subtotal: { amount: '4500.00' },
      discount: { amount: '675.00' },
      taxableAmount: { amount: '3825.00' },
      tax: { amount: '277.31' },
      total: { amount: '4102.31' },
      couponCode: coupon.code,
    });
    expect(q.purchaseQuote.quote.lines[1]).toEqual({ description: `Vendor discount (${coupon.code})`, amount: { amount: '-675.00' } });

    const p = await buyOk(t, 'tom@techstart.test', erp(org, coupon.code));
    expect(p.purchase).toMatchObject({
      subtotal: { amount: '4500.00' },
      discount: { amount: '675.00' },
      tax: { amount: '277.31' },
      total: { amount: '4102.31' },
      couponCode: coupon.code,
    });
    expect(p.receipt.lines).toEqual([
      { description: 'Custom ERP — Custom Dev (10 days)', amount: { amount: '4500.00' } },
      { description: `Vendor discount (${coupon.code})`, amount: { amount: '-675.00' } },
      { description: 'Sales Tax (7.25%)', amount: { amount: '277.31' } },
    ]);
    const row = await t.prisma.purchase.findUniqueOrThrow({ where: { id: p.purchase.id } });
    expect(row.commissionAmount.toFixed(2)).toBe('1147.50');
    expect(row.vendorAmount.toFixed(2)).toBe('2677.50');
    expect(row.couponId).toBeNull();
    expect(row.vendorPromotionId).toBe(coupon.id);
    expect((await t.prisma.vendorPromotion.findUniqueOrThrow({ where: { id: coupon.id } })).timesUsed).toBe(1);

    // The vendor's sales table shows the sale at its discounted gross (commission + net).
    const sales = await t.gqlOk(
      `query($v: Int!) { vendorSales(vendorId: $v, first: 5) { edges { node { id gross { amount } commission { amount } net { amount } } } } }`,
      { v: DEVSHOP },
      { as: 'alice@acme.test' },
    );
    expect(sales.vendorSales.edges[0].node).toEqual({
      id: `purchase:${p.purchase.id}`,
      gross: { amount: '3825.00' },
      commission: { amount: '1147.50' },
      net: { amount: '2677.50' },
    });
  });

  it('a platform coupon stays platform-funded (seed CUSTOM100 rule): commission on the full subtotal', async () => {
    await t.prisma.coupon.update({ where: { code: 'CUSTOM100' }, data: { validUntil: null, maxUses: null } });
    const p = await buyOk(t, 'tom@techstart.test', erp(TECHSTART, 'custom100'));
    const row = await t.prisma.purchase.findUniqueOrThrow({ where: { id: p.purchase.id } });
    expect([row.discountAmount.toFixed(2), row.commissionAmount.toFixed(2), row.vendorAmount.toFixed(2)]).toEqual([
      '100.00',
      '1350.00',
      '3150.00',
    ]);
    expect(row.vendorPromotionId).toBeNull();
  });

  it('a referral code: the buyer org gets the discount and the referral is recorded on the purchase; the vendor sees referred sales', async () => {
    const org = await californianOrg(t);
    const ref = await createOk(t, 'john@johndoe.test', {
      vendorId: JOHN_DOE,
      kind: 'referral',
      code: uniqueCode('JDREF'),
      moduleId: ANALYTICS,
    });
    // 99.00 − 15 % (14.85) = 84.15; tax 7.25 % = 6.1009 → 6.10; total 90.25; commission 30 % × 84.15 = 25.245 → 25.25; vendor 58.90.
    const p = await buyOk(t, 'tom@techstart.test', {
      orgId: org,
      moduleId: ANALYTICS,
      planId: PLAN.analyticsPro,
      couponCode: ref.code,
      acceptContractId: null,
    });
    expect(p.purchase).toMatchObject({
      subtotal: { amount: '99.00' },
      discount: { amount: '14.85' },
      tax: { amount: '6.10' },
      total: { amount: '90.25' },
    });
    expect(p.receipt.lines[1]).toEqual({ description: `Referral discount (${ref.code})`, amount: { amount: '-14.85' } });
    const view = await t.gqlOk(
      `query($id: Int!) { purchase(id: $id) { couponCode referralCode } }`,
      { id: p.purchase.id },
      { as: 'tom@techstart.test' },
    );
    expect(view.purchase).toEqual({ couponCode: ref.code, referralCode: ref.code });
    const row = await t.prisma.purchase.findUniqueOrThrow({ where: { id: p.purchase.id } });
    expect([row.commissionAmount.toFixed(2), row.vendorAmount.toFixed(2), row.vendorPromotionId]).toEqual(['25.25', '58.90', ref.id]);

    const list = await t.gqlOk(LIST, { vendorId: JOHN_DOE, kind: 'referral' }, { as: 'john@johndoe.test' });
    const node = list.vendorPromotions.edges.find((e: any) => e.node.id === ref.id).node;
    expect(node).toMatchObject({ kind: 'referral', timesUsed: 1 });
    expect(node.sales).toEqual([
      { currency: 'USD', salesCount: 1, subtotal: { amount: '99.00' }, discount: { amount: '14.85' }, net: { amount: '58.90' } },
    ]);
  });

  it("refuses a code on another vendor's module, and expired, exhausted, inactive and not-yet-valid codes (couponCode); nothing is charged or counted", async () => {
    const john = await createOk(t, 'john@johndoe.test', { vendorId: JOHN_DOE, code: uniqueCode('JDONLY') });
    const cases: [string, string][] = [[john.code, 'COUPON_NOT_APPLICABLE']];
    const expired = await createOk(t, 'alice@acme.test', {
      vendorId: DEVSHOP,
      code: uniqueCode('OLD'),
      validUntil: '2020-01-01T00:00:00Z',
    });
    cases.push([expired.code, 'COUPON_EXPIRED']);
    const exhausted = await createOk(t, 'alice@acme.test', { vendorId: DEVSHOP, code: uniqueCode('USEDUP'), maxUses: 1 });
    await t.prisma.vendorPromotion.update({ where: { id: exhausted.id }, data: { timesUsed: 1 } });
    cases.push([exhausted.code, 'COUPON_EXHAUSTED']);
    const inactive = await createOk(t, 'alice@acme.test', { vendorId: DEVSHOP, code: uniqueCode('OFF') });
    await t.gqlOk(UPDATE, { input: { promotionId: inactive.id, isActive: false } }, { as: 'alice@acme.test' });
    cases.push([inactive.code, 'COUPON_INACTIVE']);
    const later = await createOk(t, 'alice@acme.test', { vendorId: DEVSHOP, code: uniqueCode('LATER'), validFrom: '2099-01-01T00:00:00Z' });
    cases.push([later.code, 'COUPON_NOT_STARTED']);

    const purchasesBefore = await t.prisma.purchase.count();
    for (const [code, expected] of cases) {
      const r = await buy(t, 'tom@techstart.test', erp(TECHSTART, code));
      expect(r.data!.purchaseCreate.errors).toEqual([expect.objectContaining({ code: expected, field: 'couponCode' })]);
    }
    expect(await t.prisma.purchase.count()).toBe(purchasesBefore);
    expect((await t.prisma.vendorPromotion.findUniqueOrThrow({ where: { id: john.id } })).timesUsed).toBe(0);
    expect((await t.prisma.vendorPromotion.findUniqueOrThrow({ where: { id: exhausted.id } })).timesUsed).toBe(1);
  });

  it('a vendor code is not accepted with a free trial (COUPON_NOT_WITH_TRIAL), as platform coupons', async () => {
    const trialPlan = await t.prisma.pricingPlan.update({ where: { id: PLAN.analyticsPro }, data: { trialDays: 14 } });
    const ref = await createOk(t, 'john@johndoe.test', { vendorId: JOHN_DOE, kind: 'referral', code: uniqueCode('TRIALREF') });
    const r = await buy(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: ANALYTICS,
      planId: trialPlan.id,
      couponCode: ref.code,
      acceptContractId: null,
      startTrial: true,
    });
    expect(r.data!.purchaseCreate.errors).toEqual([expect.objectContaining({ code: 'COUPON_NOT_WITH_TRIAL', field: 'couponCode' })]);
  });

  it('a buyer without purchase_modules cannot quote with a vendor code (FORBIDDEN)', async () => {
    const c = await createOk(t, 'alice@acme.test', { vendorId: DEVSHOP, code: uniqueCode('VIEW') });
    for (const as of ['viewer@acme.test', 'dev@acme.test']) {
      const r = await t.gql(
        PURCHASE_QUOTE,
        { input: { orgId: 101, moduleId: ERP, planId: PLAN.erpCustom, days: 1, couponCode: c.code } },
        { as },
      );
      expect(protocolCode(r)).toBe('FORBIDDEN');
    }
  });
});
