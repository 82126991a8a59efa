/**
 * Catalog rules on data made by a factory: what is listed, which versions show, semver ranges,
 * price summaries. Each test works in its own category, so tests do not see each other's modules.
 */
import { useTestApp } from '../../test/harness';
import { makeModule } from '../../test/factories';

const t = useTestApp();

const LIST = `query($filter: CatalogFilter, $sort: CatalogSort) {
  catalogModules(filter: $filter, sort: $sort, first: 100) { totalCount edges { node { slug versions { version status isDeprecated } latestVersion { version }
    latestStableVersion { version } latestBetaVersion { version } priceSummary { label from { amount } isFree planCount } } } }
}`;

async function list(filter: Record<string, unknown>, sort = 'NAME', as?: string) {
  const r = await t.gql(LIST, { filter, sort }, { as });
  expect(r.errors).toBeUndefined();
  return r.data!.catalogModules.edges.map((e: any) => e.node) as any[];
}
const slugsIn = async (category: string, extra: Record<string, unknown> = {}, sort = 'NAME') =>
  (await list({ category, ...extra }, sort)).map((n) => n.slug);

describe('what the catalog lists', () => {
  it('needs a published module with at least one approved (beta/stable) version', async () => {
    const c = 'vis-listing';
    await makeModule(t.prisma, { slug: 'vis-ok', category: c });
    await makeModule(t.prisma, {
      slug: 'vis-beta-only',
      category: c,
      versions: [{ version: '0.9.0', status: 'beta', compat: [{ min: '2.0.0' }] }],
    });
    await makeModule(t.prisma, {
      slug: 'vis-pending-only',
      category: c,
      versions: [{ version: '1.0.0', status: 'pending', compat: [{ min: '2.0.0' }] }],
    });
    await makeModule(t.prisma, {
      slug: 'vis-rejected-only',
      category: c,
      versions: [{ version: '1.0.0', status: 'rejected', compat: [{ min: '2.0.0' }] }],
    });
    await makeModule(t.prisma, { slug: 'vis-draft', category: c, status: 'draft' });
    await makeModule(t.prisma, { slug: 'vis-pending-module', category: c, status: 'pending' });
    await makeModule(t.prisma, { slug: 'vis-suspended', category: c, status: 'suspended' });
    await makeModule(t.prisma, { slug: 'vis-archived', category: c, status: 'archived' });
    for (const as of [undefined, 'john@johndoe.test', 'admin@webkernel.com']) {
      expect((await list({ category: c }, 'NAME', as)).map((n) => n.slug).sort()).toEqual(['vis-beta-only', 'vis-ok']);
    }
    for (const slug of ['vis-pending-only', 'vis-rejected-only', 'vis-draft', 'vis-pending-module', 'vis-suspended', 'vis-archived']) {
      for (const as of [undefined, 'john@johndoe.test', 'admin@webkernel.com']) {
        const r = await t.gql(`query($slug: String!) { module(slug: $slug) { id } }`, { slug }, { as });
        expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      }
    }
    const facets = await t.gqlOk(`{ catalogCategories { name moduleCount } }`);
    expect(facets.catalogCategories).toContainEqual({ name: c, moduleCount: 2 });
  });

  it('shows only approved versions, newest first by semver, and flags deprecated ones', async () => {
    const c = 'vis-versions';
    await makeModule(t.prisma, {
      slug: 'vis-many-versions',
      category: c,
      versions: [
        { version: '1.2.0', status: 'stable', compat: [{ min: '2.0.0' }] },
        { version: '1.10.0', status: 'stable', compat: [{ min: '2.0.0' }], deprecatedAt: new Date('2025-07-01T00:00:00Z') },
        { version: '1.9.0', status: 'stable', compat: [{ min: '2.0.0' }] },
        { version: '2.0.0-beta.1', status: 'beta', compat: [{ min: '2.0.0' }] },
        { version: '2.0.0', status: 'pending', compat: [{ min: '2.0.0' }] },
        { version: '1.11.0', status: 'rejected', compat: [{ min: '2.0.0' }] },
      ],
    });
    const [node] = await list({ category: c });
    expect(node.versions).toEqual([
      { version: '2.0.0-beta.1', status: 'beta', isDeprecated: false },
      { version: '1.10.0', status: 'stable', isDeprecated: true },
      { version: '1.9.0', status: 'stable', isDeprecated: false },
      { version: '1.2.0', status: 'stable', isDeprecated: false },
    ]);
    // 1.10.0 is deprecated, so the latest stable is 1.9.0; the beta is newer than it.
    expect(node.latestStableVersion).toEqual({ version: '1.9.0' });
    expect(node.latestBetaVersion).toEqual({ version: '2.0.0-beta.1' });
    expect(node.latestVersion).toEqual({ version: '1.9.0' });
    const page = await t.gqlOk(
      `{ module(slug: "vis-many-versions") { versions { version deprecatedAt } compatibilityMatrix { rows { version } } } }`,
    );
    expect(page.module.versions.map((v: any) => v.version)).toEqual(['2.0.0-beta.1', '1.10.0', '1.9.0', '1.2.0']);
    expect(page.module.versions[1].deprecatedAt).toBe('2025-07-01T00:00:00.000Z');
    expect(page.module.compatibilityMatrix[0].rows.map((r: any) => r.version)).toEqual(['2.0.0-beta.1', '1.10.0', '1.9.0', '1.2.0']);
  });

  it('a dependency on a module that is not in the catalog is shown without a link target', async () => {
    const c = 'vis-deps';
    const hidden = await makeModule(t.prisma, { slug: 'vis-hidden-dep', category: c, status: 'draft' });
    const { versions } = await makeModule(t.prisma, { slug: 'vis-dependent', category: c });
    await t.prisma.moduleDependency.create({
      data: {
        versionId: versions[0].id,
        dependsOnModuleId: hidden.module.id,
        dependencyType: 'integration',
        minVersion: '1.0.0',
        isRequired: false,
      },
    });
    await t.prisma.moduleDependency.create({
      data: { versionId: versions[0].id, dependsOnModuleId: 1, dependencyType: 'functional', minVersion: '1.1.0', isRequired: true },
    });
    const r = await t.gqlOk(`{ module(slug: "vis-dependent") { dependencies { isRequired minVersion module { slug isListed } } } }`);
    expect(r.module.dependencies).toEqual([
      { isRequired: true, minVersion: '1.1.0', module: { slug: 'crm-pro', isListed: true } },
      { isRequired: false, minVersion: '1.0.0', module: { slug: 'vis-hidden-dep', isListed: false } },
    ]);
  });
});

describe('compatibility ranges are compared by semver', () => {
  it('1.9.0–1.10.0 contains 1.10.0 and 1.9.10 but not 1.2.0 or 1.11.0', async () => {
    const c = 'semver-range';
    await makeModule(t.prisma, {
      slug: 'semver-ranged',
      category: c,
      versions: [{ version: '1.0.0', compat: [{ min: '1.9.0', max: '1.10.0' }] }],
    });
    for (const [core, hit] of [
      ['1.9.0', true],
      ['1.9.10', true],
      ['1.10.0', true],
      ['1.2.0', false],
      ['1.11.0', false],
      ['1.8.99', false],
      ['10.0.0', false],
    ] as const) {
      expect([core, await slugsIn(c, { coreVersion: core })]).toEqual([core, hit ? ['semver-ranged'] : []]);
    }
  });

  it('matches when ANY approved version fits; pending and rejected versions never count', async () => {
    const c = 'semver-any';
    await makeModule(t.prisma, {
      slug: 'semver-any',
      category: c,
      versions: [
        { version: '1.0.0', compat: [{ min: '1.0.0', max: '1.5.0' }] },
        { version: '2.0.0', status: 'beta', compat: [{ min: '3.0.0' }] },
        { version: '3.0.0', status: 'pending', compat: [{ min: '5.0.0' }] },
        { version: '4.0.0', status: 'rejected', compat: [{ min: '1.6.0', max: '1.9.0' }] },
      ],
    });
    for (const [core, hit] of [
      ['1.2.0', true],
      ['3.4.0', true],
      ['2.0.0', false],
      ['5.0.0', true],
      ['1.7.0', false],
    ] as const) {
      // 5.0.0 is inside the beta's open range 3.0.0+, not because of the pending 5.0.0+.
      expect([core, await slugsIn(c, { coreVersion: core })]).toEqual([core, hit ? ['semver-any'] : []]);
    }
    const pendingOnly = 'semver-pending';
    await makeModule(t.prisma, {
      slug: 'semver-pending',
      category: pendingOnly,
      versions: [
        { version: '1.0.0', compat: [{ min: '1.0.0', max: '1.0.5' }] },
        { version: '2.0.0', status: 'pending', compat: [{ min: '5.0.0' }] },
      ],
    });
    expect(await slugsIn(pendingOnly, { coreVersion: '5.0.0' })).toEqual([]);
    expect(await slugsIn(pendingOnly, { coreVersion: '1.0.5' })).toEqual(['semver-pending']);
  });

  it('handles pre-release bounds exactly', async () => {
    const c = 'semver-pre';
    await makeModule(t.prisma, {
      slug: 'semver-pre',
      category: c,
      versions: [{ version: '1.0.0', compat: [{ min: '2.0.0-beta.2', max: '2.1.0' }] }],
    });
    for (const [core, hit] of [
      ['2.0.0-beta.2', true],
      ['2.0.0-beta.10', true],
      ['2.0.0-beta.1', false],
      ['2.0.0-alpha', false],
      ['2.0.0', true],
      ['2.1.0', true],
      ['2.1.1-rc.1', false],
    ] as const) {
      expect([core, await slugsIn(c, { coreVersion: core })]).toEqual([core, hit ? ['semver-pre'] : []]);
    }
  });

  it('the software filter picks the software of the range', async () => {
    const c = 'semver-software';
    const other = await t.prisma.software.create({ data: { name: 'OtherKit', slug: 'otherkit' } });
    await makeModule(t.prisma, {
      slug: 'semver-otherkit',
      category: c,
      versions: [{ version: '1.0.0', compat: [{ min: '2.0.0', softwareId: other.id }] }],
    });
    await makeModule(t.prisma, { slug: 'semver-webkernel', category: c });
    expect(await slugsIn(c, { software: 'otherkit', coreVersion: '2.0.0' })).toEqual(['semver-otherkit']);
    expect(await slugsIn(c, { software: 'webkernel', coreVersion: '2.0.0' })).toEqual(['semver-webkernel']);
    expect((await slugsIn(c, { coreVersion: '2.0.0' })).sort()).toEqual(['semver-otherkit', 'semver-webkernel']);
    expect(await slugsIn(c, { software: 'otherkit' })).toEqual(['semver-otherkit']);
    const r = await t.gqlOk(
      `{ module(slug: "semver-otherkit") { compatibleVersionsWith(coreVersion: "2.0.0", software: "webkernel") other: compatibleVersionsWith(coreVersion: "2.0.0", software: "otherkit") } }`,
    );
    expect(r.module).toEqual({ compatibleVersionsWith: [], other: ['1.0.0'] });
  });

  it('a malformed stored range matches nothing instead of failing the page', async () => {
    const c = 'semver-malformed';
    await makeModule(t.prisma, {
      slug: 'semver-malformed',
      category: c,
      versions: [{ version: '1.0.0', compat: [{ min: '2.x', max: null }] }],
    });
    expect(await slugsIn(c, { coreVersion: '2.0.0' })).toEqual([]);
    expect(await slugsIn(c)).toEqual(['semver-malformed']);
    const r = await t.gqlOk(`{ module(slug: "semver-malformed") { compatibilityMatrix { rows { compatible } } } }`);
    expect(r.module.compatibilityMatrix[0].rows[0].compatible.every((x: boolean) => x === false)).toBe(true);
  });
});

describe('price summaries and the price sort', () => {
  it('labels each plan shape exactly and sorts by the lowest entry price, plan-less modules last', async () => {
    const c = 'price-shapes';
    await makeModule(t.prisma, {
      slug: 'price-once',
      category: c,
      plans: [{ planType: 'perpetual', billingCycle: 'once', price: '999.00' }],
    });
    await makeModule(t.prisma, {
      slug: 'price-yearly',
      category: c,
      plans: [{ planType: 'subscription', billingCycle: 'yearly', price: '490.00' }],
    });
    await makeModule(t.prisma, {
      slug: 'price-cents',
      category: c,
      plans: [
        { planType: 'subscription', billingCycle: 'monthly', price: '19.99' },
        { planType: 'subscription', billingCycle: 'yearly', price: '19.98' },
        { planType: 'perpetual', billingCycle: 'once', price: '0.01', isActive: false },
      ],
    });
    await makeModule(t.prisma, {
      slug: 'price-zero-sub',
      category: c,
      plans: [{ planType: 'subscription', billingCycle: 'monthly', price: '0.00' }],
    });
    await makeModule(t.prisma, { slug: 'price-none', category: c, plans: [] });
    await makeModule(t.prisma, {
      slug: 'price-day',
      category: c,
      plans: [{ planType: 'custom', billingCycle: 'custom', rate: '1200.50' }],
    });
    const nodes = await list({ category: c }, 'PRICE');
    expect(nodes.map((n) => [n.slug, n.priceSummary])).toEqual([
      ['price-zero-sub', { label: 'Free', from: { amount: '0.00' }, isFree: true, planCount: 1 }],
      ['price-cents', { label: 'from $19.98/year', from: { amount: '19.98' }, isFree: false, planCount: 2 }],
      ['price-yearly', { label: '$490.00/year', from: { amount: '490.00' }, isFree: false, planCount: 1 }],
      ['price-once', { label: '$999.00 once', from: { amount: '999.00' }, isFree: false, planCount: 1 }],
      ['price-day', { label: '$1,200.50/day', from: { amount: '1200.50' }, isFree: false, planCount: 1 }],
      ['price-none', { label: 'No plans yet', from: null, isFree: false, planCount: 0 }],
    ]);
    expect(await slugsIn(c, { planType: 'FREE' })).toEqual(['price-zero-sub']);
    expect(await slugsIn(c, { planType: 'PERPETUAL' })).toEqual(['price-once']); // the inactive perpetual plan does not count
  });

  it('orders prices numerically, not as text (9.00 < 10.00 < 100.00)', async () => {
    const c = 'price-numeric';
    for (const [slug, price] of [
      ['price-100', '100.00'],
      ['price-9', '9.00'],
      ['price-10', '10.00'],
    ]) {
      await makeModule(t.prisma, { slug, category: c, plans: [{ planType: 'subscription', billingCycle: 'monthly', price }] });
    }
    expect(await slugsIn(c, {}, 'PRICE')).toEqual(['price-9', 'price-10', 'price-100']);
  });
});
