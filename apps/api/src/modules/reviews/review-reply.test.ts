import { useTestApp } from '../../test/harness';
import { protocolCode } from '../checkout/test-support/checkout-fixtures';

const REPLY = `mutation($id: Int!, $body: String!) { moduleReviewReply(input: { reviewId: $id, body: $body }) {
  errors { code field message } review { id vendorReply { body vendorName repliedAt editedAt } } } }`;
const PUBLIC = `query($slug: String!, $sort: ReviewSort, $first: Int, $after: String) { moduleReviews(moduleSlug: $slug, sort: $sort, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id rating createdAt vendorReply { body vendorName } } } } }`;
const VENDOR = `query($v: Int!, $unanswered: Boolean) { vendorReviews(vendorId: $v, unanswered: $unanswered) {
  totalCount edges { node { id moduleName moduleSlug rating vendorReply { body } } } } }`;
const ELIGIBILITY = `query($slug: String!) { moduleReviewEligibility(moduleSlug: $slug) { canReview reason message organizations { id name } } }`;

describe('vendor replies to reviews', () => {
  const t = useTestApp();

  it('the vendor writes one reply, edits it, and buyers see it under the review (audited)', async () => {
    // Seed review 3: TechStart on Custom ERP (vendor DevShop, run by Alice).
    const first = (await t.gqlOk(REPLY, { id: 3, body: '  Thanks Tom, glad it fits!  ' }, { as: 'alice@acme.test' })).moduleReviewReply;
    expect(first.errors).toEqual([]);
    expect(first.review.vendorReply).toMatchObject({ body: 'Thanks Tom, glad it fits!', vendorName: 'DevShop Solutions', editedAt: null });
    const edited = (await t.gqlOk(REPLY, { id: 3, body: 'Thanks Tom! Pipeline views ship in 2.1.' }, { as: 'alice@acme.test' }))
      .moduleReviewReply;
    expect(edited.review.vendorReply.body).toBe('Thanks Tom! Pipeline views ship in 2.1.');
    expect(edited.review.vendorReply.repliedAt).toBe(first.review.vendorReply.repliedAt);
    expect(edited.review.vendorReply.editedAt).not.toBeNull();
    // Still one reply: the row holds it.
    const row = await t.prisma.moduleReview.findUniqueOrThrow({ where: { id: 3 } });
    expect(row.vendorReply).toBe('Thanks Tom! Pipeline views ship in 2.1.');

    const pub = (await t.gqlOk(PUBLIC, { slug: 'custom-erp' })).moduleReviews.edges.map((e: any) => e.node);
    expect(pub.find((r: any) => r.id === 3).vendorReply).toEqual({
      body: 'Thanks Tom! Pipeline views ship in 2.1.',
      vendorName: 'DevShop Solutions',
    });

    const audits = await t.prisma.auditLog.findMany({ where: { entityType: 'module_review', entityId: '3' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.actionType)).toEqual(['module_review.reply', 'module_review.reply_update']);
  });

  it('refuses an empty or too long reply with the field, writing nothing', async () => {
    const empty = (await t.gqlOk(REPLY, { id: 1, body: '   ' }, { as: 'admin@webkernel.com' })).moduleReviewReply;
    expect(empty.errors).toEqual([{ code: 'REPLY_EMPTY', field: 'body', message: 'Write a reply.' }]);
    const long = (await t.gqlOk(REPLY, { id: 1, body: 'x'.repeat(2001) }, { as: 'admin@webkernel.com' })).moduleReviewReply;
    expect(long.errors.map((e: any) => [e.code, e.field])).toEqual([['REPLY_TOO_LONG', 'body']]);
    expect((await t.prisma.moduleReview.findUniqueOrThrow({ where: { id: 1 } })).vendorReply).toBeNull();
  });

  it.each([
    ['John Doe (another vendor)', 'john@johndoe.test'],
    ['Tom (the author, not the vendor)', 'tom@techstart.test'],
    ['the Acme developer (not an org admin)', 'dev@acme.test'],
    ['Alice on the official vendor’s module', 'alice@acme.test'],
  ])('%s cannot reply → NOT_FOUND', async (_l, as) => {
    const id = as === 'alice@acme.test' ? 1 : 3;
    const r = await t.gql(REPLY, { id, body: 'Not mine' }, { as });
    expect(protocolCode(r)).toBe('NOT_FOUND');
    expect(JSON.stringify(r.errors)).not.toMatch(/ERP|CRM|DevShop/);
  });

  it('a review that does not exist → NOT_FOUND; anonymous → UNAUTHENTICATED', async () => {
    expect(protocolCode(await t.gql(REPLY, { id: 999999, body: 'x' }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(REPLY, { id: 3, body: 'x' }))).toBe('UNAUTHENTICATED');
  });

  it('vendorReviews lists the own modules’ reviews, filtered by answered; others → NOT_FOUND', async () => {
    await t.prisma.moduleReview.update({ where: { id: 2 }, data: { vendorReply: 'Noted!', vendorReplyAt: new Date() } });
    const all = (await t.gqlOk(VENDOR, { v: 1 }, { as: 'admin@webkernel.com' })).vendorReviews;
    expect(all.edges.map((e: any) => [e.node.id, e.node.moduleSlug])).toEqual([
      [2, 'crm-pro'],
      [1, 'crm-pro'],
    ]);
    const open = (await t.gqlOk(VENDOR, { v: 1, unanswered: true }, { as: 'admin@webkernel.com' })).vendorReviews;
    expect(open.edges.map((e: any) => e.node.id)).toEqual([1]);
    expect(protocolCode(await t.gql(VENDOR, { v: 1 }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(VENDOR, { v: 2 }, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
  });
});

describe('buyers sort reviews', () => {
  const t = useTestApp();

  it('newest, highest and lowest first, with keyset pages that neither skip nor repeat', async () => {
    // CRM Pro: seed 5★ (2025-03-01) and 4★ (2025-03-05); add 2★ and 4★ from other users.
    const users = await t.prisma.user.findMany({ where: { id: { in: [44, 45] } } });
    await t.prisma.moduleReview.create({
      data: { moduleId: 1, orgId: 101, userId: users[0]!.id, rating: 2, createdAt: new Date('2025-04-01T00:00:00Z') },
    });
    await t.prisma.moduleReview.create({
      data: { moduleId: 1, orgId: 101, userId: users[1]!.id, rating: 4, createdAt: new Date('2025-05-01T00:00:00Z') },
    });
    const order = async (sort: string) => {
      const out: [number, string][] = [];
      let after: string | null = null;
      do {
        const page: any = (await t.gqlOk(PUBLIC, { slug: 'crm-pro', sort, first: 1, after })).moduleReviews;
        out.push(...page.edges.map((e: any) => [e.node.rating, e.node.createdAt.slice(0, 10)] as [number, string]));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return out;
    };
    expect(await order('NEWEST')).toEqual([
      [4, '2025-05-01'],
      [2, '2025-04-01'],
      [4, '2025-03-05'],
      [5, '2025-03-01'],
    ]);
    expect(await order('HIGHEST')).toEqual([
      [5, '2025-03-01'],
      [4, '2025-05-01'],
      [4, '2025-03-05'],
      [2, '2025-04-01'],
    ]);
    expect(await order('LOWEST')).toEqual([
      [2, '2025-04-01'],
      [4, '2025-05-01'],
      [4, '2025-03-05'],
      [5, '2025-03-01'],
    ]);
  });

  it('only customers may review; everyone else is told why', async () => {
    expect((await t.gqlOk(ELIGIBILITY, { slug: 'crm-pro' })).moduleReviewEligibility).toEqual({
      canReview: false,
      reason: 'SIGN_IN',
      message: 'Sign in to review this module.',
      organizations: [],
    });
    const john = (await t.gqlOk(ELIGIBILITY, { slug: 'crm-pro' }, { as: 'john@johndoe.test' })).moduleReviewEligibility;
    expect(john).toMatchObject({ canReview: false, reason: 'NOT_A_CUSTOMER', organizations: [] });
    expect(john.message).toMatch(/Only customers/);
    const alice = (await t.gqlOk(ELIGIBILITY, { slug: 'crm-pro' }, { as: 'alice@acme.test' })).moduleReviewEligibility;
    expect(alice).toEqual({ canReview: true, reason: null, message: null, organizations: [{ id: 101, name: 'Acme Corp' }] });
    expect(protocolCode(await t.gql(ELIGIBILITY, { slug: 'no-such-module' }))).toBe('NOT_FOUND');
  });
});
