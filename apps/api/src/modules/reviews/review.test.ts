import { useTestApp, type GqlResult } from '../../test/harness';

const ACME = 101;
const TECHSTART = 102;

const LIST = `query($slug: String!, $first: Int, $after: String) {
  moduleReviews(moduleSlug: $slug, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id rating title body createdAt authorName organizationName } } } }`;
const UPSERT = `mutation($input: ModuleReviewUpsertInput!) { moduleReviewUpsert(input: $input) {
  errors { code field message }
  review { id rating title body authorName organizationName }
  module { slug ratingAverage ratingCount } } }`;
const DELETE = `mutation($slug: String!) { moduleReviewDelete(moduleSlug: $slug) { errors { code field } deletedReviewId module { slug ratingAverage ratingCount } } }`;
const CARD = `query($slug: String!) { module(slug: $slug) { ratingAverage ratingCount } }`;

/** Seed 004 reviews (prisma/src/seed-data.ts). */
const moduleReviews = [
  {
    id: 1,
    moduleId: 1,
    orgId: 101,
    userId: 42,
    rating: 5,
    title: 'Our sales team lives in it',
    body: 'Fast, reliable, and the 1.1 export saved us hours.',
    createdAt: new Date('2025-03-01T00:00:00Z'),
  },
  {
    id: 2,
    moduleId: 1,
    orgId: 102,
    userId: 43,
    rating: 4,
    title: 'Solid CRM',
    body: 'Does what it says. Would like more pipeline views.',
    createdAt: new Date('2025-03-05T00:00:00Z'),
  },
  {
    id: 3,
    moduleId: 2,
    orgId: 102,
    userId: 43,
    rating: 4,
    title: 'Tailored to us',
    body: 'DevShop adapted the ERP to our purchasing flow.',
    createdAt: new Date('2025-03-10T00:00:00Z'),
  },
];

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code as string | undefined;

describe('module reviews', () => {
  const t = useTestApp();

  // One database per file: put the seed 004 reviews and summaries back before each test.
  beforeEach(async () => {
    await t.prisma.$transaction([
      t.prisma.auditLog.deleteMany({ where: { entityType: 'module_review' } }),
      t.prisma.moduleReview.deleteMany({}),
      t.prisma.moduleReview.createMany({ data: moduleReviews.map((r) => ({ ...r })) }),
      t.prisma.module.update({ where: { id: 1 }, data: { ratingAverage: '4.50', ratingCount: 2 } }),
      t.prisma.module.update({ where: { id: 2 }, data: { ratingAverage: '4.00', ratingCount: 1 } }),
      t.prisma.module.update({ where: { id: 3 }, data: { ratingAverage: null, ratingCount: 0 } }),
    ]);
  });

  const moduleId = async (slug: string) => (await t.prisma.module.findUniqueOrThrow({ where: { slug } })).id;
  const dbSummary = async (slug: string) => {
    const m = await t.prisma.module.findUniqueOrThrow({ where: { slug } });
    return { ratingAverage: m.ratingAverage?.toFixed(2) ?? null, ratingCount: m.ratingCount };
  };
  const auditRows = (action: string) =>
    t.prisma.auditLog.findMany({ where: { actionType: action, entityType: 'module_review' }, orderBy: { id: 'asc' } });

  it('lists reviews publicly, newest first, with display names (no e-mail) and org names; paginates', async () => {
    const { moduleReviews } = await t.gqlOk(LIST, { slug: 'crm-pro' });
    expect(moduleReviews.totalCount).toBe(2);
    expect(moduleReviews.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ rating: 4, title: 'Solid CRM', authorName: 'Tom D.', organizationName: 'TechStart Inc' }),
      expect.objectContaining({ rating: 5, title: 'Our sales team lives in it', authorName: 'Alice M.', organizationName: 'Acme Corp' }),
    ]);
    expect(JSON.stringify(moduleReviews)).not.toContain('@');

    const p1 = (await t.gqlOk(LIST, { slug: 'crm-pro', first: 1 })).moduleReviews;
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await t.gqlOk(LIST, { slug: 'crm-pro', first: 1, after: p1.pageInfo.endCursor })).moduleReviews;
    expect(p2.edges.map((e: any) => e.node.authorName)).toEqual(['Alice M.']);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });

  it('is NOT_FOUND for a module that is not in the catalog', async () => {
    expect(code(await t.gql(LIST, { slug: 'no-such-module' }))).toBe('NOT_FOUND');
    await t.prisma.module.update({ where: { slug: 'custom-erp' }, data: { status: 'draft' } });
    try {
      expect(code(await t.gql(LIST, { slug: 'custom-erp' }))).toBe('NOT_FOUND');
    } finally {
      await t.prisma.module.update({ where: { slug: 'custom-erp' }, data: { status: 'published' } });
    }
  });

  it('creates a review, then updates it (one per user and module), recomputing the average exactly and auditing', async () => {
    // Tom already reviewed CRM Pro; Dev (Acme developer, view_modules) creates a new one.
    const created = (
      await t.gqlOk(
        UPSERT,
        { input: { moduleSlug: 'crm-pro', orgId: ACME, rating: 3, title: '  Decent ', body: 'OK' } },
        { as: 'dev@acme.test' },
      )
    ).moduleReviewUpsert;
    expect(created.errors).toEqual([]);
    expect(created.review).toMatchObject({ rating: 3, title: 'Decent', body: 'OK', authorName: 'Dev P.', organizationName: 'Acme Corp' });
    // (5 + 4 + 3) / 3 = 4.00
    expect(created.module).toEqual({ slug: 'crm-pro', ratingAverage: 4, ratingCount: 3 });
    expect(await dbSummary('crm-pro')).toEqual({ ratingAverage: '4.00', ratingCount: 3 });
    expect(await auditRows('module_review.create')).toEqual([
      expect.objectContaining({ entityId: String(created.review.id), orgId: ACME }),
    ]);

    // Alice changes 5 → 3 (update, not a second row).
    const updated = (
      await t.gqlOk(
        UPSERT,
        { input: { moduleSlug: 'crm-pro', orgId: ACME, rating: 3, title: 'Changed my mind' } },
        { as: 'alice@acme.test' },
      )
    ).moduleReviewUpsert;
    expect(updated.errors).toEqual([]);
    expect(updated.review).toMatchObject({ id: 1, rating: 3, title: 'Changed my mind', body: null });
    // (3 + 4 + 3) / 3 = 3.33 (rounded, exact in SQL)
    expect(updated.module).toEqual({ slug: 'crm-pro', ratingAverage: 3.33, ratingCount: 3 });
    expect(await dbSummary('crm-pro')).toEqual({ ratingAverage: '3.33', ratingCount: 3 });
    expect(
      await t.prisma.moduleReview.count({ where: { moduleId: await moduleId('crm-pro'), userId: await t.userId('alice@acme.test') } }),
    ).toBe(1);
    const upd = await auditRows('module_review.update');
    expect(upd).toHaveLength(1);
    expect(upd[0]).toMatchObject({
      entityId: '1',
      orgId: ACME,
      oldValue: expect.objectContaining({ rating: 5 }),
      newValue: expect.objectContaining({ rating: 3 }),
    });
    expect((await t.gqlOk(CARD, { slug: 'crm-pro' })).module).toEqual({ ratingAverage: 3.33, ratingCount: 3 });
  });

  it('alice changing 5 → 3 on CRM Pro gives 3.50 over 2 reviews', async () => {
    const r = (await t.gqlOk(UPSERT, { input: { moduleSlug: 'crm-pro', orgId: ACME, rating: 3 } }, { as: 'alice@acme.test' }))
      .moduleReviewUpsert;
    expect(r.errors).toEqual([]);
    expect(r.module).toEqual({ slug: 'crm-pro', ratingAverage: 3.5, ratingCount: 2 });
    expect(await dbSummary('crm-pro')).toEqual({ ratingAverage: '3.50', ratingCount: 2 });
  });

  it('refuses an organization that never held a license (REVIEW_NOT_A_CUSTOMER), writing nothing', async () => {
    const before = await t.prisma.moduleReview.count();
    const r = (await t.gqlOk(UPSERT, { input: { moduleSlug: 'analytics-pro', orgId: ACME, rating: 5 } }, { as: 'alice@acme.test' }))
      .moduleReviewUpsert;
    expect(r).toEqual({ errors: [expect.objectContaining({ code: 'REVIEW_NOT_A_CUSTOMER', field: 'orgId' })], review: null, module: null });
    expect(await t.prisma.moduleReview.count()).toBe(before);
    expect(await dbSummary('analytics-pro')).toEqual({ ratingAverage: null, ratingCount: 0 });
  });

  it("refuses another org's id (NOT_FOUND), anonymous callers (UNAUTHENTICATED) and users in no org", async () => {
    expect(code(await t.gql(UPSERT, { input: { moduleSlug: 'crm-pro', orgId: TECHSTART, rating: 5 } }, { as: 'alice@acme.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await t.gql(UPSERT, { input: { moduleSlug: 'crm-pro', orgId: ACME, rating: 5 } }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(UPSERT, { input: { moduleSlug: 'crm-pro', orgId: ACME, rating: 5 } }, { as: 'john@johndoe.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await t.gql(DELETE, { slug: 'crm-pro' }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(UPSERT, { input: { moduleSlug: 'no-such-module', orgId: ACME, rating: 5 } }, { as: 'alice@acme.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(await dbSummary('crm-pro')).toEqual({ ratingAverage: '4.50', ratingCount: 2 });
  });

  it.each([0, 6, -1])('rating %i → RATING_INVALID with nothing written', async (rating) => {
    const r = (await t.gqlOk(UPSERT, { input: { moduleSlug: 'crm-pro', orgId: ACME, rating } }, { as: 'alice@acme.test' }))
      .moduleReviewUpsert;
    expect(r.errors).toEqual([expect.objectContaining({ code: 'RATING_INVALID', field: 'rating' })]);
    expect(r.review).toBeNull();
    expect((await t.prisma.moduleReview.findUniqueOrThrow({ where: { id: 1 } })).rating).toBe(5);
    expect(await dbSummary('crm-pro')).toEqual({ ratingAverage: '4.50', ratingCount: 2 });
    expect(await t.prisma.auditLog.count({ where: { entityType: 'module_review', entityId: '1' } })).toBe(0);
  });

  it('title over 120 or body over 4000 characters → REVIEW_TOO_LONG on the field', async () => {
    const r = (
      await t.gqlOk(
        UPSERT,
        { input: { moduleSlug: 'crm-pro', orgId: ACME, rating: 4, title: 'x'.repeat(121), body: 'y'.repeat(4001) } },
        { as: 'alice@acme.test' },
      )
    ).moduleReviewUpsert;
    expect(r.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['REVIEW_TOO_LONG', 'title'],
      ['REVIEW_TOO_LONG', 'body'],
    ]);
    const ok = (
      await t.gqlOk(
        UPSERT,
        { input: { moduleSlug: 'crm-pro', orgId: ACME, rating: 4, title: 'x'.repeat(120), body: 'y'.repeat(4000) } },
        { as: 'alice@acme.test' },
      )
    ).moduleReviewUpsert;
    expect(ok.errors).toEqual([]);
  });

  it('deletes the author’s own review, recomputes and audits; NOT_FOUND when there is none', async () => {
    const r = (await t.gqlOk(DELETE, { slug: 'custom-erp' }, { as: 'tom@techstart.test' })).moduleReviewDelete;
    expect(r).toEqual({ errors: [], deletedReviewId: 3, module: { slug: 'custom-erp', ratingAverage: null, ratingCount: 0 } });
    expect(await dbSummary('custom-erp')).toEqual({ ratingAverage: null, ratingCount: 0 });
    expect(await auditRows('module_review.delete')).toEqual([expect.objectContaining({ entityId: '3', orgId: TECHSTART })]);
    expect(code(await t.gql(DELETE, { slug: 'custom-erp' }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(DELETE, { slug: 'crm-pro' }, { as: 'viewer@acme.test' }))).toBe('NOT_FOUND');

    const crm = (await t.gqlOk(DELETE, { slug: 'crm-pro' }, { as: 'alice@acme.test' })).moduleReviewDelete;
    expect(crm.module).toEqual({ slug: 'crm-pro', ratingAverage: 4, ratingCount: 1 });
    expect((await t.gqlOk(LIST, { slug: 'crm-pro' })).moduleReviews.totalCount).toBe(1);
  });
});
