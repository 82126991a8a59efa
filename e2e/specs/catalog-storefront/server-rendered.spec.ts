import type { Browser, Page } from '@playwright/test';
import { demo, signInAs } from '../../fixtures/auth';
import { expect, test } from '../../fixtures/test';
import { DESKTOP, PHONE, expectNoHorizontalScroll } from '../../fixtures/viewport';

// Issue 16: the catalog and a module page come rendered by the server (React from the app's own
// components), so they show their content before any script runs; the app then takes the page over
// (hydration) without a mismatch and everything works as before.

/** The first page of a test: a cold product on a shared, loaded machine. */
const FIRST_LOAD = { timeout: 30_000 };

async function withoutScripts(browser: Browser, baseURL: string | undefined, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ baseURL, viewport, javaScriptEnabled: false, locale: 'en-GB', timezoneId: 'UTC' });
  return { context, page: await context.newPage() };
}

/** Console errors and uncaught exceptions of the page (React reports a hydration mismatch as one). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`${label}: without JavaScript, the catalog and a module page show their content`, async ({ browser, baseURL, shot }) => {
    const { context, page } = await withoutScripts(browser, baseURL, viewport);
    try {
      await page.goto('/modules');
      await expect(page.getByRole('heading', { level: 1, name: 'Modules' })).toBeVisible(FIRST_LOAD);
      await expect(page.getByTestId('result-count')).toHaveText('3 modules');
      await expect(page.getByTestId('module-card')).toHaveCount(3);
      for (const name of ['CRM Pro', 'Custom ERP', 'Analytics Pro']) {
        await expect(page.getByTestId('module-card').filter({ hasText: name })).toBeVisible();
      }
      await expect(page.getByTestId('card-skeleton')).toHaveCount(0);
      await expectNoHorizontalScroll(page);
      await shot(`${label}-ssr-catalog-no-js`, page);

      // Filters in the address are rendered too.
      await page.goto('/modules?core=2.0.0&software=webkernel');
      await expect(page.getByTestId('result-count')).toHaveText('2 modules');
      await expect(page.getByText('Analytics Pro')).toHaveCount(0);

      await page.goto('/modules/crm-pro');
      await expect(page.getByRole('heading', { level: 1, name: 'CRM Pro' })).toBeVisible();
      await expect(page.getByRole('heading', { level: 2, name: 'Versions (2)' })).toBeVisible();
      await expect(page.getByTestId('version-item')).toHaveCount(2);
      await expectNoHorizontalScroll(page);
      await shot(`${label}-ssr-module-no-js`, page);
    } finally {
      await context.close();
    }
  });
}

test('the catalog hydrates without an error, then search, filters and paging work', async ({ page, shot }) => {
  const errors = collectErrors(page);
  await page.goto('/modules');
  await expect(page.getByTestId('result-count')).toHaveText('3 modules', FIRST_LOAD);
  await page.getByRole('textbox', { name: 'Search modules' }).fill('crm');
  await page.getByRole('textbox', { name: 'Search modules' }).press('Enter');
  await expect(page).toHaveURL(/[?&]q=crm/);
  await expect(page.getByTestId('module-card').first()).toContainText('CRM Pro');
  await page.getByRole('combobox', { name: 'Compatible with core version' }).click();
  await page.getByRole('option', { name: /^2\.0\.0 · Webkernel Horizon/ }).click();
  await expect(page).toHaveURL(/core=2\.0\.0/);
  await expect(page.getByTestId('result-count')).toHaveText('2 modules');
  await shot('desktop-ssr-catalog-hydrated-filtered');
  // A page the server rendered with filters, reloaded: the same answer, then a client-side navigation.
  await page.reload();
  await expect(page.getByTestId('result-count')).toHaveText('2 modules', FIRST_LOAD);
  await page.getByRole('link', { name: 'CRM Pro' }).click();
  await expect(page).toHaveURL(/\/modules\/crm-pro$/);
  await expect(page.getByRole('heading', { level: 1, name: 'CRM Pro' })).toBeVisible();
  expect(errors, 'console errors (a hydration mismatch is one)').toEqual([]);
});

test('phone: a signed-in buyer’s module page hydrates without an error and "Buy" opens checkout', async ({ page, shot }) => {
  await page.setViewportSize(PHONE);
  await signInAs(page, demo.alice.email);
  const errors = collectErrors(page);
  // A full load: the server renders the page for Alice's own session.
  await page.goto('/modules/crm-pro');
  await expect(page.getByRole('heading', { level: 1, name: 'CRM Pro' })).toBeVisible(FIRST_LOAD);
  await expect(page.getByRole('link', { name: 'Sign in' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Versions (2)' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot('phone-ssr-module-signed-in');
  await page.getByRole('link', { name: /^Buy the Monthly plan$/ }).click();
  await expect(page).toHaveURL(/\/checkout\/crm-pro\?plan=\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shot('phone-ssr-module-to-checkout');
  expect(errors, 'console errors (a hydration mismatch is one)').toEqual([]);
});
