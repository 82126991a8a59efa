/**
 * Organizations: creation (creator becomes admin), billing identity, reading and membership
 * lists, with refusals for every role and org that must not. Each test makes its own org and
 * members (test/factories.ts); only the platform admin and the seed slug 'acme-corp' (SLUG_TAKEN)
 * come from the demo data.
 */
import { useTestApp } from '../../test/harness';
import { makeMember, makeOrgWithMember, makeUser } from '../../test/factories';

const t = useTestApp();

const CREATE = `mutation($i: OrganizationCreateInput!) { organizationCreate(input: $i) {
  organization { id name slug billingCountry billingRegion taxId viewerRole viewerPermissions memberCount } errors { code field message } } }`;
const UPDATE = `mutation($i: OrganizationUpdateInput!) { organizationUpdate(input: $i) {
  organization { id name billingCountry billingRegion taxId } errors { code field } } }`;
const MEMBERS = `query($orgId: Int!, $first: Int, $after: String) { organizationMembers(orgId: $orgId, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id userId name email role permissions effectivePermissions isYou } } } }`;

const newUser = (name = 'New Person') => makeUser(t.prisma, { name });

/** A fresh org (GB) with an admin, a developer and a viewer (names in the list's order), apart from the demo data. */
async function orgOfThree() {
  const admin = await makeOrgWithMember(t.prisma, 'admin', { name: 'Three Co', billingCountry: 'GB' });
  const dev = await makeMember(t.prisma, admin.org.id, 'developer', { name: 'Bea Builder' });
  const viewer = await makeMember(t.prisma, admin.org.id, 'viewer', { name: 'Cy Reader' });
  return { org: admin.org, admin: admin.email, dev: dev.email, viewer: viewer.email };
}

describe('organizationCreate', () => {
  it('creates the org, makes the creator its admin, normalises fields and audits both rows', async () => {
    const u = await newUser('Founder');
    const r = await t.gqlOk(
      CREATE,
      {
        i: {
          name: '  Globex   Corporation ',
          slug: 'Globex-Corp',
          billingCountry: 'de',
          billingRegion: ' Bavaria ',
          taxId: 'de 123 456 789',
        },
      },
      { as: u.email },
    );
    expect(r.organizationCreate.errors).toEqual([]);
    const org = r.organizationCreate.organization;
    expect(org).toMatchObject({
      name: 'Globex Corporation',
      slug: 'globex-corp',
      billingCountry: 'DE',
      billingRegion: 'Bavaria',
      taxId: 'DE123456789',
      viewerRole: 'admin',
      memberCount: 1,
    });
    expect(org.viewerPermissions).toEqual(expect.arrayContaining(['manage_members', 'manage_billing', 'purchase_modules']));
    const m = await t.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: u.id } } });
    expect(m.role).toBe('admin');
    const audits = await t.prisma.auditLog.findMany({ where: { orgId: org.id }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => [a.actionType, a.entityType, a.userId])).toEqual([
      ['create', 'organization', u.id],
      ['create', 'membership', u.id],
    ]);
    const mine = await t.gqlOk(`{ myOrganizations { slug viewerRole } }`, {}, { as: u.email });
    expect(mine.myOrganizations).toEqual([{ slug: 'globex-corp', viewerRole: 'admin' }]);
  });

  it('works without region and tax id', async () => {
    const u = await newUser();
    const r = await t.gqlOk(CREATE, { i: { name: 'Tiny Shop', slug: 'tiny-shop', billingCountry: 'US' } }, { as: u.email });
    expect(r.organizationCreate.organization).toMatchObject({ billingCountry: 'US', billingRegion: null, taxId: null });
  });

  it('returns every field error at once, with the field, and creates nothing', async () => {
    const u = await newUser();
    const r = await t.gqlOk(
      CREATE,
      { i: { name: 'X', slug: 'Bad Slug!', billingCountry: 'XX', billingRegion: '<script>', taxId: 'FR123' } },
      { as: u.email },
    );
    expect(r.organizationCreate.organization).toBeNull();
    expect(r.organizationCreate.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_NAME', 'name'],
      ['INVALID_COUNTRY', 'billingCountry'],
      ['INVALID_REGION', 'billingRegion'],
      ['INVALID_SLUG', 'slug'],
    ]);
    expect(await t.prisma.membership.count({ where: { userId: u.id } })).toBe(0);
  });

  it('validates the tax id against the billing country (isValidTaxId)', async () => {
    const u = await newUser();
    for (const [country, taxId, ok] of [
      ['FR', 'FR40303265045', true],
      ['GB', 'GB123456789', true],
      ['FR', 'GB123456789', false], // an id of another country
      ['DE', 'DE12345', false],
      ['GB', 'not a tax id', false],
    ] as const) {
      const slug = `tax-${country.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`;
      const r = await t.gqlOk(CREATE, { i: { name: 'Tax Test', slug, billingCountry: country, taxId } }, { as: u.email });
      if (ok) expect(r.organizationCreate.errors).toEqual([]);
      else
        expect(r.organizationCreate.errors).toEqual([
          { code: 'INVALID_TAX_ID', field: 'taxId', message: expect.stringContaining('not a valid tax id') },
        ]);
    }
  });

  it('refuses a taken slug (also the seed one), and anonymous callers', async () => {
    const u = await newUser();
    const r = await t.gqlOk(CREATE, { i: { name: 'Acme Again', slug: 'acme-corp', billingCountry: 'GB' } }, { as: u.email });
    expect(r.organizationCreate.errors).toEqual([{ code: 'SLUG_TAKEN', field: 'slug', message: 'This URL name is taken.' }]);
    const anon = await t.gql(CREATE, { i: { name: 'Anon Org', slug: 'anon-org', billingCountry: 'GB' } });
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.prisma.organization.count({ where: { slug: 'anon-org' } })).toBe(0);
  });

  it('of two concurrent creations with one slug, exactly one wins', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const rs = await Promise.all(
      [a, b].map((u) => t.gqlOk(CREATE, { i: { name: 'Race', slug: 'race-slug', billingCountry: 'GB' } }, { as: u.email })),
    );
    const codes = rs.map((r) => r.organizationCreate.errors.map((e: any) => e.code).join()).sort();
    expect(codes).toEqual(['', 'SLUG_TAKEN']);
    expect(await t.prisma.organization.count({ where: { slug: 'race-slug' } })).toBe(1);
  });
});

describe('organizationUpdate (manage_billing)', () => {
  it('an admin changes the billing identity; the change is audited with old and new values', async () => {
    const u = await newUser();
    const created = await t.gqlOk(
      CREATE,
      { i: { name: 'Billing Co', slug: 'billing-co', billingCountry: 'GB', taxId: 'GB123456789' } },
      { as: u.email },
    );
    const id = created.organizationCreate.organization.id;
    const r = await t.gqlOk(UPDATE, { i: { id, name: 'Billing Company', billingCountry: 'FR', taxId: 'FR40303265045' } }, { as: u.email });
    expect(r.organizationUpdate).toEqual({
      organization: { id, name: 'Billing Company', billingCountry: 'FR', billingRegion: null, taxId: 'FR40303265045' },
      errors: [],
    });
    const a = await t.prisma.auditLog.findFirstOrThrow({ where: { orgId: id, actionType: 'update', entityType: 'organization' } });
    expect(a.oldValue).toEqual({ name: 'Billing Co', billingCountry: 'GB', taxId: 'GB123456789' });
    expect(a.newValue).toEqual({ name: 'Billing Company', billingCountry: 'FR', taxId: 'FR40303265045' });
  });

  it('re-checks the stored tax id when only the country changes; an empty string clears it', async () => {
    const u = await newUser();
    const created = await t.gqlOk(
      CREATE,
      { i: { name: 'Mover', slug: 'mover-co', billingCountry: 'GB', taxId: 'GB123456789', billingRegion: 'London' } },
      { as: u.email },
    );
    const id = created.organizationCreate.organization.id;
    const bad = await t.gqlOk(UPDATE, { i: { id, billingCountry: 'FR' } }, { as: u.email });
    expect(bad.organizationUpdate).toEqual({ organization: null, errors: [{ code: 'INVALID_TAX_ID', field: 'taxId' }] });
    const ok = await t.gqlOk(UPDATE, { i: { id, billingCountry: 'FR', taxId: '', billingRegion: '' } }, { as: u.email });
    expect(ok.organizationUpdate.organization).toMatchObject({ billingCountry: 'FR', taxId: null, billingRegion: null });
  });

  it('refuses developers and viewers (FORBIDDEN), other orgs and outsiders (NOT_FOUND), anonymous (UNAUTHENTICATED)', async () => {
    const { org, dev, viewer } = await orgOfThree();
    const other = await makeOrgWithMember(t.prisma, 'admin');
    const outsider = await newUser();
    for (const as of [dev, viewer]) {
      const r = await t.gql(UPDATE, { i: { id: org.id, name: 'Hacked' } }, { as });
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    for (const as of [other.email, outsider.email, 'admin@webkernel.com']) {
      const r = await t.gql(UPDATE, { i: { id: org.id, name: 'Hacked' } }, { as });
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await t.gql(UPDATE, { i: { id: org.id, name: 'Hacked' } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe(org.name);
    expect(await t.prisma.auditLog.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe('reading organizations', () => {
  it('myOrganizations lists the orgs of the signed-in user with their role and permissions', async () => {
    const { org, viewer } = await orgOfThree();
    const r = await t.gqlOk(`{ myOrganizations { slug viewerRole viewerPermissions memberCount } }`, {}, { as: viewer });
    expect(r.myOrganizations).toEqual([
      { slug: org.slug, viewerRole: 'viewer', viewerPermissions: ['view_modules', 'view_instances'], memberCount: 3 },
    ]);
    const outsider = await newUser();
    expect((await t.gqlOk(`{ myOrganizations { slug } }`, {}, { as: outsider.email })).myOrganizations).toEqual([]);
    expect((await t.gql(`{ myOrganizations { slug } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('organization(id) is NOT_FOUND for non-members; platform admins may read', async () => {
    const q = `query($id: Int!) { organization(id: $id) { slug billingCountry taxId memberCount viewerRole } }`;
    const { org, dev } = await orgOfThree();
    const other = await makeOrgWithMember(t.prisma, 'admin');
    const outsider = await newUser();
    expect((await t.gqlOk(q, { id: org.id }, { as: dev })).organization).toEqual({
      slug: org.slug,
      billingCountry: 'GB',
      taxId: null,
      memberCount: 3,
      viewerRole: 'developer',
    });
    for (const as of [other.email, outsider.email])
      expect((await t.gql(q, { id: org.id }, { as })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.gql(q, { id: 999999 }, { as: dev })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.gqlOk(q, { id: org.id }, { as: 'admin@webkernel.com' })).organization).toMatchObject({
      slug: org.slug,
      viewerRole: null,
      memberCount: 3,
    });
    expect((await t.gql(q, { id: org.id })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('the organization seen through `me` hides the member count of orgs one is not in (never reachable anyway)', async () => {
    const { org, email } = await makeOrgWithMember(t.prisma, 'admin');
    const r = await t.gqlOk(`{ me { memberships { organization { slug memberCount viewerRole } } } }`, {}, { as: email });
    expect(r.me.memberships).toEqual([{ organization: { slug: org.slug, memberCount: 1, viewerRole: 'admin' } }]);
  });

  it('countries lists ISO codes with names', async () => {
    const r = await t.gqlOk(`{ countries { code name } }`);
    expect(r.countries).toHaveLength(249);
    expect(r.countries).toContainEqual({ code: 'GB', name: 'United Kingdom' });
  });
});

describe('organizationMembers', () => {
  it('every member sees the list; only those who manage members see e-mails (and each sees their own)', async () => {
    const { org, admin, dev, viewer } = await orgOfThree();
    const asAdmin = await t.gqlOk(MEMBERS, { orgId: org.id }, { as: admin });
    expect(asAdmin.organizationMembers.totalCount).toBe(3);
    expect(asAdmin.organizationMembers.edges.map((e: any) => [e.node.name, e.node.email, e.node.role, e.node.isYou])).toEqual([
      ['Factory admin', admin, 'admin', true],
      ['Bea Builder', dev, 'developer', false],
      ['Cy Reader', viewer, 'viewer', false],
    ]);
    expect(asAdmin.organizationMembers.edges[1].node.effectivePermissions).toEqual(['view_modules', 'view_instances', 'manage_instances']);
    const asViewer = await t.gqlOk(MEMBERS, { orgId: org.id }, { as: viewer });
    expect(asViewer.organizationMembers.edges.map((e: any) => e.node.email)).toEqual([null, null, viewer]);
    const asDev = await t.gqlOk(MEMBERS, { orgId: org.id }, { as: dev });
    expect(asDev.organizationMembers.edges.map((e: any) => e.node.email)).toEqual([null, dev, null]);
    const platform = await t.gqlOk(MEMBERS, { orgId: org.id }, { as: 'admin@webkernel.com' });
    expect(platform.organizationMembers.edges.map((e: any) => e.node.email)).toEqual([admin, dev, viewer]);
  });

  it('pages with cursors', async () => {
    const { org, admin } = await orgOfThree();
    const p1 = await t.gqlOk(MEMBERS, { orgId: org.id, first: 2 }, { as: admin });
    expect(p1.organizationMembers.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gqlOk(MEMBERS, { orgId: org.id, first: 2, after: p1.organizationMembers.pageInfo.endCursor }, { as: admin });
    expect(p2.organizationMembers.edges.map((e: any) => e.node.name)).toEqual(['Cy Reader']);
    expect(p2.organizationMembers.pageInfo.hasNextPage).toBe(false);
  });

  it('is NOT_FOUND for another org and outsiders, UNAUTHENTICATED anonymously', async () => {
    const { org, admin } = await orgOfThree();
    const other = await makeOrgWithMember(t.prisma, 'admin');
    const outsider = await newUser();
    for (const as of [other.email, outsider.email]) {
      expect((await t.gql(MEMBERS, { orgId: org.id }, { as })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await t.gql(MEMBERS, { orgId: other.org.id }, { as: admin })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.gql(MEMBERS, { orgId: org.id })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
