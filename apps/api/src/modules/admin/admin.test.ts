/**
 * Platform administration: softwares and core versions, tax rules, coupons and the audit log —
 * validation, audit rows, and refusal for everyone who is not a platform admin.
 */
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';

const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const ADMIN = 'admin@webkernel.com';
const NON_ADMINS = ['alice@acme.test', 'john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test'];
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

const SOFTWARES = `{ adminSoftwares { id slug isActive cores { version validationStatus hash artifactPaths } } }`;
const SW_CREATE = `mutation($input: SoftwareCreateInput!) { softwareCreate(input: $input) { software { id slug name } errors { code field } } }`;
const SW_UPDATE = `mutation($input: SoftwareUpdateInput!) { softwareUpdate(input: $input) { software { id name isActive } errors { code field } } }`;
const CORE_CREATE = `mutation($input: SoftwareCoreCreateInput!) { softwareCoreCreate(input: $input) { core { id version validationStatus hash artifactPaths metadata } errors { code field message } } }`;
const CORE_STATUS = `mutation($input: SoftwareCoreSetStatusInput!) { softwareCoreSetStatus(input: $input) { core { id validationStatus } errors { code } } }`;
const TAX_LIST = `query($filter: AdminTaxRulesFilter) { adminTaxRules(filter: $filter, first: 100) { totalCount edges { node { id countryCode region taxName taxRate isActive effectiveFrom effectiveTo } } } }`;
const TAX_CREATE = `mutation($input: TaxRuleCreateInput!) { taxRuleCreate(input: $input) { taxRule { id countryCode region taxName taxRate effectiveFrom effectiveTo } errors { code field message } } }`;
const TAX_UPDATE = `mutation($input: TaxRuleUpdateInput!) { taxRuleUpdate(input: $input) { taxRule { id taxRate effectiveTo isActive } errors { code field message } } }`;
const TAX_DELETE = `mutation($id: Int!) { taxRuleDelete(input: { taxRuleId: $id }) { deletedTaxRuleId errors { code } } }`;
const COUPONS = `query($filter: AdminCouponsFilter) { adminCoupons(filter: $filter, first: 100) { totalCount edges { node { id code discountType discountValue timesUsed maxUses isActive appliesToModule { slug } appliesToPlan { name } minPurchaseAmount } } } }`;
const C_CREATE = `mutation($input: CouponCreateInput!) { couponCreate(input: $input) { coupon { id code discountType discountValue minPurchaseAmount maxUses validFrom validUntil appliesToModule { slug } appliesToPlan { name } } errors { code field message } } }`;
const C_UPDATE = `mutation($input: CouponUpdateInput!) { couponUpdate(input: $input) { coupon { id code maxUses discountValue validUntil isActive } errors { code field message } } }`;
const C_DELETE = `mutation($id: Int!) { couponDelete(input: { couponId: $id }) { deletedCouponId deactivatedCoupon { id isActive } errors { code } } }`;
const AUDIT = `query($filter: AdminAuditLogFilter, $first: Int, $after: String) { adminAuditLog(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id actionType entityType entityId oldValue newValue ipAddress userAgent performedAt user { email } organization { name } } } } }`;

describe('softwares and core versions', () => {
  it('lists every software with all cores, highest first', async () => {
    const r = await t.gqlOk(SOFTWARES, {}, { as: ADMIN });
    expect(r.adminSoftwares).toEqual([
      {
        id: 1,
        slug: 'webkernel',
        isActive: true,
        cores: [
          {
            version: '2.0.0',
            validationStatus: 'pending',
            hash: 'c1e2f3d4a5b6c7d8e9f0a1b2c3d4e5c3',
            artifactPaths: ['modules/webkernel_horizon_200.zip'],
          },
          {
            version: '1.9.5',
            validationStatus: 'validated',
            hash: 'b7d8e4f2c3a1d9e0f5a6b3c2e8d7f9b2',
            artifactPaths: ['modules/webkernel_origin_195.zip'],
          },
          {
            version: '1.0.1',
            validationStatus: 'validated',
            hash: '8f3c2e7d1b4e8f0a6c9b2d3f1e4a7c8',
            artifactPaths: ['modules/webkernel_origin_101.zip'],
          },
        ],
      },
    ]);
  });

  it('registers a software and a core (pending), then validates it', async () => {
    const s = await t.gqlOk(
      SW_CREATE,
      { input: { name: 'Shopkernel', slug: 'shopkernel', installPath: 'shop/src/', namespace: 'Shop' } },
      { as: ADMIN },
    );
    expect(s.softwareCreate.errors).toEqual([]);
    const dup = await t.gqlOk(SW_CREATE, { input: { name: 'Again', slug: 'shopkernel' } }, { as: ADMIN });
    expect(dup.softwareCreate.errors).toEqual([{ code: 'SOFTWARE_SLUG_TAKEN', field: 'slug' }]);
    const swId = s.softwareCreate.software.id;
    const c = await t.gqlOk(
      CORE_CREATE,
      {
        input: {
          softwareId: swId,
          name: 'Shopkernel One',
          version: '1.0.0',
          artifactPaths: ['cores/shop_100.zip'],
          hash: 'A'.repeat(64),
          metadata: { size: '3MB' },
        },
      },
      { as: ADMIN },
    );
    expect(c.softwareCoreCreate.core).toMatchObject({
      version: '1.0.0',
      validationStatus: 'pending',
      hash: 'a'.repeat(64),
      artifactPaths: ['cores/shop_100.zip'],
      metadata: { size: '3MB' },
    });
    const again = await t.gqlOk(
      CORE_CREATE,
      { input: { softwareId: swId, name: 'Dup', version: '1.0.0', artifactPaths: [] } },
      { as: ADMIN },
    );
    expect(again.softwareCoreCreate.errors).toEqual([expect.objectContaining({ code: 'CORE_VERSION_EXISTS', field: 'version' })]);
    const bad = await t.gqlOk(
      CORE_CREATE,
      { input: { softwareId: swId, name: 'Bad', version: 'v2', artifactPaths: ['../escape.zip'], hash: 'xyz', metadata: [1] } },
      { as: ADMIN },
    );
    expect(bad.softwareCoreCreate.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_SEMVER', 'version'],
      ['INVALID_HASH', 'hash'],
      ['INVALID_PATH', 'artifactPaths[0]'],
      ['INVALID_METADATA', 'metadata'],
    ]);
    const v = await t.gqlOk(CORE_STATUS, { input: { coreId: c.softwareCoreCreate.core.id, status: 'validated' } }, { as: ADMIN });
    expect(v.softwareCoreSetStatus.core.validationStatus).toBe('validated');
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { entityType: 'software_core', actionType: 'set_status' } });
    expect(row).toMatchObject({ oldValue: { validationStatus: 'pending' }, newValue: { validationStatus: 'validated' }, userId: 5 });
    const u = await t.gqlOk(SW_UPDATE, { input: { softwareId: swId, name: 'ShopKernel', isActive: false } }, { as: ADMIN });
    expect(u.softwareUpdate.software).toMatchObject({ name: 'ShopKernel', isActive: false });
    // The public list only shows active softwares.
    const pub = await t.gqlOk(`{ softwares { slug } }`, {}, {});
    expect(pub.softwares.map((x: any) => x.slug)).toEqual(['webkernel']);
  });
});

describe('tax rules', () => {
  it('creates rules with exact rates, ordered dates, and refuses overlaps in the same country and region', async () => {
    const es = await t.gqlOk(
      TAX_CREATE,
      { input: { countryCode: 'es', taxName: 'IVA', taxRate: '0.21', effectiveFrom: '2026-01-01T00:00:00Z' } },
      { as: ADMIN },
    );
    expect(es.taxRuleCreate.taxRule).toMatchObject({ countryCode: 'ES', region: null, taxRate: '0.21', effectiveTo: null });
    const overlap = await t.gqlOk(
      TAX_CREATE,
      { input: { countryCode: 'ES', taxName: 'IVA new', taxRate: '0.22', effectiveFrom: '2027-01-01T00:00:00Z' } },
      { as: ADMIN },
    );
    expect(overlap.taxRuleCreate.errors).toEqual([expect.objectContaining({ code: 'TAX_RULE_OVERLAP', field: 'effectiveFrom' })]);
    // A regional rule does not overlap the national one; a later national rule after ending the first does not either.
    const canary = await t.gqlOk(
      TAX_CREATE,
      { input: { countryCode: 'ES', region: 'cn', taxName: 'IGIC', taxRate: '0.07', effectiveFrom: '2026-01-01T00:00:00Z' } },
      { as: ADMIN },
    );
    expect(canary.taxRuleCreate.taxRule.region).toBe('CN');
    const end = await t.gqlOk(
      TAX_UPDATE,
      { input: { taxRuleId: es.taxRuleCreate.taxRule.id, effectiveTo: '2027-01-01T00:00:00Z' } },
      { as: ADMIN },
    );
    expect(end.taxRuleUpdate.errors).toEqual([]);
    const next = await t.gqlOk(
      TAX_CREATE,
      { input: { countryCode: 'ES', taxName: 'IVA', taxRate: '0.22', effectiveFrom: '2027-01-01T00:00:00Z' } },
      { as: ADMIN },
    );
    expect(next.taxRuleCreate.errors).toEqual([]);
    // Re-opening the first rule would overlap the second.
    const reopen = await t.gqlOk(TAX_UPDATE, { input: { taxRuleId: es.taxRuleCreate.taxRule.id, clearEffectiveTo: true } }, { as: ADMIN });
    expect(reopen.taxRuleUpdate.errors[0].code).toBe('TAX_RULE_OVERLAP');
    // An inactive rule may overlap (it never applies).
    const inactive = await t.gqlOk(
      TAX_CREATE,
      { input: { countryCode: 'ES', taxName: 'Draft', taxRate: '0.5', isActive: false, effectiveFrom: '2026-06-01T00:00:00Z' } },
      { as: ADMIN },
    );
    expect(inactive.taxRuleCreate.errors).toEqual([]);
    const list = await t.gqlOk(TAX_LIST, { filter: { countryCode: 'es', isActive: true } }, { as: ADMIN });
    expect(list.adminTaxRules.totalCount).toBe(3);
  });

  it('refuses invalid country, region, rates and dates (field errors)', async () => {
    const cases: [Record<string, unknown>, [string, string][]][] = [
      [{ countryCode: 'FRA', taxName: 'VAT', taxRate: '0.2' }, [['TAX_COUNTRY_INVALID', 'countryCode']]],
      [
        { countryCode: 'F1', region: 'a b', taxName: '', taxRate: '1.2' },
        [
          ['TAX_COUNTRY_INVALID', 'countryCode'],
          ['TAX_REGION_INVALID', 'region'],
          ['REQUIRED', 'taxName'],
          ['TAX_RATE_INVALID', 'taxRate'],
        ],
      ],
      [{ countryCode: 'IT', taxName: 'IVA', taxRate: '-0.1' }, [['TAX_RATE_INVALID', 'taxRate']]],
      [{ countryCode: 'IT', taxName: 'IVA', taxRate: '0.22', effectiveTo: '2025-01-01T00:00:00Z' }, [['TAX_DATES_INVALID', 'effectiveTo']]],
    ];
    for (const [input, expected] of cases) {
      const r = await t.gqlOk(TAX_CREATE, { input: { effectiveFrom: '2026-01-01T00:00:00Z', ...input } }, { as: ADMIN });
      expect(r.taxRuleCreate.errors.map((e: any) => [e.code, e.field])).toEqual(expected);
    }
  });

  it('updates a rate exactly and deletes a rule, with audit rows', async () => {
    const c = await t.gqlOk(
      TAX_CREATE,
      { input: { countryCode: 'PT', taxName: 'IVA', taxRate: '0.23', effectiveFrom: '2026-01-01T00:00:00Z' } },
      { as: ADMIN },
    );
    const id = c.taxRuleCreate.taxRule.id;
    expect((await t.gqlOk(TAX_UPDATE, { input: { taxRuleId: id, taxRate: '0.0725' } }, { as: ADMIN })).taxRuleUpdate.taxRule.taxRate).toBe(
      '0.0725',
    );
    expect((await t.gqlOk(TAX_DELETE, { id }, { as: ADMIN })).taxRuleDelete.deletedTaxRuleId).toBe(id);
    const rows = await t.prisma.auditLog.findMany({ where: { entityType: 'tax_rule', entityId: String(id) }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.actionType)).toEqual(['create', 'update', 'delete']);
    expect(rows[1].oldValue).toMatchObject({ taxRate: '0.23' });
    expect(rows[1].newValue).toMatchObject({ taxRate: '0.0725' });
  });
});

describe('coupons', () => {
  it('stores codes upper-case, unique case-insensitively, with exact amounts and a module/plan scope', async () => {
    const r = await t.gqlOk(
      C_CREATE,
      {
        input: {
          code: ' spring25 ',
          discountType: 'percentage',
          discountValue: '25',
          appliesToModuleId: 1,
          appliesToPlanId: 2,
          maxUses: 50,
          validFrom: '2026-03-01T00:00:00Z',
          validUntil: '2026-05-31T23:59:59Z',
        },
      },
      { as: ADMIN },
    );
    expect(r.couponCreate.errors).toEqual([]);
    expect(r.couponCreate.coupon).toMatchObject({
      code: 'SPRING25',
      discountValue: '25.00',
      appliesToModule: { slug: 'crm-pro' },
      appliesToPlan: { name: 'Annual' },
      maxUses: 50,
    });
    for (const c of ['Spring25', 'launch50']) {
      const dup = await t.gqlOk(C_CREATE, { input: { code: c, discountType: 'fixed', discountValue: '10' } }, { as: ADMIN });
      expect(dup.couponCreate.errors).toEqual([expect.objectContaining({ code: 'COUPON_CODE_TAKEN', field: 'code' })]);
    }
  });

  it('validates the definition (domain rules) and the scope', async () => {
    const r = await t.gqlOk(
      C_CREATE,
      {
        input: {
          code: 'x',
          discountType: 'percentage',
          discountValue: '120',
          minPurchaseAmount: '-5',
          maxUses: 0,
          validFrom: '2026-05-01T00:00:00Z',
          validUntil: '2026-04-01T00:00:00Z',
          appliesToModuleId: 2,
          appliesToPlanId: 1,
        },
      },
      { as: ADMIN },
    );
    expect(r.couponCreate.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_COUPON_CODE', 'code'],
      ['INVALID_DISCOUNT_VALUE', 'discountValue'],
      ['INVALID_AMOUNT', 'minPurchaseAmount'],
      ['INVALID_MAX_USES', 'maxUses'],
      ['INVALID_VALIDITY_WINDOW', 'validUntil'],
      ['COUPON_PLAN_MODULE_MISMATCH', 'appliesToPlanId'],
    ]);
    const unknown = await t.gqlOk(
      C_CREATE,
      { input: { code: 'GHOST', discountType: 'fixed', discountValue: '5', appliesToModuleId: 999, appliesToPlanId: 999 } },
      { as: ADMIN },
    );
    expect(unknown.couponCreate.errors.map((e: any) => e.code)).toEqual(['COUPON_MODULE_UNKNOWN', 'COUPON_PLAN_UNKNOWN']);
  });

  it('keeps a used coupon’s code and never lets max uses drop below the uses', async () => {
    // Seed ANNUAL20 (id 2) was used 45 times.
    const code1 = await t.gqlOk(C_UPDATE, { input: { couponId: 2, code: 'ANNUAL25' } }, { as: ADMIN });
    expect(code1.couponUpdate.errors).toEqual([expect.objectContaining({ code: 'COUPON_CODE_LOCKED', field: 'code' })]);
    const max = await t.gqlOk(C_UPDATE, { input: { couponId: 2, maxUses: 10 } }, { as: ADMIN });
    expect(max.couponUpdate.errors).toEqual([expect.objectContaining({ code: 'INVALID_MAX_USES', field: 'maxUses' })]);
    const ok = await t.gqlOk(
      C_UPDATE,
      { input: { couponId: 2, maxUses: 100, discountValue: '15.5', validUntil: '2026-12-31T23:59:59Z' } },
      { as: ADMIN },
    );
    expect(ok.couponUpdate.coupon).toMatchObject({
      code: 'ANNUAL20',
      maxUses: 100,
      discountValue: '15.50',
      validUntil: '2026-12-31T23:59:59.000Z',
    });
    const clear = await t.gqlOk(C_UPDATE, { input: { couponId: 2, maxUses: 0, clearValidUntil: true } }, { as: ADMIN });
    expect(clear.couponUpdate.coupon).toMatchObject({ maxUses: null, validUntil: null });
  });

  it('deletes an unused coupon, and deactivates a used one instead', async () => {
    const fresh = (await t.gqlOk(C_CREATE, { input: { code: 'ONEOFF', discountType: 'fixed', discountValue: '5' } }, { as: ADMIN }))
      .couponCreate.coupon;
    expect((await t.gqlOk(C_DELETE, { id: fresh.id }, { as: ADMIN })).couponDelete).toEqual({
      deletedCouponId: fresh.id,
      deactivatedCoupon: null,
      errors: [],
    });
    expect(await t.prisma.coupon.findUnique({ where: { id: fresh.id } })).toBeNull();
    // CUSTOM100 (id 3) was used by purchase 2.
    expect((await t.gqlOk(C_DELETE, { id: 3 }, { as: ADMIN })).couponDelete).toEqual({
      deletedCouponId: null,
      deactivatedCoupon: { id: 3, isActive: false },
      errors: [],
    });
    expect(await t.prisma.coupon.findUnique({ where: { id: 3 } })).not.toBeNull();
    const list = await t.gqlOk(COUPONS, { filter: { search: 'custom', isActive: false } }, { as: ADMIN });
    expect(list.adminCoupons.edges.map((e: any) => e.node.code)).toEqual(['CUSTOM100']);
    expect(list.adminCoupons.edges[0].node.minPurchaseAmount).toBe('1000.00');
  });
});

describe('audit log', () => {
  it('searches by user, org, action, entity and dates, newest first, with old and new values', async () => {
    clock.set(new Date('2026-04-01T00:00:00Z'));
    await t.gqlOk(
      C_CREATE,
      { input: { code: 'AUDITME', discountType: 'fixed', discountValue: '1' } },
      { as: ADMIN, headers: { 'user-agent': 'AuditTest/1.0' } },
    );
    const mine = await t.gqlOk(
      AUDIT,
      { filter: { userEmail: 'ADMIN@webkernel.com', entityType: 'coupon', action: 'create', from: '2026-04-01T00:00:00Z' } },
      { as: ADMIN },
    );
    expect(mine.adminAuditLog.totalCount).toBe(1);
    expect(mine.adminAuditLog.edges[0].node).toMatchObject({
      actionType: 'create',
      entityType: 'coupon',
      user: { email: 'admin@webkernel.com' },
      organization: null,
      oldValue: null,
      newValue: expect.objectContaining({ code: 'AUDITME' }),
      userAgent: 'AuditTest/1.0',
    });
    const seed = await t.gqlOk(AUDIT, { filter: { orgId: 102 } }, { as: ADMIN });
    expect(seed.adminAuditLog.edges.map((e: any) => e.node.entityType)).toEqual(['license']);
    expect(seed.adminAuditLog.edges[0].node).toMatchObject({
      oldValue: { status: 'active' },
      newValue: { status: 'suspended' },
      organization: { name: 'TechStart Inc' },
    });
    const deleted = await t.gqlOk(AUDIT, { filter: { entityType: 'coupon', entityId: '1', to: '2025-01-01T00:00:00Z' } }, { as: ADMIN });
    expect(deleted.adminAuditLog.edges.map((e: any) => [e.node.actionType, e.node.oldValue])).toEqual([['delete', { code: 'LAUNCH50' }]]);
    // Newest first, stable keyset pages.
    const p1 = await t.gqlOk(AUDIT, { first: 3 }, { as: ADMIN });
    const p2 = await t.gqlOk(AUDIT, { first: 3, after: p1.adminAuditLog.pageInfo.endCursor }, { as: ADMIN });
    const times = [...p1.adminAuditLog.edges, ...p2.adminAuditLog.edges].map((e: any) => Date.parse(e.node.performedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set([...p1.adminAuditLog.edges, ...p2.adminAuditLog.edges].map((e: any) => e.node.id)).size).toBe(6);
    const facets = await t.gqlOk(`{ adminAuditFacets { actions entityTypes } }`, {}, { as: ADMIN });
    expect(facets.adminAuditFacets.entityTypes).toEqual(expect.arrayContaining(['coupon', 'license', 'module', 'purchase']));
  });
});

describe('refusals', () => {
  const ops: [string, Record<string, unknown>][] = [
    [SOFTWARES, {}],
    [SW_CREATE, { input: { name: 'X', slug: 'x-soft' } }],
    [SW_UPDATE, { input: { softwareId: 1, name: 'Hacked' } }],
    [CORE_CREATE, { input: { softwareId: 1, name: 'X', version: '9.0.0', artifactPaths: [] } }],
    [CORE_STATUS, { input: { coreId: 3, status: 'validated' } }],
    [TAX_LIST, {}],
    [TAX_CREATE, { input: { countryCode: 'NL', taxName: 'BTW', taxRate: '0.21', effectiveFrom: '2026-01-01T00:00:00Z' } }],
    [TAX_UPDATE, { input: { taxRuleId: 2, taxRate: '0' } }],
    [TAX_DELETE, { id: 2 }],
    [COUPONS, {}],
    [C_CREATE, { input: { code: 'FREEBIE', discountType: 'percentage', discountValue: '100' } }],
    [C_UPDATE, { input: { couponId: 2, discountValue: '99' } }],
    [C_DELETE, { id: 2 }],
    [AUDIT, {}],
    [`{ adminAuditFacets { actions } }`, {}],
  ];

  it.each(NON_ADMINS)('refuses every admin operation to %s (FORBIDDEN) and changes nothing', async (as) => {
    for (const [q, v] of ops) expect(code(await t.gql(q, v, { as }))).toBe('FORBIDDEN');
    expect((await t.prisma.software.findUniqueOrThrow({ where: { id: 1 } })).name).toBe('Webkernel');
    expect((await t.prisma.taxRule.findUniqueOrThrow({ where: { id: 2 } })).taxRate.toFixed(2)).toBe('0.20');
    expect(await t.prisma.coupon.count({ where: { code: 'FREEBIE' } })).toBe(0);
  });

  it('refuses anonymous callers', async () => {
    for (const [q, v] of ops) expect(code(await t.gql(q, v))).toBe('UNAUTHENTICATED');
  });
});
