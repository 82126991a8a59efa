/**
 * The catalog's projection (catalog_entries, issue 16) follows every write that changes what the
 * storefront lists, filters or sorts on — inside the writing transaction, whatever code path writes
 * (triggers). Also: install counts and the INSTALLS sort, the core filter's exactness against
 * @wk/domain's semver rules, and the capped count.
 */
import { satisfiesCoreRange } from '@wk/domain';
import { useTestApp } from '../../test/harness';
import { makeModule } from '../../test/factories';
import { CHECK_KINDS } from '../version-checks/review-checks';

const t = useTestApp();

const LIST = `query($filter: CatalogFilter, $sort: CatalogSort, $first: Int) {
  catalogModules(filter: $filter, sort: $sort, first: $first) {
    totalCount totalCountIsExact
    edges { node { slug activeInstalls priceSummary { label } } }
  }
}`;

async function list(filter: Record<string, unknown>, sort = 'NAME', first = 100) {
  const r = await t.gqlOk(LIST, { filter, sort, first });
  return r.catalogModules as {
    totalCount: number;
    totalCountIsExact: boolean;
    edges: { node: { slug: string; activeInstalls: number; priceSummary: { label: string } } }[];
  };
}
const slugs = async (filter: Record<string, unknown>, sort = 'NAME') => (await list(filter, sort)).edges.map((e) => e.node.slug);

describe('the projection follows the writes that change it', () => {
  it('version status: a module appears when a version is approved and leaves when none is visible any more', async () => {
    const { module, versions } = await makeModule(t.prisma, {
      slug: 'proj-status',
      category: 'proj-status',
      versions: [{ version: '1.0.0', status: 'pending', compat: [{ min: '2.0.0' }] }],
    });
    expect(await slugs({ category: 'proj-status' })).toEqual([]);
    await t.prisma.moduleVersion.update({ where: { id: versions[0].id }, data: { status: 'stable' } });
    expect(await slugs({ category: 'proj-status' })).toEqual(['proj-status']);
    expect((await t.gqlOk(`{ module(slug: "proj-status") { slug } }`)).module.slug).toBe('proj-status');
    await t.prisma.moduleVersion.update({ where: { id: versions[0].id }, data: { status: 'rejected' } });
    expect(await slugs({ category: 'proj-status' })).toEqual([]);
    const gone = await t.gql(`{ module(slug: "proj-status") { slug } }`);
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Module status: suspended leaves the catalog, published comes back.
    await t.prisma.moduleVersion.update({ where: { id: versions[0].id }, data: { status: 'beta' } });
    await t.prisma.module.update({ where: { id: module.id }, data: { status: 'suspended' } });
    expect(await slugs({ category: 'proj-status' })).toEqual([]);
    await t.prisma.module.update({ where: { id: module.id }, data: { status: 'published' } });
    expect(await slugs({ category: 'proj-status' })).toEqual(['proj-status']);
    // Deleting the last visible version.
    await t.prisma.moduleVersion.delete({ where: { id: versions[0].id } });
    expect(await slugs({ category: 'proj-status' })).toEqual([]);
  });

  it('through the product: an admin approving a submitted version lists the module', async () => {
    const { versions } = await makeModule(t.prisma, {
      slug: 'proj-approve',
      category: 'proj-approve',
      status: 'pending',
      vendorId: 3,
      versions: [{ version: '1.0.0', status: 'pending', compat: [{ min: '2.0.0' }] }],
    });
    await t.prisma.moduleVersion.update({ where: { id: versions[0].id }, data: { hash: 'a'.repeat(64), artifactKey: 'x' } });
    // Approval needs every automated check passed (issue 14): recorded as the job worker would.
    await t.prisma.moduleVersionCheck.createMany({
      data: CHECK_KINDS.map((kind) => ({
        versionId: versions[0].id,
        kind,
        status: 'passed' as const,
        queuedAt: new Date(),
        finishedAt: new Date(),
      })),
    });
    const validation = await t.prisma.moduleValidation.create({
      data: {
        versionId: versions[0].id,
        status: 'pending',
        submittedAt: new Date(),
        securityScanPassed: true,
        codeReviewPassed: true,
        performanceTested: true,
      },
    });
    expect(await slugs({ category: 'proj-approve' })).toEqual([]);
    const r = await t.gqlOk(
      `mutation($id: Int!) { validationApprove(input: { validationId: $id }) { errors { code message } } }`,
      { id: validation.id },
      { as: 'admin@webkernel.com' },
    );
    expect(r.validationApprove.errors).toEqual([]);
    expect(await slugs({ category: 'proj-approve' })).toEqual(['proj-approve']);
  });

  it('plans: price changes and deactivation re-sort by price and change the plan filter', async () => {
    await makeModule(t.prisma, {
      slug: 'proj-price-a',
      category: 'proj-price',
      plans: [{ planType: 'subscription', billingCycle: 'monthly', price: '30.00' }],
    });
    const b = await makeModule(t.prisma, {
      slug: 'proj-price-b',
      category: 'proj-price',
      plans: [{ planType: 'subscription', billingCycle: 'monthly', price: '20.00' }],
    });
    expect(await slugs({ category: 'proj-price' }, 'PRICE')).toEqual(['proj-price-b', 'proj-price-a']);
    const plan = await t.prisma.pricingPlan.findFirstOrThrow({ where: { moduleId: b.module.id } });
    await t.prisma.pricingPlan.update({ where: { id: plan.id }, data: { priceAmount: '40.00' } });
    expect(await slugs({ category: 'proj-price' }, 'PRICE')).toEqual(['proj-price-a', 'proj-price-b']);
    expect(await slugs({ category: 'proj-price', planType: 'PERPETUAL' })).toEqual([]);
    await t.prisma.pricingPlan.create({
      data: { moduleId: b.module.id, planType: 'perpetual', name: 'Once', billingCycle: 'once', priceAmount: '5.00' },
    });
    expect(await slugs({ category: 'proj-price', planType: 'PERPETUAL' })).toEqual(['proj-price-b']);
    expect(await slugs({ category: 'proj-price' }, 'PRICE')).toEqual(['proj-price-b', 'proj-price-a']);
    await t.prisma.pricingPlan.updateMany({ where: { moduleId: b.module.id }, data: { isActive: false } });
    // Without an active plan: last by price, and no plan family.
    expect(await slugs({ category: 'proj-price' }, 'PRICE')).toEqual(['proj-price-a', 'proj-price-b']);
    expect(await slugs({ category: 'proj-price', planType: 'SUBSCRIPTION' })).toEqual(['proj-price-a']);
  });

  it('module fields and vendor verification: rename is searchable at once, verification filters', async () => {
    const { module } = await makeModule(t.prisma, { slug: 'proj-text', name: 'Plain Name', category: 'proj-text', vendorId: 3 });
    expect(await slugs({ search: 'zebrafish' })).toEqual([]);
    await t.prisma.module.update({ where: { id: module.id }, data: { name: 'Zebrafish Tracker' } });
    expect(await slugs({ search: 'zebrafish' })).toEqual(['proj-text']);
    await t.prisma.module.update({ where: { id: module.id }, data: { description: 'Counts quokkas.' } });
    expect(await slugs({ search: 'QUOKKA' })).toEqual(['proj-text']);
    expect(await slugs({ category: 'proj-text', verifiedOnly: true })).toEqual([]);
    const vendor = await t.prisma.vendor.findUniqueOrThrow({ where: { id: 3 } });
    await t.prisma.vendor.update({ where: { id: 3 }, data: { isVerified: true } });
    expect(await slugs({ category: 'proj-text', verifiedOnly: true })).toEqual(['proj-text']);
    await t.prisma.vendor.update({ where: { id: 3 }, data: { name: 'Renamed Vendor Okapi' } });
    expect(await slugs({ search: 'okapi' })).toContain('proj-text');
    await t.prisma.vendor.update({ where: { id: 3 }, data: { isVerified: vendor.isVerified, name: vendor.name } });
    expect(await slugs({ category: 'proj-text', verifiedOnly: true })).toEqual([]);
  });

  it('a failed write leaves the projection as it was (the refresh is inside the transaction)', async () => {
    const { module } = await makeModule(t.prisma, { slug: 'proj-rollback', name: 'Before Rollback', category: 'proj-rollback' });
    await expect(
      t.prisma.$transaction(async (tx) => {
        await tx.module.update({ where: { id: module.id }, data: { name: 'Capybara During' } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await slugs({ search: 'capybara' })).toEqual([]);
    expect(await slugs({ search: 'before rollback' })).toEqual(['proj-rollback']);
  });
});

describe('install counts', () => {
  it('cards and the module page show active installs; INSTALLS sorts by them; activation changes follow', async () => {
    // Seed: crm-pro is active on 3 instances, custom-erp on 1, analytics-pro on none.
    const all = await list({}, 'INSTALLS');
    // Ties (0 installs) follow the module id, so the seed's three come first whatever other tests added.
    expect(all.edges.slice(0, 3).map((e) => [e.node.slug, e.node.activeInstalls])).toEqual([
      ['crm-pro', 3],
      ['custom-erp', 1],
      ['analytics-pro', 0],
    ]);
    expect((await t.gqlOk(`{ module(slug: "crm-pro") { activeInstalls } }`)).module.activeInstalls).toBe(3);
    const row = await t.prisma.instanceModule.findFirstOrThrow({ where: { moduleId: 1, isActive: true } });
    await t.prisma.instanceModule.update({ where: { id: row.id }, data: { isActive: false, deactivatedAt: new Date() } });
    expect((await t.gqlOk(`{ module(slug: "crm-pro") { activeInstalls } }`)).module.activeInstalls).toBe(2);
    // Another write to the row that does not change is_active leaves the count alone.
    await t.prisma.instanceModule.update({ where: { id: row.id }, data: { moduleHash: 'changed' } });
    expect((await t.gqlOk(`{ module(slug: "crm-pro") { activeInstalls } }`)).module.activeInstalls).toBe(2);
    await t.prisma.instanceModule.update({ where: { id: row.id }, data: { isActive: true, deactivatedAt: null } });
    expect((await t.gqlOk(`{ module(slug: "crm-pro") { activeInstalls } }`)).module.activeInstalls).toBe(3);
  });

  it('INSTALLS pages with cursors without skipping or repeating under ties', async () => {
    for (let i = 0; i < 5; i++) await makeModule(t.prisma, { slug: `proj-inst-${i}`, category: 'proj-inst' });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await t.gqlOk(
        `query($after: String) { catalogModules(filter: { category: "proj-inst" }, sort: INSTALLS, first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { slug } } } }`,
        { after },
      );
      seen.push(...r.catalogModules.edges.map((e: any) => e.node.slug));
      if (!r.catalogModules.pageInfo.hasNextPage) break;
      after = r.catalogModules.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(['proj-inst-0', 'proj-inst-1', 'proj-inst-2', 'proj-inst-3', 'proj-inst-4']);
  });
});

describe('core filter: the indexed ranges agree with @wk/domain', () => {
  const ranges: [string, string, string | null][] = [
    ['proj-core-a', '1.0.0', '2.0.0-rc.1'], // a pre-release max excludes 2.0.0 itself
    ['proj-core-b', '2.0.0-beta', null], // a pre-release min includes its release
    ['proj-core-c', '1.9.0', '1.9.5'],
    ['proj-core-d', '3.0.0', '2.0.0'], // empty (min > max)
    ['proj-core-e', 'not-a-version', null], // malformed
    ['proj-core-f', '2.0.0', '2.0.0'],
    ['proj-core-g', '10000000000.0.0', null], // a part beyond the index's key: never hit by a core below it
    ['proj-core-h', '1.9.0+build.1', '1.9.6+meta.2'], // build metadata on both ends
    ['proj-core-i', '1.9.5', '2.0.0-rc.1+b'], // a pre-release max with build metadata
    ['proj-core-j', '01.9.0', null], // a leading zero is malformed
  ];
  const cores = ['1.0.0', '1.9.5', '1.9.6', '2.0.0', '2.0.1', '2.0.0+build.7', '2.0.0-rc.2', '2.0.0-alpha', '3.0.0'];

  it('for release and pre-release core versions, with and without the software', async () => {
    for (const [slug, min, max] of ranges) {
      await makeModule(t.prisma, { slug, category: 'proj-core', versions: [{ version: '1.0.0', compat: [{ min, max }] }] });
    }
    for (const core of cores) {
      const expected = ranges
        .filter(([, min, max]) => {
          try {
            return satisfiesCoreRange(core, min, max);
          } catch {
            return false;
          }
        })
        .map(([slug]) => slug)
        .sort();
      expect([core, await slugs({ category: 'proj-core', coreVersion: core, software: 'webkernel' })]).toEqual([core, expected]);
      expect([core, await slugs({ category: 'proj-core', coreVersion: core })]).toEqual([core, expected]);
    }
    // The software alone: every module declaring it, malformed ranges included.
    expect(await slugs({ category: 'proj-core', software: 'webkernel' })).toEqual(ranges.map(([s]) => s).sort());
    expect(await slugs({ category: 'proj-core', software: 'no-such-software' })).toEqual([]);
    expect(await slugs({ category: 'proj-core', software: 'no-such-software', coreVersion: '2.0.0' })).toEqual([]);
  });
});

const SORTS = ['NEWEST', 'NAME', 'PRICE', 'RATING', 'INSTALLS', 'RELEVANCE'] as const;
/** Every page of one module, by cursor: the order a client walks, with no repeat. */
async function walk(filter: Record<string, unknown>, sort: string): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r: any = await t.gqlOk(
      `query($filter: CatalogFilter, $sort: CatalogSort, $after: String) { catalogModules(filter: $filter, sort: $sort, first: 1, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { slug } } } }`,
      { filter, sort, after },
    );
    seen.push(...r.catalogModules.edges.map((e: any) => e.node.slug));
    if (!r.catalogModules.pageInfo.hasNextPage) return seen;
    after = r.catalogModules.pageInfo.endCursor;
  }
}

describe('the core filter with every sort (issue 16: tested on the ranges each order index carries)', () => {
  const CORE = '1.9.5';

  /** Listed modules with an approved range (of the software, or any) containing the core, decided by @wk/domain (the oracle). */
  async function compatibleSlugs(core: string, software: string | null): Promise<Set<string>> {
    const rows = await t.prisma.$queryRaw<{ slug: string; min: string; max: string | null }[]>`
      SELECT m.slug, c.min_core_version AS min, c.max_core_version AS max
      FROM catalog_entries e JOIN modules m ON m.id = e.module_id
      JOIN module_versions mv ON mv.module_id = m.id AND catalog_version_visible(mv)
      JOIN module_core_compatibility c ON c.version_id = mv.id JOIN softwares s ON s.id = c.software_id
      WHERE ${software}::text IS NULL OR s.slug = ${software}::text`;
    const fits = (r: { min: string; max: string | null }) => {
      try {
        return satisfiesCoreRange(core, r.min, r.max);
      } catch {
        return false;
      }
    };
    return new Set(rows.filter(fits).map((r) => r.slug));
  }

  it('keeps each order and its ties, pages without repeat, and counts exactly, with and without other filters', async () => {
    // Ties on every key (same price, rating, date) and ranges in and out of 1.9.5, two of them split around it.
    const specs: [string, number, string | null, string, { min: string; max: string | null }[]][] = [
      ['proj-sc-a', 10, '4.5', '2025-03-01', [{ min: '1.9.0', max: '1.9.9' }]],
      ['proj-sc-b', 10, '4.5', '2025-03-01', [{ min: '1.0.0', max: null }]],
      ['proj-sc-c', 5, null, '2025-02-01', [{ min: '2.0.0', max: null }]],
      [
        'proj-sc-d',
        20,
        '3.0',
        '2025-04-01',
        [
          { min: '1.0.0', max: '1.5.0' },
          { min: '2.0.0', max: null },
        ],
      ],
      ['proj-sc-e', 5, '4.9', '2025-01-01', [{ min: '1.9.5', max: '1.9.5' }]],
      ['proj-sc-f', 10, '4.5', '2025-03-01', [{ min: '1.9.6', max: null }]],
      [
        'proj-sc-g',
        30,
        '1.0',
        '2025-05-01',
        [
          { min: '1.9.0', max: '1.9.4' },
          { min: '1.9.5', max: '1.9.7' },
        ],
      ],
      ['proj-sc-h', 10, null, '2025-03-01', [{ min: '1.0.0', max: '1.9.4' }]],
    ];
    for (const [slug, price, rating, date, compat] of specs) {
      await makeModule(t.prisma, {
        slug,
        name: `Sort Core ${slug.slice(-1).toUpperCase()}`,
        category: 'proj-sort-core',
        ratingAverage: rating,
        ratingCount: rating === null ? 0 : 3,
        publishedAt: new Date(`${date}T00:00:00Z`),
        versions: [{ version: '1.0.0', compat }],
        plans: [{ planType: 'subscription', billingCycle: 'monthly', price: `${price}.00` }],
      });
    }
    const fits = await compatibleSlugs(CORE, 'webkernel');
    const fitsAny = await compatibleSlugs(CORE, null);
    expect([...fits].filter((s) => s.startsWith('proj-sc-')).sort()).toEqual(['proj-sc-a', 'proj-sc-b', 'proj-sc-e', 'proj-sc-g']);
    for (const sort of SORTS) {
      // With another filter (the count joins the entries) and alone (the count reads the ranges' index only).
      for (const extra of [{ category: 'proj-sort-core' }, {}]) {
        const all = await slugs(extra, sort);
        const filter = { ...extra, software: 'webkernel', coreVersion: CORE };
        const expected = all.filter((s) => fits.has(s));
        const page = await list(filter, sort);
        expect([sort, extra, page.edges.map((e) => e.node.slug)]).toEqual([sort, extra, expected]);
        expect([sort, extra, page.totalCount, page.totalCountIsExact]).toEqual([sort, extra, expected.length, true]);
        expect([sort, extra, await walk(filter, sort)]).toEqual([sort, extra, expected]);
        // Any software.
        const expectedAny = all.filter((s) => fitsAny.has(s));
        expect([sort, extra, await walk({ ...extra, coreVersion: CORE }, sort)]).toEqual([sort, extra, expectedAny]);
      }
    }
  });
});

describe('the count', () => {
  it('is exact up to 1000 matches and says so; beyond, it is a lower bound labelled as such', async () => {
    // 1005 listed modules in one category, set-based (the factory would take minutes).
    await t.prisma.$executeRaw`
      WITH m AS (
        INSERT INTO modules (vendor_id, slug, name, status, category, published_at, updated_at)
        SELECT 3, 'proj-many-' || g, 'Many ' || g, 'published', 'proj-many', now(), now() FROM generate_series(1, 1005) g
        RETURNING id)
      INSERT INTO module_versions (module_id, version, status) SELECT id, '1.0.0', 'stable' FROM m`;
    const many = await list({ category: 'proj-many' }, 'NEWEST', 5);
    expect([many.totalCount, many.totalCountIsExact, many.edges.length]).toEqual([1000, false, 5]);
    const few = await list({ category: 'proj-many', search: 'many 100' }, 'NAME', 50);
    // "many 100" matches Many 100 and Many 1000–1005.
    expect([few.totalCount, few.totalCountIsExact]).toEqual([7, true]);
    expect(few.edges.map((e) => e.node.slug)).toHaveLength(7);
    // A term held by more than 1000 entries: the page walks its order's index and the count the newest order's
    // (catalog.queries.ts, narrowSql); the same pages and the same capped count as without the term.
    const slugsOf = (l: Awaited<ReturnType<typeof list>>) => l.edges.map((e) => e.node.slug);
    for (const sort of ['NEWEST', 'NAME', 'PRICE', 'RATING']) {
      const common = await list({ category: 'proj-many', search: 'many' }, sort, 20);
      expect([sort, common.totalCount, common.totalCountIsExact]).toEqual([sort, 1000, false]);
      expect([sort, slugsOf(common)]).toEqual([sort, slugsOf(await list({ category: 'proj-many' }, sort, 20))]);
    }
    const rel = await list({ category: 'proj-many', search: 'many' }, 'RELEVANCE', 20);
    expect([rel.totalCount, rel.totalCountIsExact, rel.edges.length]).toEqual([1000, false, 20]);
    // With a term under 3 characters (read from the search text) beside the common one: exact, in order.
    const oracle = await t.prisma.$queryRaw<{ slug: string }[]>`
      SELECT m.slug FROM modules m
      WHERE m.category = 'proj-many' AND strpos(lower(concat_ws(' ', m.name, m.slug, m.category, m.short_description, m.description)), '5') > 0
      ORDER BY m.published_at DESC, m.id DESC`;
    const five = await list({ category: 'proj-many', search: 'Many 5' }, 'NEWEST', 50);
    expect([five.totalCount, five.totalCountIsExact]).toEqual([oracle.length, true]);
    expect(slugsOf(five)).toEqual(oracle.slice(0, 50).map((r) => r.slug));
  });
});

describe('core ranges: one indexed row per disjoint approved range', () => {
  const rows = async (moduleId: number) =>
    (
      await t.prisma.$queryRaw<{ r: string }[]>`
        SELECT core_range::text AS r FROM catalog_core_ranges WHERE module_id = ${moduleId} ORDER BY seq`
    ).map((x) => x.r);

  it('follows the versions and the listing, and answers the filter exactly between two ranges', async () => {
    const { module, versions } = await makeModule(t.prisma, {
      slug: 'proj-split',
      category: 'proj-split',
      versions: [
        { version: '1.0.0', compat: [{ min: '1.0.0', max: '1.2.0' }] },
        { version: '2.0.0', compat: [{ min: '2.0.0' }] },
      ],
    });
    expect(await rows(module.id)).toHaveLength(2);
    // Between the ranges (inside their bounding range): not compatible.
    expect(await slugs({ category: 'proj-split', software: 'webkernel', coreVersion: '1.5.0' })).toEqual([]);
    expect(await slugs({ category: 'proj-split', software: 'webkernel', coreVersion: '1.2.0' })).toEqual(['proj-split']);
    expect(await slugs({ category: 'proj-split', software: 'webkernel', coreVersion: '2.3.0' })).toEqual(['proj-split']);
    // Overlapping ranges merge into one row.
    await t.prisma.moduleCoreCompatibility.create({
      data: { versionId: versions[0].id, softwareId: 1, minCoreVersion: '1.1.0', maxCoreVersion: '2.1.0' },
    });
    expect(await rows(module.id)).toHaveLength(1);
    expect(await slugs({ category: 'proj-split', software: 'webkernel', coreVersion: '1.5.0' })).toEqual(['proj-split']);
    // A rejected version's ranges leave; an unlisted module has none.
    await t.prisma.moduleVersion.update({ where: { id: versions[0].id }, data: { status: 'rejected' } });
    expect(await rows(module.id)).toHaveLength(1);
    expect(await slugs({ category: 'proj-split', software: 'webkernel', coreVersion: '1.5.0' })).toEqual([]);
    await t.prisma.module.update({ where: { id: module.id }, data: { status: 'suspended' } });
    expect(await rows(module.id)).toEqual([]);
    await t.prisma.module.update({ where: { id: module.id }, data: { status: 'published' } });
    expect(await rows(module.id)).toHaveLength(1);
    expect(await slugs({ category: 'proj-split', software: 'webkernel', coreVersion: '2.3.0' })).toEqual(['proj-split']);
  });
});

describe('relevance beyond 1000 matches ranks bounded candidates', () => {
  it('keeps an old exact or name match first among 1000+ newer weaker matches', async () => {
    // 1005 newer modules named "Gadget Rank g", with "widget" only in their short description.
    await t.prisma.$executeRaw`
      WITH m AS (
        INSERT INTO modules (vendor_id, slug, name, status, category, short_description, published_at, updated_at)
        SELECT 3, 'proj-rank-' || g, 'Gadget Rank ' || g, 'published', 'proj-rank', 'A widget, number ' || g,
               timestamp '2026-01-01' - g * interval '1 minute', now()
        FROM generate_series(1, 1005) g
        RETURNING id)
      INSERT INTO module_versions (module_id, version, status) SELECT id, '1.0.0', 'stable' FROM m`;
    const old = new Date('2020-01-01T00:00:00Z');
    await makeModule(t.prisma, { slug: 'proj-widget-classic', name: 'Widget Classic', category: 'proj-rank', publishedAt: old });
    await makeModule(t.prisma, { slug: 'proj-gadget', name: 'Gadget', category: 'proj-rank', publishedAt: old });
    const top = async (search: string) => {
      const r = await list({ category: 'proj-rank', search }, 'RELEVANCE', 3);
      return [r.totalCountIsExact, r.edges.map((e) => e.node.slug)];
    };
    // The name match is older than every one of the 1005 description matches, and still first.
    expect(await top('widget')).toEqual([false, ['proj-widget-classic', 'proj-rank-1', 'proj-rank-2']]);
    // 1006 name matches: the exact name match is first, then the newest.
    expect(await top('gadget')).toEqual([false, ['proj-gadget', 'proj-rank-1', 'proj-rank-2']]);
    // The pages of a ranking stop at the candidates and never repeat a module.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await t.gqlOk(
        `query($after: String) { catalogModules(filter: { category: "proj-rank", search: "widget" }, sort: RELEVANCE, first: 100, after: $after) {
          pageInfo { hasNextPage endCursor } edges { node { slug } } } }`,
        { after },
      );
      seen.push(...r.catalogModules.edges.map((e: any) => e.node.slug));
      if (!r.catalogModules.pageInfo.hasNextPage) break;
      after = r.catalogModules.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe('proj-widget-classic');
    expect(seen.length).toBeGreaterThanOrEqual(1000);
  });
});

describe('search through the word index (issue 16): the same matches, order, cursors and counts as a substring test', () => {
  const CATEGORY = 'proj-search';

  /** The oracle: listed modules of the category whose fields (lower-cased, in JavaScript) hold every term. */
  async function oracle(search: string): Promise<Set<string>> {
    const terms = search.trim().toLowerCase().split(/\s+/);
    const rows = await t.prisma.$queryRaw<{ slug: string; text: string }[]>`
      SELECT m.slug, concat_ws(E'\n', m.name, m.slug, m.category, m.short_description, m.description, v.name) AS text
      FROM catalog_entries e JOIN modules m ON m.id = e.module_id JOIN vendors v ON v.id = m.vendor_id
      WHERE m.category = ${CATEGORY}`;
    return new Set(rows.filter((r) => terms.every((term) => r.text.toLowerCase().includes(term))).map((r) => r.slug));
  }

  async function expectSearch(search: string, expected: string[]) {
    const matches = await oracle(search);
    expect([search, [...matches].sort()]).toEqual([search, [...expected].sort()]);
    for (const sort of SORTS) {
      const filter = { category: CATEGORY, search };
      const page = await list(filter, sort);
      const got = page.edges.map((e) => e.node.slug);
      if (sort !== 'RELEVANCE') {
        // The category's order, keeping the matches.
        const all = await slugs({ category: CATEGORY }, sort);
        expect([search, sort, got]).toEqual([search, sort, all.filter((s) => matches.has(s))]);
      } else {
        expect([search, sort, [...got].sort()]).toEqual([search, sort, [...matches].sort()]);
      }
      expect([search, sort, page.totalCount, page.totalCountIsExact]).toEqual([search, sort, matches.size, true]);
      expect([search, sort, await walk(filter, sort)]).toEqual([search, sort, got]);
    }
  }

  it('common, rare, inside a word, short, multi-term and LIKE metacharacter terms; the index follows the writes', async () => {
    const longWord = 'x'.repeat(700) + 'needleinhaystack' + 'y'.repeat(1300);
    const specs: [string, string, string, string, number, string | null][] = [
      ['proj-se-a', 'Zebra Analytics', 'Counts 50% of_rows with a back\\slash.', 'Analytics for teams.', 10, '4.5'],
      ['proj-se-b', 'Analytical Tool', 'Plain words only.', 'analytics for teams', 20, '3.0'],
      ['proj-se-c', 'Quartz', 'A rare-word xylophone here.', 'Music.', 10, '4.5'],
      ['proj-se-d', 'Ab Tool', 'Tabs\tand\nlines\u00a0nbsp.', 'Tabular.', 5, null],
      ['proj-se-e', 'Long Word', `Inline image ${longWord} end.`, 'Image.', 30, '1.0'],
      ['proj-se-f', 'Percent Tool', 'Only 5 percent off_rows.', 'Analytics.', 10, '4.5'],
    ];
    const ids: Record<string, number> = {};
    for (const [slug, name, description, shortDescription, price, rating] of specs) {
      const { module } = await makeModule(t.prisma, {
        slug,
        name,
        description,
        shortDescription,
        category: CATEGORY,
        ratingAverage: rating,
        ratingCount: rating === null ? 0 : 3,
        publishedAt: new Date('2025-03-01T00:00:00Z'),
        plans: [{ planType: 'subscription', billingCycle: 'monthly', price: `${price}.00` }],
      });
      ids[slug] = module.id;
    }
    await expectSearch('analytics', ['proj-se-a', 'proj-se-b', 'proj-se-f']);
    await expectSearch('xylophone', ['proj-se-c']);
    await expectSearch('nalyti', ['proj-se-a', 'proj-se-b', 'proj-se-f']); // inside a word
    await expectSearch('ab', ['proj-se-d']); // under 3 characters: the search text itself ("tabs", "ab tool", "tabular")
    await expectSearch('zebra analytics', ['proj-se-a']);
    await expectSearch('analytics teams', ['proj-se-a', 'proj-se-b']);
    await expectSearch('quartz xylo', ['proj-se-c']);
    await expectSearch('50%', ['proj-se-a']);
    await expectSearch('%', ['proj-se-a']);
    await expectSearch('of_r', ['proj-se-a']);
    await expectSearch('f_r', ['proj-se-a', 'proj-se-f']); // not "for": _ is no wildcard
    await expectSearch('k\\sl', ['proj-se-a']);
    await expectSearch('needleinhaystack', ['proj-se-e']); // inside a word longer than a stored piece
    await expectSearch('x'.repeat(90) + 'needle', ['proj-se-e']);
    await expectSearch('nbsp', ['proj-se-d']);
    await expectSearch('tabs', ['proj-se-d']);
    await expectSearch('nomatchatall', []);

    // The writes: rename, description edit, unpublish and publish again, a module listed by a new approved version.
    await t.prisma.module.update({ where: { id: ids['proj-se-c'] }, data: { name: 'Narwhal' } });
    await expectSearch('quartz', []);
    await expectSearch('narwhal', ['proj-se-c']);
    await t.prisma.module.update({ where: { id: ids['proj-se-c'] }, data: { description: 'Now a marimba.' } });
    await expectSearch('xylophone', []);
    await expectSearch('marimba', ['proj-se-c']);
    await t.prisma.module.update({ where: { id: ids['proj-se-a'] }, data: { status: 'suspended' } });
    await expectSearch('zebra', []);
    await expectSearch('analytics', ['proj-se-b', 'proj-se-f']);
    await t.prisma.module.update({ where: { id: ids['proj-se-a'] }, data: { status: 'published' } });
    await expectSearch('zebra', ['proj-se-a']);
    const { versions } = await makeModule(t.prisma, {
      slug: 'proj-se-g',
      name: 'Pending Ocelot',
      category: CATEGORY,
      versions: [{ version: '1.0.0', status: 'pending', compat: [{ min: '2.0.0' }] }],
    });
    await expectSearch('ocelot', []);
    await t.prisma.moduleVersion.update({ where: { id: versions[0].id }, data: { status: 'stable' } });
    await expectSearch('ocelot', ['proj-se-g']);
    // The postings follow the entries' words.
    const stale = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        (SELECT u.word_id, e.module_id FROM catalog_entries e, unnest(e.word_ids) AS u(word_id)
         EXCEPT SELECT word_id, module_id FROM catalog_entry_words)
        UNION ALL
        (SELECT word_id, module_id FROM catalog_entry_words
         EXCEPT SELECT u.word_id, e.module_id FROM catalog_entries e, unnest(e.word_ids) AS u(word_id))) d`;
    expect(stale[0].n).toBe(0);
  });
});
