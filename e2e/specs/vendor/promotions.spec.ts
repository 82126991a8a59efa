import type { Page } from '@playwright/test';
import { demo, signInAs } from '../../fixtures/auth';
import { expect, SLOW, test } from '../../fixtures/test';

/**
 * Promotions and analytics (issue 15): John Doe (vendor of Analytics Pro, 99.00/month, commission
 * 30 %) creates a 15 % coupon and a 10 % referral link; TechStart (reverse-charged: no tax) buys
 * with each and pays the exact amounts; John sees the referred sale and his analytics.
 */
const stamp = Date.now().toString(36).toUpperCase();
const COUPON = `JD15${stamp}`;
const REFERRAL = `JDREF${stamp}`;

async function createPromotion(page: Page, button: string, code: string, percent: string) {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Code' }).fill(code);
  await dialog.getByRole('textbox', { name: 'Discount (%)' }).fill(percent);
  await dialog.getByRole('button', { name: /^Create / }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('promotion-row').filter({ hasText: code })).toContainText('active');
}

async function payAnalyticsPro(page: Page) {
  const another = page.getByRole('checkbox', { name: 'I understand, and want to buy another license for this organization' });
  if (await another.isVisible()) await another.check();
  await page.getByRole('radio', { name: 'Mastercard ending 4444' }).check();
  await page.getByTestId('pay-button').click();
  await expect(page).toHaveURL(/\/complete\/\d+$/);
}

test('a vendor creates a coupon and a referral link, a buyer pays the exact discounted amounts, the vendor sees referred sales and analytics', async ({
  page,
  shot,
}) => {
  test.setTimeout(180_000 * SLOW);
  await signInAs(page, demo.john.email, { next: '/vendor' });
  await page.getByRole('navigation', { name: 'Vendor portal' }).getByRole('link', { name: 'Promotions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Promotions' })).toBeVisible();
  await createPromotion(page, 'New coupon', COUPON.toLowerCase(), '15');
  // A code that is taken is refused on its field.
  await page.getByRole('button', { name: 'New coupon' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Code' }).fill('annual20');
  await page.getByRole('dialog').getByRole('textbox', { name: 'Discount (%)' }).fill('5');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Create / })
    .click();
  await expect(page.getByRole('dialog').getByText('The code ANNUAL20 is already taken')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await createPromotion(page, 'New referral link', REFERRAL, '10');
  await shot('desktop-vendor-promotions');
  await page.context().clearCookies();

  // The coupon: 99.00 − 15 % (14.85) = 84.15, no tax (reverse charge).
  await signInAs(page, demo.tom.email);
  await page.goto('/checkout/analytics-pro?plan=6');
  await page.getByRole('textbox', { name: 'Coupon code' }).fill(COUPON.toLowerCase());
  const summary = page.getByTestId('order-summary');
  await expect(summary).toContainText(`Vendor discount (${COUPON})`);
  await expect(summary).toContainText('$14.85');
  await expect(summary.getByTestId('order-total')).toHaveText(/^(US)?\$84\.15$/);
  await shot('desktop-checkout-vendor-coupon');
  await payAnalyticsPro(page);
  await expect(page.getByTestId('paid-total')).toHaveText(/^(US)?\$84\.15$/);
  await expect(page.getByText(`Discount (${COUPON})`)).toBeVisible();

  // The referral link: the code is kept for the session and applied at checkout: 99.00 − 9.90 = 89.10.
  await page.goto(`/modules/analytics-pro?ref=${REFERRAL.toLowerCase()}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics Pro' })).toBeVisible();
  await page.goto('/checkout/analytics-pro?plan=6');
  await expect(page.getByRole('textbox', { name: 'Coupon code' })).toHaveValue(REFERRAL);
  await expect(summary).toContainText(`Referral discount (${REFERRAL})`);
  await expect(summary.getByTestId('order-total')).toHaveText(/^(US)?\$89\.10$/);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('phone-checkout-referral');
  await page.setViewportSize({ width: 1280, height: 900 });
  await payAnalyticsPro(page);
  await expect(page.getByTestId('paid-total')).toHaveText(/^(US)?\$89\.10$/);
  await expect(page.getByText(`Referral discount (${REFERRAL})`)).toBeVisible();
  await page.context().clearCookies();

  // John sees the referred sale: subtotal 99.00, discount 9.90, his net 70 % of 89.10 = 62.37.
  await signInAs(page, demo.john.email, { next: '/vendor/promotions' });
  const referred = page.getByTestId('referred-sales').filter({ hasText: REFERRAL });
  await expect(referred).toContainText('1 referred sale');
  await expect(referred).toContainText('$99.00');
  await expect(referred).toContainText('$9.90');
  await expect(referred).toContainText('$62.37');
  await expect(page.getByTestId('promotion-row').filter({ hasText: COUPON })).toContainText('1');
  await shot('desktop-vendor-promotions-referred');

  // Analytics: the stacked chart and this month's row (other journeys may sell Analytics Pro too, so no totals here;
  // the figures are tested to the cent in apps/api/src/modules/payouts/analytics.test.ts).
  await page.getByRole('navigation', { name: 'Vendor portal' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  const now = new Date();
  const label = `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][now.getUTCMonth()]} ${String(now.getUTCFullYear()).slice(2)}`;
  await expect(page.getByTestId('analytics-revenue-chart')).toHaveAttribute(
    'aria-label',
    new RegExp(`${label} new (US)?\\$[\\d,]+\\.\\d\\d`),
  );
  await expect(page.getByTestId('analytics-month').first()).toContainText(label);
  await expect(page.getByTestId('analytics-mrr')).toHaveText(/^(US)?\$[\d,]+\.\d\d$/);
  await shot('desktop-vendor-analytics');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('phone-vendor-analytics');
  await page.goto('/vendor/promotions');
  await expect(page.getByTestId('promotion-row').first()).toBeVisible();
  await shot('phone-vendor-promotions');
});
