import { demo, mainNav, signInAs } from '../../fixtures/auth';
import { expect, test } from '../../fixtures/test';
import type { Page } from '@playwright/test';

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page is wider than the screen').toBeLessThanOrEqual(clientWidth);
}

test.describe('desktop', () => {
  test('pages of each area, for the record', async ({ page, shot }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: /Extend your platform/ })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Browse modules' })).toBeVisible();
    await shot('desktop-storefront-signed-out');
    await page.goto('/sign-in');
    await shot('desktop-sign-in');

    await signInAs(page, demo.admin.email);
    await page.goto('/admin');
    for (const section of ['Validation queue', 'Vendors', 'Softwares & cores', 'Tax rules', 'Coupons', 'Payouts', 'Audit log']) {
      await expect(page.getByRole('link', { name: new RegExp(`^${section}`) })).toBeVisible();
    }
    await shot('desktop-admin-home');
    await page.getByRole('link', { name: /^Validation queue/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Validation queue' })).toBeVisible();
    await page.goto('/vendor');
    await expect(page.getByTestId('vendor-card')).toContainText('Official');
    await shot('desktop-vendor-admin');
  });

  test('unknown addresses show the 404 page, inside areas too', async ({ page, shot }) => {
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
    await expect(page.getByTestId('not-found')).toContainText('/no-such-page');
    await shot('desktop-404');
    await signInAs(page, demo.admin.email);
    await page.goto('/admin/no-such-section');
    await expect(page.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
  });

  test('keyboard: a skip link comes first, focus is visible, the account menu opens with the keyboard', async ({ page }) => {
    await signInAs(page, demo.john.email);
    await page.goto('/vendor');
    await expect(page.getByTestId('vendor-card')).toContainText('Not verified');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Webkernel Marketplace, home' })).toBeFocused();
    await page.keyboard.press('Tab');
    const storefront = mainNav(page).getByRole('link', { name: 'Storefront' });
    await expect(storefront).toBeFocused();
    const outline = await storefront.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');

    const account = page.getByRole('button', { name: /^Account menu/ });
    await account.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeHidden();
  });
});

test.describe('phone (375 px wide)', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('signed out: the header fits and the burger menu holds the areas and account buttons', async ({ page, shot }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: /Extend your platform/ })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await shot('phone-storefront-signed-out');

    const burger = page.getByRole('button', { name: 'Open menu' });
    await expect(burger).toHaveAttribute('aria-expanded', 'false');
    await burger.click();
    await expect(page.getByRole('button', { name: 'Close menu' })).toHaveAttribute('aria-expanded', 'true');
    await expect(mainNav(page).getByRole('link', { name: 'Storefront' })).toBeVisible();
    await expect(page.locator('#mobile-menu').getByRole('link', { name: 'Create account' })).toBeVisible();
    await shot('phone-menu-signed-out');
    await page.keyboard.press('Escape');
    await expect(page.locator('#mobile-menu')).toHaveCount(0);

    await page.goto('/sign-in');
    await expectNoHorizontalScroll(page);
    await shot('phone-sign-in');
  });

  test('alice: the burger menu lists her areas and the org switcher, and closes on navigation', async ({ page, shot }) => {
    await signInAs(page, demo.alice.email);
    await expect(mainNav(page)).toBeHidden(); // collapsed into the burger
    await expectNoHorizontalScroll(page);
    await shot('phone-home-alice');

    await page.getByRole('button', { name: 'Open menu' }).click();
    const menu = page.locator('#mobile-menu');
    await expect(menu.getByRole('link', { name: 'Organization' })).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Vendor portal' })).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await expect(menu.getByRole('combobox', { name: 'Organization' })).toHaveValue('Acme Corp');
    await shot('phone-menu-alice');

    await menu.getByRole('link', { name: 'Organization' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Acme Corp' })).toBeVisible();
    await expect(menu).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await shot('phone-org-alice');

    await page.getByRole('button', { name: /^Account menu/ }).click();
    await expect(page.getByTestId('user-menu-details')).toContainText('Admin · Acme Corp');
    await shot('phone-account-menu-alice');
    await page.keyboard.press('Escape');

    await page.goto('/admin');
    await expect(page.getByTestId('no-access')).toBeVisible();
    await expectNoHorizontalScroll(page);
    await shot('phone-no-access-alice');
  });
});
