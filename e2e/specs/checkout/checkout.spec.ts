import type { Page } from '@playwright/test';
import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

const ACME = 101;

async function acmeCounts() {
  return withDb(async (db) => ({
    licenses: await db.license.count({ where: { orgId: ACME } }),
    purchases: await db.purchase.count({ where: { orgId: ACME } }),
    // Purchase receipts only: the job worker may issue renewal receipts at any moment.
    invoices: await db.invoice.count({ where: { orgId: ACME, purchaseId: { not: null } } }),
  }));
}

async function openCheckoutFromModulePage(page: Page, slug: string, plan: string) {
  await page.goto(`/modules/${slug}`);
  await page.getByRole('link', { name: `Buy the ${plan} plan` }).click();
  await expect(page).toHaveURL(new RegExp(`/checkout/${slug}\\?plan=\\d+`));
  await expect(page.getByRole('heading', { level: 1, name: /^Buy / })).toBeVisible();
}

/**
 * Acme already holds CRM Pro (seed license 1, renewed by the job worker at start): buying another
 * one needs the explicit choice under the "active license" notice.
 */
async function confirmAnotherCrmLicense(page: Page) {
  await expect
    .poll(() => withDb(async (db) => (await db.license.findUniqueOrThrow({ where: { id: 1 } })).expiresAt!.getTime()), { timeout: 60_000 })
    .toBeGreaterThan(Date.now());
  // The newest license is named first: the seed's Annual one, or a Monthly one an earlier test bought.
  await expect(page.getByTestId('ownership-notice')).toContainText(/Your organization has an active license \((Annual|Monthly), renews/);
  await page.getByRole('checkbox', { name: /want to buy another license/ }).check();
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page is wider than the screen').toBeLessThanOrEqual(clientWidth);
}

test.describe('checkout', () => {
  test('Acme admin buys CRM Pro Monthly with the sandbox card, then sees the license and its receipt', async ({ page, context, shot }) => {
    const before = await acmeCounts();
    await signInAs(page, demo.alice.email);
    await openCheckoutFromModulePage(page, 'crm-pro', 'Monthly');

    // The plan from the link is chosen and priced (Acme is reverse-charged: no VAT).
    await expect(
      page.getByRole('radiogroup', { name: 'Choose a plan' }).getByRole('radio', { name: /Monthly, (US)?\$49\.00 per month/ }),
    ).toBeChecked();
    const summary = page.getByTestId('order-summary');
    await expect(summary.getByTestId('order-total')).toHaveText(/^(US)?\$49\.00$/);
    await expect(summary).toContainText('VAT (reverse charge)');
    await expect(summary).toContainText('reverse charge');

    // Live coupon validation: an unknown code is refused next to the field, then removed.
    const couponInput = page.getByRole('textbox', { name: 'Coupon code' });
    await couponInput.fill('nope2026');
    await expect(page.getByText('No coupon "NOPE2026" exists.')).toBeVisible();
    await shot('checkout-coupon-error');
    await couponInput.fill('');
    await expect(page.getByText('No coupon "NOPE2026" exists.')).toHaveCount(0);

    // The contract must be accepted before paying.
    const pay = page.getByTestId('pay-button');
    await expect(pay).toBeDisabled();
    await expect(page.getByText('End User License Agreement 1.1')).toBeVisible();
    await page.getByRole('checkbox', { name: /I accept the license agreement \(version 1\.1\)/ }).check();
    await page.getByRole('radio', { name: 'Sandbox card — always succeeds' }).check();
    await confirmAnotherCrmLicense(page);
    await expect(pay).toHaveText(/^Pay (US)?\$49\.00$/);
    await shot('checkout-crm-pro-monthly');
    await pay.click();

    // Confirmation: license key with a copy button, the amount paid, the receipt.
    await expect(page).toHaveURL(/\/checkout\/crm-pro\/complete\/\d+$/);
    await expect(page.getByRole('heading', { level: 1, name: /CRM Pro is yours/ })).toBeVisible();
    const key = (await page.getByTestId('license-key').textContent())!.trim();
    expect(key).toMatch(/^MODLIC-CRM-101-[A-Z2-9]{12}$/);
    await expect(page.getByRole('button', { name: 'Copy the license key' })).toBeVisible();
    await expect(page.getByTestId('paid-total')).toHaveText(/^(US)?\$49\.00$/);
    await expect(page.getByRole('heading', { name: /^Receipt INV-\d{4}-\d{6}$/ })).toBeVisible();
    await shot('checkout-complete');

    const after = await acmeCounts();
    expect(after).toEqual({ licenses: before.licenses + 1, purchases: before.purchases + 1, invoices: before.invoices + 1 });

    // The license: key, status, history, receipt.
    await page.getByRole('link', { name: 'View the license' }).click();
    await expect(page).toHaveURL(/\/org\/licenses\/\d+$/);
    await expect(page.getByTestId('license-key')).toHaveText(key);
    await expect(page.getByTestId('license-status')).toHaveText('Active');
    await expect(page.getByTestId('status-history')).toContainText('Payment confirmed');
    await expect(page.getByTestId('auto-renew-switch')).toBeChecked();
    const receiptLink = page.getByTestId('receipt-link');
    await expect(receiptLink).toHaveCount(1);
    const receiptNumber = (await receiptLink.textContent())!.trim();
    await shot('license-detail');

    // The printable receipt opens in a new tab, behind the same session.
    const [receipt] = await Promise.all([context.waitForEvent('page'), receiptLink.click()]);
    await receipt.waitForLoadState();
    await expect(receipt.getByRole('heading', { name: 'Receipt' })).toBeVisible();
    await expect(receipt.getByText(receiptNumber)).toBeVisible();
    await expect(receipt.getByText('CRM Pro — Monthly')).toBeVisible();
    await expect(receipt.getByText(/Article 196 Directive 2006\/112\/EC/)).toBeVisible();
    await shot('receipt', receipt);
    await receipt.close();

    // The licenses list shows it; the bell announces the purchase.
    await page.goto('/org/licenses');
    await expect(page.getByTestId('license-row').filter({ hasText: key })).toHaveCount(1);
    const bell = page.getByTestId('notification-bell');
    await expect(bell).toHaveAccessibleName(/Notifications: \d+ unread/);
    await bell.click();
    await expect(page.getByTestId('notification-bell-list').getByText('Purchase completed: CRM Pro').first()).toBeVisible();
    await shot('notification-bell');
  });

  test('a declined card shows the error and creates nothing', async ({ page, shot }) => {
    const before = await acmeCounts();
    await signInAs(page, demo.alice.email);
    await openCheckoutFromModulePage(page, 'crm-pro', 'Annual');
    await expect(page.getByTestId('order-total')).toHaveText(/^(US)?\$490\.00$/);
    await page.getByRole('checkbox', { name: /I accept the license agreement/ }).check();
    await page.getByRole('radio', { name: 'Sandbox card — always declined' }).check();
    await confirmAnotherCrmLicense(page);
    await page.getByTestId('pay-button').click();

    const alert = page.getByTestId('payment-declined');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Your payment was declined');
    await expect(alert).toContainText('Nothing was charged');
    await expect(page).toHaveURL(/\/checkout\/crm-pro\?plan=\d+$/);
    await shot('checkout-declined');
    expect(await acmeCounts()).toEqual(before);
    const coupon = await withDb((db) => db.payment.count({ where: { orgId: ACME, status: 'declined' } }));
    expect(coupon).toBeGreaterThanOrEqual(1); // the attempt is logged, nothing else

    // A new attempt with a good card goes through (a fresh idempotency key).
    await page.getByRole('radio', { name: 'Sandbox card — always succeeds' }).check();
    await expect(alert).toHaveCount(0);
    await page.getByTestId('pay-button').click();
    await expect(page).toHaveURL(/\/complete\/\d+$/);
    await expect(page.getByTestId('paid-total')).toHaveText(/^(US)?\$490\.00$/);
  });

  test('the checkout works on a phone (375 px)', async ({ page, shot }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signInAs(page, demo.alice.email);
    await page.goto('/checkout/custom-erp?plan=4');
    await expect(page.getByRole('heading', { level: 1, name: 'Buy Custom ERP' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Days of custom development' })).toHaveValue('10');
    await expect(page.getByTestId('order-total')).toHaveText(/^(US)?\$4,500\.00$/);
    await expectNoHorizontalScroll(page);
    await shot('mobile-checkout-custom-erp');
  });
});

test.describe('vendor sales', () => {
  test('a vendor sees a new sale of its module in the revenue chart and the sales list', async ({ page, shot }) => {
    // TechStart buys 3 more days of DevShop's Custom ERP with its stored card: it already holds a
    // Custom ERP license (seed), so the checkout asks it to confirm a second one first.
    await signInAs(page, demo.tom.email);
    await page.goto('/checkout/custom-erp?plan=4');
    await expect(page.getByRole('alert', { name: 'Your organization already owns this module' })).toBeVisible();
    await page.getByRole('checkbox', { name: 'I understand, and want to buy another license for this organization' }).check();
    const days = page.getByRole('textbox', { name: 'Days of custom development' });
    await days.fill('3');
    await expect(page.getByTestId('order-total')).toHaveText(/^(US)?\$1,350\.00$/);
    await page.getByRole('checkbox', { name: /I accept the contract \(version 1\.0\)/ }).check();
    await page.getByRole('radio', { name: 'Mastercard ending 4444' }).check();
    await page.getByTestId('pay-button').click();
    await expect(page).toHaveURL(/\/complete\/\d+$/);

    // DevShop is run by Acme's admin.
    await page.context().clearCookies();
    await signInAs(page, demo.alice.email);
    await page.goto('/vendor/sales');
    await expect(page.getByRole('heading', { level: 1, name: 'Sales' })).toBeVisible();
    const chart = page.getByTestId('revenue-chart');
    const now = new Date();
    const label = `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][now.getUTCMonth()]} ${String(now.getUTCFullYear()).slice(2)}`;
    await expect(chart).toHaveAttribute('aria-label', new RegExp(`${label} gross (US)?\\$1,350\\.00, net (US)?\\$945\\.00`));
    await expect(chart.locator('.recharts-bar-rectangle').filter({ visible: true })).toHaveCount(3); // gross, commission, net of this month
    const sale = page.getByTestId('sale-row').filter({ hasText: 'TechStart Inc' }).first();
    await expect(sale).toContainText('Custom ERP');
    await expect(sale).toContainText('$1,350.00');
    await expect(sale).toContainText('$405.00');
    await expect(sale).toContainText('$945.00');
    await shot('vendor-sales');
  });
});

test.describe('admin payouts', () => {
  test('an admin marks a pending payout paid with a reference; the vendor is notified', async ({ page, shot }) => {
    await signInAs(page, demo.admin.email);
    await page.goto('/admin/payouts');
    await expect(page.getByRole('heading', { level: 1, name: 'Payouts' })).toBeVisible();
    await page.getByTestId('generate-payouts').click();
    await expect(page.getByText(/payouts? (were already up to date|created)|no sales, so no payouts/)).toBeVisible();
    const row = page.getByTestId('payout-row').filter({ hasText: 'DevShop Solutions' }).filter({ hasText: 'February 2025' });
    await expect(row).toContainText('$4,500.00');
    await expect(row).toContainText('$1,350.00');
    await expect(row).toContainText('$3,150.00');
    await shot('admin-payouts');
    await row.getByRole('button', { name: /Mark the February 2025 payout of DevShop Solutions paid/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark payout paid' });
    await dialog.getByRole('button', { name: 'Mark paid' }).click();
    await expect(dialog.getByText('Enter the payment reference (at least 3 characters).')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Payment reference' }).fill('SEPA-2025-02-DEVSHOP');
    await dialog.getByRole('button', { name: 'Mark paid' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toContainText('SEPA-2025-02-DEVSHOP');
    const note = await withDb((db) =>
      db.notification.findFirst({ where: { type: 'payout_paid', recipientUserId: 42 }, orderBy: { id: 'desc' } }),
    );
    expect(note?.message).toContain('SEPA-2025-02-DEVSHOP');
  });
});
