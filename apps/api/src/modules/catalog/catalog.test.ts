/**
 * The storefront catalog over the demo data (read-only: no test here writes, so they are
 * independent). Seed: crm-pro (Webkernel Labs, official; 1.0.0 + 1.1.0 stable, cores 1.9.0–1.9.5
 * and 2.0.0+; plans $49/month, $490/year, $999 once; rating 4.50), custom-erp (DevShop, verified;
 * 1.0.0 stable, 2.0.0+; $450/day custom; 4.00), analytics-pro (John Doe, unverified; 2.0.0 beta
 * for 1.8.0–1.9.5, 2.1.0 pending; free + $99/month; unrated).
 */
import { useTestApp } from '../../test/harness';

const t = useTestApp();

const LIST = `query($filter: CatalogFilter, $sort: CatalogSort, $first: Int, $after: String) {
  catalogModules(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { slug name priceSummary { label from { amount currency } isFree planCount } latestVersion { version status }
      vendor { slug isOfficial isVerified } ratingAverage ratingCount versions { version status } } }
  }
}`;

async function slugs(filter: Record<string, unknown> = {}, sort = 'RELEVANCE', as?: string) {
  const r = await t.gql(LIST, { filter, sort, first: 50 }, { as });
  expect(r.errors).toBeUndefined();
  return (r.data!.catalogModules.edges as { node: { slug: string } }[]).map((e) => e.node.slug);
}

describe('catalog visibility', () => {
  it('lists the three published modules with an approved version, to anyone', async () => {
    for (const as of [undefined, 'viewer@acme.test', 'john@johndoe.test', 'admin@webkernel.com']) {
      expect((await slugs({}, 'NAME', as)).sort()).toEqual(['analytics-pro', 'crm-pro', 'custom-erp']);
    }
  });

  it('never returns pending versions: analytics-pro shows its betas 2.0.1 and 2.0.0, not the pending 2.1.0, even to its vendor and admins', async () => {
    for (const as of [undefined, 'john@johndoe.test', 'admin@webkernel.com']) {
      const r = await t.gqlOk(LIST, { filter: { search: 'analytics' }, first: 5 }, { as });
      const node = r.catalogModules.edges.find((e: any) => e.node.slug === 'analytics-pro').node;
      expect(node.versions).toEqual([
        { version: '2.0.1', status: 'beta' },
        { version: '2.0.0', status: 'beta' },
      ]);
      expect(node.latestVersion).toEqual({ version: '2.0.1', status: 'beta' });
    }
    const page = await t.gqlOk(
      `{ module(slug: "analytics-pro") { versions { version } latestStableVersion { version } latestBetaVersion { version } } }`,
      {},
      { as: 'john@johndoe.test' },
    );
    expect(page.module).toEqual({
      versions: [{ version: '2.0.1' }, { version: '2.0.0' }],
      latestStableVersion: null,
      latestBetaVersion: { version: '2.0.1' },
    });
  });

  it('module(slug) of an unknown module is NOT_FOUND', async () => {
    const r = await t.gql(`{ module(slug: "no-such-module") { id } }`);
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('catalog search', () => {
  it('finds "crm" in names first, then in descriptions', async () => {
    expect(await slugs({ search: 'crm' })).toEqual(['crm-pro', 'analytics-pro', 'custom-erp']);
  });

  it('is case-insensitive and matches every word, in names, vendors and categories', async () => {
    expect(await slugs({ search: 'CRM Pro' })).toEqual(['crm-pro', 'analytics-pro', 'custom-erp']);
    expect(await slugs({ search: 'devshop' })).toEqual(['custom-erp']);
    expect(await slugs({ search: 'analytics dashboards' })).toEqual(['analytics-pro']);
    expect(await slugs({ search: 'erp' })).toEqual(['custom-erp', 'analytics-pro', 'crm-pro']);
  });

  it('treats LIKE wildcards literally and returns an empty page when nothing matches', async () => {
    for (const search of ['%', '_', 'zzz-nothing']) {
      const r = await t.gqlOk(LIST, { filter: { search }, first: 10 });
      expect(r.catalogModules).toEqual({
        totalCount: 0,
        pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null },
        edges: [],
      });
    }
  });

  it('ignores a blank search', async () => {
    expect((await slugs({ search: '   ' })).length).toBe(3);
  });
});

describe('core-version compatibility filter (semver, inclusive bounds, open max)', () => {
  it.each([
    ['2.0.0', ['crm-pro', 'custom-erp']], // open ranges 2.0.0+ (inclusive min)
    ['3.12.1', ['crm-pro', 'custom-erp']], // far above, still inside an open range
    ['1.9.5', ['analytics-pro', 'crm-pro']], // inclusive max of 1.9.0–1.9.5 and 1.8.0–1.9.5
    ['1.9.0', ['analytics-pro', 'crm-pro']],
    ['1.8.0', ['analytics-pro']], // inclusive min of the beta's range
    ['1.9.6', []], // just above both max bounds, below 2.0.0
    ['1.10.0', []], // 1.10.0 > 1.9.5 by semver although "1.10.0" < "1.9.5" as strings
    ['1.0.1', []],
    ['2.0.0-rc.1', []], // a pre-release of 2.0.0 is below 2.0.0
  ])('core %s → %j', async (coreVersion, expected) => {
    expect((await slugs({ software: 'webkernel', coreVersion }, 'NAME')).sort()).toEqual(expected);
    expect((await slugs({ coreVersion }, 'NAME')).sort()).toEqual(expected); // any software
  });

  it('combines with search and other filters', async () => {
    expect(await slugs({ search: 'crm', software: 'webkernel', coreVersion: '2.0.0' })).toEqual(['crm-pro', 'custom-erp']);
    expect(await slugs({ coreVersion: '2.0.0', type: 'custom' })).toEqual(['custom-erp']);
  });

  it('an unknown software matches nothing', async () => {
    expect(await slugs({ software: 'other-platform', coreVersion: '2.0.0' })).toEqual([]);
    expect(await slugs({ software: 'other-platform' })).toEqual([]);
    expect((await slugs({ software: 'webkernel' })).length).toBe(3);
  });

  it('refuses a core version that is not semver, naming the field', async () => {
    for (const coreVersion of ['2.0', 'v2.0.0', '2.0.0.0', 'latest']) {
      const r = await t.gql(LIST, { filter: { coreVersion } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.coreVersion' });
    }
  });

  it('compatibleVersionsWith lists the matching approved versions of each card', async () => {
    const r = await t.gqlOk(
      `{ catalogModules(filter: { coreVersion: "1.9.5" }, sort: NAME) { edges { node { slug compatibleVersionsWith(coreVersion: "1.9.5", software: "webkernel") } } } }`,
    );
    expect(r.catalogModules.edges.map((e: any) => e.node)).toEqual([
      { slug: 'analytics-pro', compatibleVersionsWith: ['2.0.1', '2.0.0'] },
      { slug: 'crm-pro', compatibleVersionsWith: ['1.1.0', '1.0.0'] },
    ]);
  });
});

describe('catalog filters', () => {
  it('by category (case-insensitive), module type and vendor', async () => {
    expect(await slugs({ category: 'CRM' })).toEqual(['crm-pro']);
    expect(await slugs({ category: 'unknown' })).toEqual([]);
    expect(await slugs({ type: 'ready_made' }, 'NAME')).toEqual(['analytics-pro', 'crm-pro']);
    expect(await slugs({ type: 'custom' })).toEqual(['custom-erp']);
    expect(await slugs({ vendor: 'john-doe' })).toEqual(['analytics-pro']);
    expect(await slugs({ vendor: 'webkernel-labs' })).toEqual(['crm-pro']);
  });

  it('by plan type', async () => {
    expect(await slugs({ planType: 'FREE' })).toEqual(['analytics-pro']);
    expect(await slugs({ planType: 'SUBSCRIPTION' }, 'NAME')).toEqual(['analytics-pro', 'crm-pro']);
    expect(await slugs({ planType: 'PERPETUAL' })).toEqual(['crm-pro']);
    expect(await slugs({ planType: 'CUSTOM' })).toEqual(['custom-erp']);
  });

  it('verified vendors only (official ones count as verified)', async () => {
    expect(await slugs({ verifiedOnly: true }, 'NAME')).toEqual(['crm-pro', 'custom-erp']);
    expect((await slugs({ verifiedOnly: false }, 'NAME')).length).toBe(3);
  });

  it('facets: categories and vendors of listed modules, with counts', async () => {
    const r = await t.gqlOk(
      `{ catalogCategories { name moduleCount } catalogVendors { moduleCount vendor { slug isVerified isOfficial } } }`,
    );
    expect(r.catalogCategories).toEqual([
      { name: 'analytics', moduleCount: 1 },
      { name: 'crm', moduleCount: 1 },
      { name: 'erp', moduleCount: 1 },
    ]);
    expect(r.catalogVendors).toEqual([
      { moduleCount: 1, vendor: { slug: 'devshop-solutions', isVerified: true, isOfficial: false } },
      { moduleCount: 1, vendor: { slug: 'john-doe', isVerified: false, isOfficial: false } },
      { moduleCount: 1, vendor: { slug: 'webkernel-labs', isVerified: true, isOfficial: true } },
    ]);
  });
});

describe('catalog sorts', () => {
  it.each([
    ['NAME', ['analytics-pro', 'crm-pro', 'custom-erp']],
    ['NEWEST', ['analytics-pro', 'custom-erp', 'crm-pro']], // published 2025-01-15, 2024-07-01, 2024-01-15
    ['PRICE', ['analytics-pro', 'crm-pro', 'custom-erp']], // entry prices 0.00 (free tier), 49.00 (monthly), 450.00 (one day)
    ['RATING', ['crm-pro', 'custom-erp', 'analytics-pro']], // 4.50, 4.00, unrated last
    ['RELEVANCE', ['analytics-pro', 'custom-erp', 'crm-pro']], // no search: newest first
  ])('%s', async (sort, expected) => {
    expect(await slugs({}, sort)).toEqual(expected);
  });

  it('walks every sort one module per page with stable cursors and a constant total', async () => {
    for (const sort of ['NAME', 'NEWEST', 'PRICE', 'RATING', 'RELEVANCE']) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const r: any = await t.gqlOk(LIST, { sort, first: 1, after });
        expect(r.catalogModules.totalCount).toBe(3);
        expect(r.catalogModules.pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...r.catalogModules.edges.map((e: any) => e.node.slug));
        if (!r.catalogModules.pageInfo.hasNextPage) break;
        after = r.catalogModules.pageInfo.endCursor;
      }
      expect(seen).toEqual(await slugs({}, sort));
      // The same cursor gives the same page again.
      const first = await t.gqlOk(LIST, { sort, first: 1 });
      const a = await t.gqlOk(LIST, { sort, first: 1, after: first.catalogModules.pageInfo.endCursor });
      const b = await t.gqlOk(LIST, { sort, first: 1, after: first.catalogModules.pageInfo.endCursor });
      expect(a).toEqual(b);
    }
  });

  it('refuses a cursor of another sort, a forged cursor and a page size over 100', async () => {
    const byName = await t.gqlOk(LIST, { sort: 'NAME', first: 1 });
    const other = await t.gql(LIST, { sort: 'PRICE', first: 1, after: byName.catalogModules.pageInfo.endCursor });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const forged = await t.gql(LIST, { sort: 'NAME', first: 1, after: 'bm90LWEtY3Vyc29y' });
    expect(forged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const injected = Buffer.from(JSON.stringify(['NAME', "x' OR 1=1 --", 1])).toString('base64url');
    const r = await t.gql(LIST, { sort: 'NAME', first: 5, after: injected });
    expect(r.errors).toBeUndefined(); // bound as a parameter: just a position in the order
    expect(r.data!.catalogModules.totalCount).toBe(3);
    const big = await t.gql(LIST, { first: 101 });
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('cards: price summary, rating, vendor badge, latest version', () => {
  it('shows the lowest entry price in exact money', async () => {
    const r = await t.gqlOk(LIST, { sort: 'NAME' });
    const cards = Object.fromEntries(r.catalogModules.edges.map((e: any) => [e.node.slug, e.node]));
    expect(cards['crm-pro'].priceSummary).toEqual({
      label: 'from $49.00/month',
      from: { amount: '49.00', currency: 'USD' },
      isFree: false,
      planCount: 3,
    });
    expect(cards['custom-erp'].priceSummary).toEqual({
      label: '$450.00/day',
      from: { amount: '450.00', currency: 'USD' },
      isFree: false,
      planCount: 1,
    });
    expect(cards['analytics-pro'].priceSummary).toEqual({
      label: 'Free',
      from: { amount: '0.00', currency: 'USD' },
      isFree: true,
      planCount: 2,
    });
    expect(cards['crm-pro']).toMatchObject({
      ratingAverage: 4.5,
      ratingCount: 2,
      latestVersion: { version: '1.1.0', status: 'stable' },
      vendor: { isOfficial: true, isVerified: true },
    });
    expect(cards['analytics-pro']).toMatchObject({ ratingAverage: null, ratingCount: 0, vendor: { isOfficial: false, isVerified: false } });
  });
});

const PAGE = `query($slug: String!) { module(slug: $slug) {
  name type category description shortDescription
  vendor { name slug isOfficial isVerified }
  latestVersion { version } latestStableVersion { version } latestBetaVersion { version }
  versions { version status channel changelog releaseDate isDeprecated deprecatedAt isCompatibleWithPrevious
    compatibility { minCoreVersion maxCoreVersion isVerified software { slug name } } }
  dependencies { dependencyType minVersion isRequired module { slug name isListed } }
  integrations { integrationType description isBidirectional module { slug isListed } }
  plans { id name planType billingCycle priceLabel price { amount currency } customRatePerDay { amount currency } maxUsers maxInstances features featureList { key label included value } }
  contract { version contractType termsUrl body effectiveFrom }
  compatibilityMatrix { software { slug } cores { version validationStatus } rows { version compatible } }
  compatibleInstances { instanceName organizationName environment coreVersion softwareName compatibleVersions recommendedVersion isCompatible }
} }`;

describe('module page', () => {
  it('CRM Pro: two versions with changelogs, three plans, the latest active contract, the matrix', async () => {
    const { module: m } = await t.gqlOk(PAGE, { slug: 'crm-pro' });
    expect(m).toMatchObject({ name: 'CRM Pro', type: 'ready_made', category: 'crm', vendor: { name: 'Webkernel Labs', isOfficial: true } });
    expect(m.description).toContain('**contacts, companies and deals**');
    expect(m.versions.map((v: any) => [v.version, v.status, v.changelog, v.releaseDate, v.isDeprecated])).toEqual([
      ['1.1.0', 'stable', 'Added export feature, bug fixes', '2025-02-15T00:00:00.000Z', false],
      ['1.0.0', 'stable', 'Initial release', '2024-01-15T00:00:00.000Z', false],
    ]);
    expect(m.versions[1].compatibility).toEqual([
      { minCoreVersion: '2.0.0', maxCoreVersion: null, isVerified: true, software: { slug: 'webkernel', name: 'Webkernel' } },
      { minCoreVersion: '1.9.0', maxCoreVersion: '1.9.5', isVerified: true, software: { slug: 'webkernel', name: 'Webkernel' } },
    ]);
    expect(m.plans.map((p: any) => [p.id, p.name, p.planType, p.billingCycle, p.priceLabel, p.price])).toEqual([
      [1, 'Monthly', 'subscription', 'monthly', '$49.00/month', { amount: '49.00', currency: 'USD' }],
      [2, 'Annual', 'subscription', 'yearly', '$490.00/year', { amount: '490.00', currency: 'USD' }],
      [3, 'Lifetime', 'perpetual', 'once', '$999.00 once', { amount: '999.00', currency: 'USD' }],
    ]);
    expect(m.plans[1].features).toEqual({ support: 'priority', updates: true });
    expect(m.plans[1].featureList).toEqual([
      { key: 'support', label: 'Support', included: null, value: 'priority' },
      { key: 'updates', label: 'Updates', included: true, value: null },
    ]);
    expect(m.contract).toMatchObject({
      version: '1.1',
      contractType: 'eula',
      termsUrl: 'https://cdn.wk/contracts/crm-eula-2',
      effectiveFrom: '2025-02-15T00:00:00.000Z',
    });
    expect(m.contract.body).toContain('End User License Agreement 1.1');
    expect(m.compatibilityMatrix).toEqual([
      {
        software: { slug: 'webkernel' },
        cores: [
          { version: '2.0.0', validationStatus: 'pending' },
          { version: '1.9.5', validationStatus: 'validated' },
          { version: '1.0.1', validationStatus: 'validated' },
        ],
        rows: [
          { version: '1.1.0', compatible: [true, true, false] },
          { version: '1.0.0', compatible: [true, true, false] },
        ],
      },
    ]);
    expect(m.compatibleInstances).toEqual([]); // anonymous
  });

  it('Custom ERP: a custom day rate, a required dependency linking to CRM Pro', async () => {
    const { module: m } = await t.gqlOk(PAGE, { slug: 'custom-erp' });
    expect(m.plans).toEqual([
      expect.objectContaining({
        name: 'Custom Dev',
        planType: 'custom',
        billingCycle: 'custom',
        priceLabel: '$450.00/day',
        price: null,
        customRatePerDay: { amount: '450.00', currency: 'USD' },
      }),
    ]);
    expect(m.dependencies).toEqual([
      { dependencyType: 'functional', minVersion: '1.0.0', isRequired: true, module: { slug: 'crm-pro', name: 'CRM Pro', isListed: true } },
    ]);
    expect(m.contract).toMatchObject({ version: '1.0', contractType: 'custom' });
  });

  it('Analytics Pro: plan limits, a free tier, and nothing from its pending release (no integrations, no optional dependency)', async () => {
    const { module: m } = await t.gqlOk(PAGE, { slug: 'analytics-pro' });
    expect(m.plans.map((p: any) => [p.name, p.priceLabel, p.maxUsers, p.maxInstances])).toEqual([
      ['Free Tier', 'Free', 5, 1],
      ['Pro Tier', '$99.00/month', null, null],
    ]);
    expect(m.dependencies).toEqual([]);
    expect(m.integrations).toEqual([]);
    expect(m.contract).toBeNull();
    expect(m.compatibilityMatrix[0].rows).toEqual([
      { version: '2.0.1', compatible: [false, true, false] },
      { version: '2.0.0', compatible: [false, true, false] },
    ]);
  });

  it('integrations show the modules they connect (CRM Pro 1.0.0 syncs with Custom ERP)', async () => {
    const r = await t.gqlOk(
      `{ module(slug: "crm-pro") { versions { version integrations { integrationType isBidirectional description module { slug isListed } } } integrations { module { slug } } } }`,
    );
    expect(r.module.versions[1].integrations).toEqual([
      {
        integrationType: 'data_sync',
        isBidirectional: true,
        description: 'CRM contacts sync to ERP',
        module: { slug: 'custom-erp', isListed: true },
      },
    ]);
    expect(r.module.integrations).toEqual([{ module: { slug: 'custom-erp' } }]);
  });
});

describe('"compatible with your instances"', () => {
  const hints = async (as: string, slug = 'crm-pro') => (await t.gqlOk(PAGE, { slug }, { as })).module.compatibleInstances;

  it("shows an Acme admin, developer and viewer Acme's instances on core 2.0.0", async () => {
    for (const as of ['alice@acme.test', 'dev@acme.test', 'viewer@acme.test']) {
      expect(await hints(as)).toEqual([
        {
          instanceName: 'Acme Production',
          organizationName: 'Acme Corp',
          environment: 'production',
          coreVersion: '2.0.0',
          softwareName: 'Webkernel',
          compatibleVersions: ['1.1.0', '1.0.0'],
          recommendedVersion: '1.1.0',
          isCompatible: true,
        },
        {
          instanceName: 'Acme Staging',
          organizationName: 'Acme Corp',
          environment: 'staging',
          coreVersion: '2.0.0',
          softwareName: 'Webkernel',
          compatibleVersions: ['1.1.0', '1.0.0'],
          recommendedVersion: '1.1.0',
          isCompatible: true,
        },
      ]);
    }
  });

  it('tells TechStart (core 1.9.5) that Analytics Pro 2.0.0 fits and Acme (2.0.0) that it does not', async () => {
    expect(await hints('tom@techstart.test', 'analytics-pro')).toEqual([
      expect.objectContaining({
        instanceName: 'TechStart Main',
        coreVersion: '1.9.5',
        compatibleVersions: ['2.0.1', '2.0.0'],
        recommendedVersion: '2.0.1',
        isCompatible: true,
      }),
    ]);
    expect(
      (await hints('alice@acme.test', 'analytics-pro')).map((h: any) => [h.instanceName, h.isCompatible, h.recommendedVersion]),
    ).toEqual([
      ['Acme Production', false, null],
      ['Acme Staging', false, null],
    ]);
  });

  it('shows nothing to users without instances or outside the org', async () => {
    expect(await hints('john@johndoe.test')).toEqual([]);
    expect(await hints('admin@webkernel.com')).toEqual([]);
  });
});
