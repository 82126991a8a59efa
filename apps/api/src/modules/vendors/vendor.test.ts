/**
 * Becoming a vendor, the vendor profile, and the platform's vendor administration: verification
 * and commission history (the rate a purchase at a given moment uses).
 */
import { commissionRateAt } from '@wk/domain';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';

const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const ADMIN = 'admin@webkernel.com';
const CREATE = `mutation($input: VendorCreateInput!) { vendorCreate(input: $input) { vendor { id slug name isOfficial isVerified commissionRate owner { kind userId orgId orgName } } errors { code field message } } }`;
const UPDATE = `mutation($input: VendorUpdateInput!) { vendorUpdate(input: $input) { vendor { id name website supportEmail description } errors { code field message } } }`;
const VERIFY = `mutation($id: Int!) { vendorVerify(input: { vendorId: $id }) { vendor { id isVerified } errors { code field } } }`;
const UNVERIFY = `mutation($id: Int!) { vendorUnverify(input: { vendorId: $id }) { vendor { id isVerified } errors { code field } } }`;
const COMMISSION = `mutation($input: VendorCommissionUpdateInput!) { vendorCommissionUpdate(input: $input) { vendor { id commissionRate commissionHistory { commissionRate effectiveFrom effectiveTo changedByName } } errors { code field message } } }`;
const ADMIN_VENDORS = `query($filter: AdminVendorsFilter, $first: Int, $after: String) { adminVendors(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id slug isVerified moduleCount owner { kind } } } } }`;

async function signUp(email: string) {
  const res = await t.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { ok errors { code } } }`, {
    i: { name: 'New Person', email, password: 'a-long-password' },
  });
  expect(res.data!.signUp).toEqual({ ok: true, errors: [] });
  return (await t.prisma.user.findUniqueOrThrow({ where: { email } })).id;
}

describe('vendorCreate', () => {
  it('lets any signed-in user become a personal vendor (unverified, default 30 % commission, history opened)', async () => {
    const userId = await signUp('solo@dev.test');
    const r = await t.gqlOk(
      CREATE,
      { input: { name: 'Solo Dev', slug: 'solo-dev', website: 'https://solo.dev', supportEmail: 'help@solo.dev' } },
      { as: 'solo@dev.test' },
    );
    expect(r.vendorCreate.errors).toEqual([]);
    expect(r.vendorCreate.vendor).toMatchObject({
      slug: 'solo-dev',
      isOfficial: false,
      isVerified: false,
      commissionRate: '0.30',
      owner: { kind: 'USER', userId, orgId: null },
    });
    const history = await t.prisma.commissionHistory.findMany({ where: { vendorId: r.vendorCreate.vendor.id } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ effectiveTo: null, effectiveFrom: clock.now() });
    expect(history[0].commissionRate.toFixed(2)).toBe('0.30');
    const me = await t.gqlOk(`{ me { vendors { slug } } myVendors { slug } }`, {}, { as: 'solo@dev.test' });
    expect(me.me.vendors).toEqual([{ slug: 'solo-dev' }]);
    expect(me.myVendors).toEqual([{ slug: 'solo-dev' }]);
    expect(
      await t.prisma.auditLog.count({ where: { entityType: 'vendor', entityId: String(r.vendorCreate.vendor.id), actionType: 'create' } }),
    ).toBe(1);
  });

  it('refuses a second personal vendor, a taken slug, a bad slug, URL and e-mail (field errors)', async () => {
    const again = await t.gqlOk(CREATE, { input: { name: 'Solo Two', slug: 'solo-two' } }, { as: 'solo@dev.test' });
    expect(again.vendorCreate.errors).toEqual([expect.objectContaining({ code: 'VENDOR_EXISTS_FOR_USER' })]);
    const taken = await t.gqlOk(CREATE, { input: { name: 'Copy', slug: 'john-doe' } }, { as: 'viewer@acme.test' });
    expect(taken.vendorCreate.errors).toEqual([expect.objectContaining({ code: 'VENDOR_SLUG_TAKEN', field: 'slug' })]);
    const bad = await t.gqlOk(
      CREATE,
      { input: { name: 'X', slug: 'Bad Slug!', website: 'ftp://x', supportEmail: 'nope' } },
      { as: 'viewer@acme.test' },
    );
    expect(bad.vendorCreate.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_SLUG', 'slug'],
      ['REQUIRED', 'name'],
      ['INVALID_URL', 'website'],
      ['INVALID_EMAIL', 'supportEmail'],
    ]);
    expect(bad.vendorCreate.vendor).toBeNull();
  });

  it('lets an org admin create the org vendor, run by all its admins; refuses non-admins (FORBIDDEN) and other orgs (NOT_FOUND)', async () => {
    const r = await t.gqlOk(
      CREATE,
      { input: { name: 'TechStart Labs', slug: 'techstart-labs', orgId: 102 } },
      { as: 'tom@techstart.test' },
    );
    expect(r.vendorCreate.vendor.owner).toMatchObject({ kind: 'ORGANIZATION', orgId: 102, orgName: 'TechStart Inc', userId: null });
    const dev = await t.gql(CREATE, { input: { name: 'Dev Vendor', slug: 'dev-vendor', orgId: 101 } }, { as: 'dev@acme.test' });
    expect(dev.errors![0].extensions!.code).toBe('FORBIDDEN');
    const viewer = await t.gql(CREATE, { input: { name: 'V Vendor', slug: 'v-vendor', orgId: 101 } }, { as: 'viewer@acme.test' });
    expect(viewer.errors![0].extensions!.code).toBe('FORBIDDEN');
    const other = await t.gql(CREATE, { input: { name: 'Not mine', slug: 'not-mine', orgId: 102 } }, { as: 'alice@acme.test' });
    expect(other.errors![0].extensions!.code).toBe('NOT_FOUND');
    const second = await t.gqlOk(CREATE, { input: { name: 'Acme Two', slug: 'acme-two', orgId: 101 } }, { as: 'alice@acme.test' });
    expect(second.vendorCreate.errors).toEqual([expect.objectContaining({ code: 'VENDOR_EXISTS_FOR_ORG', field: 'orgId' })]);
  });

  it('creates official vendors only for platform admins', async () => {
    const r = await t.gqlOk(CREATE, { input: { name: 'Webkernel Extras', slug: 'webkernel-extras', official: true } }, { as: ADMIN });
    expect(r.vendorCreate.vendor).toMatchObject({
      isOfficial: true,
      isVerified: true,
      commissionRate: '0.00',
      owner: { kind: 'PLATFORM' },
    });
    const refused = await t.gql(
      CREATE,
      { input: { name: 'Fake Official', slug: 'fake-official', official: true } },
      { as: 'john@johndoe.test' },
    );
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses anonymous callers', async () => {
    const r = await t.gql(CREATE, { input: { name: 'Anon', slug: 'anon' } });
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('vendorUpdate and private fields', () => {
  it('lets a vendor member edit the profile and audits the change', async () => {
    const r = await t.gqlOk(
      UPDATE,
      { input: { vendorId: 2, name: 'DevShop Solutions Ltd', website: 'https://devshop.example/en', description: 'ERP and more.' } },
      { as: 'alice@acme.test' },
    );
    expect(r.vendorUpdate.errors).toEqual([]);
    expect(r.vendorUpdate.vendor).toMatchObject({
      name: 'DevShop Solutions Ltd',
      website: 'https://devshop.example/en',
      supportEmail: 'help@devshop.example',
    });
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { entityType: 'vendor', entityId: '2', actionType: 'update' } });
    expect(row.oldValue).toMatchObject({ name: 'DevShop Solutions' });
    expect(row.newValue).toMatchObject({ name: 'DevShop Solutions Ltd' });
  });

  it.each(['john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test', ADMIN])(
    'refuses %s with NOT_FOUND (not a member of vendor 2)',
    async (as) => {
      const r = await t.gql(UPDATE, { input: { vendorId: 2, name: 'Hijacked' } }, { as });
      expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
      expect((await t.prisma.vendor.findUniqueOrThrow({ where: { id: 2 } })).name).not.toBe('Hijacked');
    },
  );

  it('shows commission, history and owner only to members and admins', async () => {
    const q = `query($id: Int!) { managedVendor(id: $id) { id commissionRate owner { kind } commissionHistory { commissionRate } } }`;
    expect((await t.gqlOk(q, { id: 2 }, { as: 'alice@acme.test' })).managedVendor.commissionRate).toBe('0.30');
    expect((await t.gqlOk(q, { id: 3 }, { as: ADMIN })).managedVendor.owner.kind).toBe('USER');
    const other = await t.gql(q, { id: 2 }, { as: 'john@johndoe.test' });
    expect(other.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});

describe('admin: vendors list and verification', () => {
  it('lists every vendor with filters and keyset pages', async () => {
    const all = await t.gqlOk(ADMIN_VENDORS, { first: 2 }, { as: ADMIN });
    expect(all.adminVendors.totalCount).toBeGreaterThanOrEqual(3);
    expect(all.adminVendors.edges.map((e: any) => e.node.id)).toEqual([1, 2]);
    const next = await t.gqlOk(ADMIN_VENDORS, { first: 2, after: all.adminVendors.pageInfo.endCursor }, { as: ADMIN });
    expect(next.adminVendors.edges[0].node.id).toBe(3);
    const unverified = await t.gqlOk(ADMIN_VENDORS, { filter: { verified: false, official: false, search: 'john' } }, { as: ADMIN });
    expect(unverified.adminVendors.edges.map((e: any) => e.node.slug)).toEqual(['john-doe']);
    expect(unverified.adminVendors.edges[0].node.moduleCount).toBe(1);
  });

  it('verifies and unverifies, with errors for no-op changes and an audit row each', async () => {
    expect((await t.gqlOk(VERIFY, { id: 3 }, { as: ADMIN })).vendorVerify.vendor.isVerified).toBe(true);
    expect((await t.gqlOk(VERIFY, { id: 3 }, { as: ADMIN })).vendorVerify.errors).toEqual([
      { code: 'ALREADY_VERIFIED', field: 'vendorId' },
    ]);
    expect((await t.gqlOk(UNVERIFY, { id: 3 }, { as: ADMIN })).vendorUnverify.vendor.isVerified).toBe(false);
    expect((await t.gqlOk(UNVERIFY, { id: 3 }, { as: ADMIN })).vendorUnverify.errors).toEqual([
      { code: 'NOT_VERIFIED', field: 'vendorId' },
    ]);
    expect(
      await t.prisma.auditLog.count({ where: { entityType: 'vendor', entityId: '3', actionType: { in: ['verify', 'unverify'] } } }),
    ).toBe(2);
    expect((await t.gql(VERIFY, { id: 999 }, { as: ADMIN })).errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it.each(['alice@acme.test', 'john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test'])(
    'refuses every vendor-admin operation to %s (FORBIDDEN)',
    async (as) => {
      for (const [q, v] of [
        [ADMIN_VENDORS, {}],
        [VERIFY, { id: 3 }],
        [UNVERIFY, { id: 2 }],
        [COMMISSION, { input: { vendorId: 3, rate: '0.10' } }],
      ] as const) {
        const r = await t.gql(q, v, { as });
        expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
      }
    },
  );

  it('refuses anonymous callers (UNAUTHENTICATED)', async () => {
    const r = await t.gql(ADMIN_VENDORS, {});
    expect(r.data).toBeNull();
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('admin: commission history', () => {
  const rowsOf = async (vendorId: number) =>
    (await t.prisma.commissionHistory.findMany({ where: { vendorId }, orderBy: { effectiveFrom: 'asc' } })).map((h) => ({
      effectiveFrom: h.effectiveFrom,
      effectiveTo: h.effectiveTo,
      commissionRate: h.commissionRate.toString(),
    }));

  it('closes the open period, opens a new one with who changed it, mirrors the current rate — and each moment resolves to its own rate', async () => {
    clock.set(new Date('2026-03-10T00:00:00Z'));
    const r1 = await t.gqlOk(COMMISSION, { input: { vendorId: 3, rate: '0.25' } }, { as: ADMIN });
    expect(r1.vendorCommissionUpdate.errors).toEqual([]);
    expect(r1.vendorCommissionUpdate.vendor.commissionRate).toBe('0.25');
    // Scheduled change: effective later; the current rate stays until then.
    const future = new Date('2026-04-01T00:00:00Z');
    const r2 = await t.gqlOk(COMMISSION, { input: { vendorId: 3, rate: '0.2', effectiveFrom: future.toISOString() } }, { as: ADMIN });
    expect(r2.vendorCommissionUpdate.vendor.commissionRate).toBe('0.25');
    expect(r2.vendorCommissionUpdate.vendor.commissionHistory).toEqual([
      { commissionRate: '0.20', effectiveFrom: future.toISOString(), effectiveTo: null, changedByName: 'System Admin' },
      {
        commissionRate: '0.25',
        effectiveFrom: '2026-03-10T00:00:00.000Z',
        effectiveTo: future.toISOString(),
        changedByName: 'System Admin',
      },
      {
        commissionRate: '0.30',
        effectiveFrom: '2025-01-10T00:00:00.000Z',
        effectiveTo: '2026-03-10T00:00:00.000Z',
        changedByName: 'System Admin',
      },
    ]);
    expect((await t.prisma.vendor.findUniqueOrThrow({ where: { id: 3 } })).commissionRate.toFixed(2)).toBe('0.25');

    // What checkout uses: the rate in effect at the purchase instant, from the rows written.
    const rows = await rowsOf(3);
    const at = (iso: string) => commissionRateAt(rows, new Date(iso), 'fallback');
    expect(at('2025-06-01T00:00:00Z')).toBe('0.3');
    expect(at('2026-03-09T23:59:59Z')).toBe('0.3');
    expect(at('2026-03-10T00:00:00Z')).toBe('0.25'); // from is inclusive
    expect(at('2026-03-31T23:59:59Z')).toBe('0.25');
    expect(at('2026-04-01T00:00:00Z')).toBe('0.2'); // to is exclusive
    expect(at('2030-01-01T00:00:00Z')).toBe('0.2');

    clock.set(new Date('2026-04-02T00:00:00Z'));
    expect((await t.gqlOk(`{ managedVendor(id: 3) { commissionRate } }`, {}, { as: ADMIN })).managedVendor.commissionRate).toBe('0.20');
    const audit = await t.prisma.auditLog.findMany({
      where: { entityType: 'vendor', entityId: '3', actionType: 'commission_change' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.newValue)).toEqual([
      { commissionRate: '0.25', effectiveFrom: '2026-03-10T00:00:00.000Z' },
      { commissionRate: '0.20', effectiveFrom: '2026-04-01T00:00:00.000Z' },
    ]);
  });

  it('backfills the rate in effect since creation for a vendor without history (official vendor 1)', async () => {
    clock.set(new Date('2026-05-01T00:00:00Z'));
    await t.gqlOk(COMMISSION, { input: { vendorId: 1, rate: '0.05' } }, { as: ADMIN });
    const rows = await rowsOf(1);
    expect(rows.map((r) => [r.commissionRate, r.effectiveTo?.toISOString() ?? null])).toEqual([
      ['0', '2026-05-01T00:00:00.000Z'],
      ['0.05', null],
    ]);
    // Seed purchase 1 (2025-01-01) of CRM Pro keeps its 0 % commission.
    expect(commissionRateAt(rows, new Date('2025-01-01T00:00:00Z'), 'x')).toBe('0');
    expect(commissionRateAt(rows, new Date('2026-05-02T00:00:00Z'), 'x')).toBe('0.05');
  });

  it('refuses rates outside 0–1, past dates and dates before the current period, with field errors', async () => {
    for (const rate of ['1.5', '-0.1', 'abc', '0.123456']) {
      const r = await t.gqlOk(COMMISSION, { input: { vendorId: 2, rate } }, { as: ADMIN });
      expect(r.vendorCommissionUpdate.errors).toEqual([expect.objectContaining({ code: 'COMMISSION_RATE_INVALID', field: 'rate' })]);
    }
    const past = await t.gqlOk(COMMISSION, { input: { vendorId: 2, rate: '0.2', effectiveFrom: '2025-01-01T00:00:00Z' } }, { as: ADMIN });
    expect(past.vendorCommissionUpdate.errors).toEqual([
      expect.objectContaining({ code: 'COMMISSION_RETROACTIVE', field: 'effectiveFrom' }),
    ]);
    expect(await t.prisma.commissionHistory.count({ where: { vendorId: 2 } })).toBe(1);
    const ok1 = await t.gqlOk(COMMISSION, { input: { vendorId: 2, rate: '0.2', effectiveFrom: '2027-01-01T00:00:00Z' } }, { as: ADMIN });
    expect(ok1.vendorCommissionUpdate.errors).toEqual([]);
    const before = await t.gqlOk(COMMISSION, { input: { vendorId: 2, rate: '0.1', effectiveFrom: '2026-12-01T00:00:00Z' } }, { as: ADMIN });
    expect(before.vendorCommissionUpdate.errors).toEqual([
      expect.objectContaining({ code: 'COMMISSION_EFFECTIVE_FROM_INVALID', field: 'effectiveFrom' }),
    ]);
  });

  it('serialises concurrent changes: the history never has two open periods', async () => {
    clock.set(new Date('2026-06-01T00:00:00Z'));
    const results = await Promise.all(
      ['0.11', '0.12', '0.13', '0.14', '0.15'].map((rate) => t.gql(COMMISSION, { input: { vendorId: 3, rate } }, { as: ADMIN })),
    );
    const ok = results.filter((r) => r.data?.vendorCommissionUpdate?.errors?.length === 0);
    expect(ok).toHaveLength(1); // same effectiveFrom: the others must come after the period the first opened
    const open = await t.prisma.commissionHistory.count({ where: { vendorId: 3, effectiveTo: null } });
    expect(open).toBe(1);
  });
});
