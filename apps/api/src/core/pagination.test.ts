/**
 * Lists ordered by id (`pageById`): paging one row at a time gives the same rows, in the same order
 * and without a repeat, as one big page; a cursor that is not ours is BAD_USER_INPUT on `after`.
 */
import { useTestApp } from '../test/harness';

const t = useTestApp();

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Each list: its query (taking $first and $after), the caller, and where its connection is. */
const LISTS: { name: string; query: string; as: string; minRows: number }[] = [
  { name: 'adminCoupons', as: 'admin@webkernel.com', minRows: 2, query: 'adminCoupons(first: $first, after: $after)' },
  { name: 'adminVendors', as: 'admin@webkernel.com', minRows: 3, query: 'adminVendors(first: $first, after: $after)' },
  { name: 'adminTaxRules', as: 'admin@webkernel.com', minRows: 2, query: 'adminTaxRules(first: $first, after: $after)' },
  { name: 'adminLicenses', as: 'admin@webkernel.com', minRows: 2, query: 'adminLicenses(first: $first, after: $after)' },
  {
    name: 'organizationMembers',
    as: 'alice@acme.test',
    minRows: 3,
    query: 'organizationMembers(orgId: 101, first: $first, after: $after)',
  },
  { name: 'vendorModules', as: 'john@johndoe.test', minRows: 3, query: 'vendorModules(vendorId: 3, first: $first, after: $after)' },
];

const page = (l: (typeof LISTS)[number]) =>
  `query($first: Int!, $after: String) { ${l.query} { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

beforeAll(async () => {
  // John's vendor has one module in the seed: two drafts more, so that its list has pages.
  for (const slug of ['paging-draft-a', 'paging-draft-b']) {
    await t.prisma.module.create({
      data: {
        vendorId: 3,
        slug,
        name: slug,
        type: 'ready_made',
        status: 'draft',
        category: 'analytics',
        shortDescription: slug,
        installPath: 'webkernel/src/',
        namespace: 'Webkernel',
      },
    });
  }
});

describe('lists ordered by id', () => {
  it.each(LISTS)('$name: one row at a time gives every row of the big page once, in order', async (l) => {
    const all = (await t.gqlOk(page(l), { first: 100 }, { as: l.as }))[l.name];
    expect(all.edges.length).toBeGreaterThanOrEqual(l.minRows);
    expect(all.totalCount).toBe(all.edges.length);
    const seen: number[] = [];
    let after: string | null = null;
    for (let i = 0; i <= all.edges.length; i++) {
      const p: any = (await t.gqlOk(page(l), { first: 1, after }, { as: l.as }))[l.name];
      expect(p.totalCount).toBe(all.totalCount);
      seen.push(...p.edges.map((e: { node: { id: number } }) => e.node.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e: { node: { id: number } }) => e.node.id));
  });

  it.each(LISTS)('$name: a cursor that is not ours is BAD_USER_INPUT on after', async (l) => {
    for (const after of ['not-a-cursor', cursorOf(['abc']), cursorOf([1.5]), cursorOf([1, 2]), cursorOf({ id: 1 })]) {
      const r = await t.gql(page(l), { first: 5, after }, { as: l.as });
      expect(r.data).toBeNull();
      expect(r.errors?.[0]).toMatchObject({ message: 'Invalid cursor.', extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    }
  });
});
