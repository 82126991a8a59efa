import type { Page } from '@playwright/test';
import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

const cards = (page: Page) => page.getByTestId('module-card');

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page is wider than the screen').toBeLessThanOrEqual(clientWidth);
}

/** The first page of a test: the lazy storefront chunks and the first query of a cold product, on a shared, loaded machine. */
const FIRST_LOAD = { timeout: 30_000 };

/** Takes a journey's own modules out of the shared catalog (archived modules are not listed). */
async function archiveModules(where: { category: string } | { slug: string }) {
  await withDb((db) => db.module.updateMany({ where, data: { status: 'archived' } }));
}

async function pickCore(page: Page, label: RegExp) {
  await page.getByRole('combobox', { name: 'Compatible with core version' }).click();
  await page.getByRole('option', { name: label }).click();
}

test.describe('catalog', () => {
  test('a visitor sorts by "Most installed" and sees active installs on the cards and on the module page', async ({ page, shot }) => {
    await page.goto('/modules');
    await expect(page.getByTestId('result-count')).toHaveText('3 modules', FIRST_LOAD);
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Most installed' }).click();
    await expect(page).toHaveURL(/sort=INSTALLS/);
    // Seed: CRM Pro is active on 3 instances, Custom ERP on 1, Analytics Pro on none; journeys that ran
    // earlier in the suite may have activated more, so the order and the agreement are what is checked.
    await expect(cards(page).nth(0)).toContainText('CRM Pro');
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const text = (await cards(page).nth(i).getByTestId('active-installs').textContent()) ?? '';
      expect(text).toMatch(/^\d+ active installs?$/);
      counts.push(Number(text.split(' ')[0]));
    }
    expect(counts[0]).toBeGreaterThanOrEqual(3);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    await shot('desktop-catalog-most-installed');
    await page.goto('/modules/crm-pro');
    await expect(page.getByTestId('active-installs')).toHaveText(`${counts[0]} active installs`);
    await shot('desktop-module-crm-pro-installs');
  });

  test('a visitor searches "crm", filters by core 2.0.0, opens CRM Pro and sees its two versions and three plans', async ({
    page,
    shot,
  }) => {
    await page.goto('/modules');
    await expect(page.getByTestId('result-count')).toHaveText('3 modules', FIRST_LOAD);

    await page.getByRole('textbox', { name: 'Search modules' }).fill('crm');
    await page.getByRole('textbox', { name: 'Search modules' }).press('Enter');
    await expect(page).toHaveURL(/[?&]q=crm/);
    await expect(page.getByTestId('result-count')).toHaveText('3 modules');
    await expect(cards(page).first()).toContainText('CRM Pro'); // best match first

    await pickCore(page, /^2\.0\.0 · Webkernel Horizon/);
    await expect(page).toHaveURL(/core=2\.0\.0/);
    await expect(page).toHaveURL(/software=webkernel/);
    await expect(page.getByTestId('result-count')).toHaveText('2 modules');
    await expect(cards(page)).toHaveCount(2);
    const crm = cards(page).filter({ hasText: 'CRM Pro' });
    await expect(crm).toContainText('Webkernel Labs');
    await expect(crm).toContainText('Official');
    await expect(crm.getByTestId('price-summary')).toHaveText('from $49.00/month');
    await expect(crm.getByTestId('compat-badge')).toHaveText('Works with core 2.0.0 (v1.1.0, v1.0.0)');
    await expect(crm).toContainText('v1.1.0');
    await expect(cards(page).filter({ hasText: 'Custom ERP' }).getByTestId('price-summary')).toHaveText('$450.00/day');
    await expect(page.getByText('Analytics Pro')).toHaveCount(0); // its only approved version needs core ≤ 1.9.5
    await shot('desktop-catalog-crm-core-200');

    await page.getByRole('link', { name: 'CRM Pro' }).click();
    await expect(page).toHaveURL(/\/modules\/crm-pro$/);
    await expect(page.getByRole('heading', { level: 1, name: 'CRM Pro' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Versions (2)' })).toBeVisible();
    await expect(page.getByTestId('version-item')).toHaveCount(2);
    await expect(page.getByTestId('version-item').first()).toContainText('Version 1.1.0');
    await expect(page.getByTestId('version-item').first()).toContainText('Added export feature, bug fixes');
    await expect(page.getByTestId('plan-card')).toHaveCount(3);
    await expect(page.getByTestId('plan-price')).toHaveText(['$49.00/month', '$490.00/year', '$999.00 once']);
    await expect(page.getByRole('link', { name: 'Buy the Annual plan' })).toHaveAttribute('href', '/checkout/crm-pro?plan=2');
    const matrix = page.getByTestId('compat-matrix');
    await expect(matrix.getByRole('row', { name: /v1\.1\.0/ }).getByRole('cell', { name: 'Compatible', exact: true })).toHaveCount(2);
    await expect(matrix.getByRole('row', { name: /v1\.1\.0/ }).getByRole('cell', { name: 'Not compatible' })).toHaveCount(1);
    await expect(page.getByRole('link', { name: 'Custom ERP' })).toBeVisible(); // integration
    await expect(page.getByText('End User License Agreement · version 1.1')).toBeVisible();
    // The description is Markdown: bold text is rendered, not shown as asterisks.
    await expect(page.locator('#overview strong').first()).toHaveText('contacts, companies and deals');
    await shot('desktop-module-crm-pro');

    // Back returns to the filtered catalog, filters restored from the URL.
    await page.goBack();
    await expect(page).toHaveURL(/q=crm.*core=2\.0\.0|core=2\.0\.0.*q=crm/);
    await expect(page.getByTestId('result-count')).toHaveText('2 modules');
    await expect(page.getByRole('textbox', { name: 'Search modules' })).toHaveValue('crm');
  });

  test('filters and sorts come from a shared link; the empty state offers to clear them', async ({ page, shot }) => {
    await page.goto('/modules?sort=PRICE&verified=1');
    await expect(page.getByTestId('result-count')).toHaveText('2 modules', FIRST_LOAD);
    await expect(cards(page).nth(0)).toContainText('CRM Pro');
    await expect(cards(page).nth(1)).toContainText('Custom ERP');
    await expect(page.getByRole('switch', { name: 'Verified vendors only' })).toBeChecked();

    await page.goto('/modules?core=1.9.6&software=webkernel');
    await expect(page.getByTestId('page-empty')).toContainText('No module matches');
    await shot('desktop-catalog-empty');
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await expect(page.getByTestId('result-count')).toHaveText('3 modules');
    await expect(page).toHaveURL(/\/modules$/);
  });

  test('"Load more" pages through the catalog with cursors', async ({ page }) => {
    // 14 extra modules in their own category: more than one page of 12.
    const category = `paging${Date.now()}`;
    await withDb(async (db) => {
      for (let i = 0; i < 14; i++) {
        const m = await db.module.create({
          data: {
            vendorId: 3,
            slug: `${category}-${i}`,
            name: `Paging ${String(i).padStart(2, '0')}`,
            status: 'published',
            category,
            shortDescription: 'A module to page through.',
            publishedAt: new Date(),
          },
        });
        await db.moduleVersion.create({
          data: { moduleId: m.id, version: '1.0.0', status: 'stable', channel: 'stable', releaseDate: new Date() },
        });
      }
    });
    try {
      await page.goto(`/modules?category=${category}&sort=NAME`);
      await expect(page.getByTestId('result-count')).toHaveText('14 modules', FIRST_LOAD);
      await expect(cards(page)).toHaveCount(12);
      await expect(cards(page).first()).toContainText('Paging 00');
      await page.getByRole('button', { name: 'Load more modules' }).click();
      await expect(cards(page)).toHaveCount(14);
      await expect(cards(page).last()).toContainText('Paging 13');
      await expect(page.getByRole('button', { name: 'Load more modules' })).toHaveCount(0);
      await expect(page.getByText('Showing 14 of 14')).toBeVisible();
      await expect(cards(page).first()).toContainText('No plans yet');
    } finally {
      // The catalog is shared by later journeys, which count the demo's 3 modules.
      await archiveModules({ category });
    }
  });

  test('a module description is Markdown without HTML: tags show as text, nothing runs', async ({ page }) => {
    const slug = `html-${Date.now()}`;
    await withDb(async (db) => {
      const m = await db.module.create({
        data: {
          vendorId: 3,
          slug,
          name: 'Tricky Description',
          status: 'published',
          category: 'security-test',
          description: 'Hello <img src=x onerror="window.__pwned=1"> **bold** [bad](javascript:alert(1)) [good](https://example.com)',
          publishedAt: new Date(),
        },
      });
      await db.moduleVersion.create({
        data: {
          moduleId: m.id,
          version: '1.0.0',
          status: 'stable',
          channel: 'stable',
          changelog: '<script>window.__pwned=2</script>',
          releaseDate: new Date(),
        },
      });
    });
    try {
      await page.goto(`/modules/${slug}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Tricky Description' })).toBeVisible();
      await expect(page.locator('#overview')).toContainText('<img src=x onerror="window.__pwned=1">');
      await expect(page.locator('#overview img')).toHaveCount(0);
      await expect(page.locator('#overview strong')).toHaveText('bold');
      await expect(page.locator('#overview a[href^="javascript"]')).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'good' })).toHaveAttribute('href', 'https://example.com');
      await expect(page.locator('#versions')).toContainText('<script>window.__pwned=2</script>');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    } finally {
      await archiveModules({ slug });
    }
  });

  test('an unknown module shows a not-found state', async ({ page }) => {
    await page.goto('/modules/no-such-module');
    await expect(page.getByTestId('page-empty')).toContainText('This module is not in the catalog');
    await expect(page.getByRole('link', { name: 'Browse modules' })).toHaveAttribute('href', '/modules');
  });

  test('signed in, the module page says which of your instances can run it', async ({ page, shot }) => {
    await signInAs(page, demo.tom.email);
    await page.goto('/modules/analytics-pro');
    const hints = page.getByTestId('instance-hints');
    await expect(hints).toContainText('TechStart Main');
    await expect(hints).toContainText('Webkernel 1.9.5');
    await expect(hints).toContainText('v2.0.0');
    await expect(hints).toContainText('Your instance can run this module.');
    await expect(page.getByTestId('version-item')).toHaveCount(2); // 2.0.1 and 2.0.0; the pending 2.1.0 is never shown
    await expect(page.getByTestId('version-item').first()).toContainText('Beta');
    await shot('desktop-module-analytics-signed-in');

    await page.goto('/modules/custom-erp');
    await expect(page.getByTestId('instance-hints')).toContainText('No compatible version');
    await expect(page.getByTestId('dependencies').getByRole('link', { name: 'CRM Pro' })).toHaveAttribute('href', '/modules/crm-pro');
  });
});

/** The operations the page sent to /graphql (by name), from the moment this is called. */
function graphqlOperations(page: Page): string[] {
  const ops: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/graphql' && r.method() === 'POST') ops.push(String(r.postDataJSON()?.operationName));
  });
  return ops;
}

test.describe('first data inlined in the page (issue 16)', () => {
  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    test(`${device}: the catalog and a module page render from the page's own data, without waiting for GraphQL`, async ({
      page,
      shot,
    }) => {
      await page.setViewportSize(viewport);
      const ops = graphqlOperations(page);
      await page.goto('/modules');
      // Journeys that ran earlier may have added modules: the count is whatever the catalog holds.
      await expect(page.getByTestId('result-count')).toHaveText(/^\d+ modules$/, FIRST_LOAD);
      await expect(cards(page).first()).toBeVisible();
      // The session, the filters' choices and the first page came inside index.html.
      expect(ops).not.toContain('CurrentUser');
      expect(ops).not.toContain('CatalogFacets');
      expect(ops).not.toContain('CatalogModules');
      await expectNoHorizontalScroll(page);
      await shot(`${device}-catalog-first-data`);

      await page.goto('/modules/crm-pro');
      await expect(page.getByRole('heading', { name: 'CRM Pro', level: 1 })).toBeVisible(FIRST_LOAD);
      await expect(page.getByTestId('plan-card')).toHaveCount(3);
      expect(ops).not.toContain('ModulePage');
      await expectNoHorizontalScroll(page);
      // The cost chart (the charts library) is drawn once it scrolls into view.
      await page.getByText('What each plan costs over time').scrollIntoViewIfNeeded();
      await expect(page.locator('.recharts-surface').first()).toBeVisible(FIRST_LOAD);
      await shot(`${device}-module-first-data`);

      // Other filters than the first page's are asked for as before. (/modules?q=crm itself is rendered by the
      // server with its answer in the page's state; a search typed on the page asks the API.)
      await page.goto('/modules?q=crm');
      await expect(page.getByTestId('result-count')).toHaveText(/modules?$/, FIRST_LOAD);
      const search = page.getByRole('textbox', { name: 'Search modules' });
      await expect(async () => {
        await search.fill('erp');
        await search.press('Enter');
        await expect(page).toHaveURL(/[?&]q=erp/, { timeout: 2_000 });
      }).toPass();
      await expect.poll(() => ops).toContain('CatalogModules');
    });
  }
});

test.describe('catalog on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('filters, cards and the module page fit a 375 px screen', async ({ page, shot }) => {
    await page.goto('/modules?q=crm&software=webkernel&core=2.0.0');
    await expect(page.getByTestId('result-count')).toHaveText('2 modules', FIRST_LOAD);
    await expectNoHorizontalScroll(page);
    await shot('phone-catalog-crm-core-200');
    await page.getByRole('link', { name: 'CRM Pro' }).click();
    await expect(page.getByTestId('plan-card')).toHaveCount(3);
    await expectNoHorizontalScroll(page);
    await shot('phone-module-crm-pro');
  });
});
