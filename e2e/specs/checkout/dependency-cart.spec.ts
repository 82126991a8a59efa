import type { Page } from '@playwright/test';
import { signInAs } from '../../fixtures/auth';
import { uniqueEmail, withDb } from '../../fixtures/db';
import { expect as baseExpect, test } from '../../fixtures/test';

// A whole purchase on a shared, busy machine: more time per step than the default.
const expect = baseExpect.configure({ timeout: 30_000 });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page is wider than the screen').toBeLessThanOrEqual(clientWidth);
}

/**
 * A buyer of an org that holds no CRM Pro license (made here, so earlier journeys on the shared
 * database change nothing): a verified user (the demo password) who administers a new org billed
 * from GB without a VAT id, so 20 % VAT applies per line.
 */
async function freshBuyer() {
  return withDb(async (db) => {
    const alice = await db.user.findUniqueOrThrow({ where: { email: 'alice@acme.test' } });
    const user = await db.user.create({
      data: { name: 'Carla Cart', email: uniqueEmail('cart'), passwordHash: alice.passwordHash, emailVerifiedAt: new Date() },
    });
    const org = await db.organization.create({
      data: { name: 'Cartwright Ltd', slug: `cartwright-${Date.now()}`, billingCountry: 'GB', taxId: null },
    });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role: 'admin', permissions: ['all'] } });
    return { email: user.email, orgId: org.id };
  });
}

// Issue 18: buying Custom ERP adds CRM Pro (its required dependency) to the cart; one payment buys both.
test('buying Custom ERP adds CRM Pro to the cart: one payment buys both, the receipt lists both, the org licenses both', async ({
  page,
  shot,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize(DESKTOP);
  const buyer = await freshBuyer();
  await signInAs(page, buyer.email);

  await page.goto('/modules/custom-erp');
  await page.getByRole('link', { name: 'Buy the Custom Dev plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Buy Custom ERP' })).toBeVisible();

  // CRM Pro is already a line of the cart, and the page says why.
  const cart = page.getByTestId('dependency-cart');
  await expect(cart.getByRole('heading', { name: 'Also in your cart' })).toBeVisible();
  const crm = page.getByTestId('dep-line-crm-pro');
  await expect(crm.getByTestId('dep-reason')).toHaveText('Custom ERP requires CRM Pro ≥ 1.0.0.');
  await expect(crm).toContainText('Required');
  await expect(crm).toContainText('By Webkernel Labs · Version 1.1.0 fits any instance');

  // Plan picker of the dependency: Annual instead of the first plan (Monthly).
  await crm.getByRole('combobox', { name: 'Plan for CRM Pro' }).click();
  await page.getByRole('option', { name: /^Annual — (US)?\$490\.00 per year$/ }).click();

  // Per-line tax and totals, and the grand total of one payment.
  const summary = page.getByTestId('order-summary');
  await expect(summary).toContainText('Custom ERP — Custom Dev (10 days)');
  await expect(summary).toContainText('CRM Pro — Annual');
  await expect(summary.getByTestId(`summary-line-2`)).toContainText(/(US)?\$5,400\.00/);
  await expect(summary.getByTestId(`summary-line-1`)).toContainText(/(US)?\$588\.00/);
  await expect(summary.getByTestId('order-total')).toHaveText(/^(US)?\$5,988\.00$/);
  await expect(page.getByTestId('dep-line-total-crm-pro')).toContainText(/VAT 20% (US)?\$98\.00/);

  // Both agreements, one payment method, one Pay button.
  const pay = page.getByTestId('pay-button');
  await page.getByRole('checkbox', { name: /I accept the contract \(version .*\) on behalf of my organization/ }).check();
  await expect(pay).toBeDisabled(); // CRM Pro's agreement is still to accept
  await crm.getByRole('checkbox', { name: /I accept the CRM Pro license agreement \(version 1\.1\)/ }).check();
  await page.getByRole('radio', { name: 'Sandbox card — always succeeds' }).check();
  await expect(pay).toHaveText(/^Pay (US)?\$5,988\.00 for 2 modules$/);
  await expect(pay).toBeEnabled();
  await shot('dependency-cart-checkout');
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await shot('dependency-cart-checkout-phone');
  await page.setViewportSize(DESKTOP);

  await pay.click();

  // One receipt with both lines; both licenses.
  await expect(page).toHaveURL(/\/checkout\/custom-erp\/complete\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: /Custom ERP and CRM Pro are yours/ })).toBeVisible();
  const receipt = page.getByTestId('receipt-lines');
  await expect(receipt).toContainText('Custom ERP — Custom Dev (10 days)');
  await expect(receipt).toContainText('CRM Pro — Annual');
  await expect(receipt.getByText('VAT (20%)')).toHaveCount(2);
  await expect(page.getByTestId('paid-total')).toHaveText(/^(US)?\$5,988\.00$/);
  await expect(page.getByTestId('license-key')).toHaveText(/^MODLIC-/);
  await expect(page.locator('[data-testid^="cart-line-license-"]')).toContainText(/MODLIC-/);
  await shot('dependency-cart-complete');
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await shot('dependency-cart-complete-phone');
  await page.setViewportSize(DESKTOP);

  // The org's licenses list both.
  await page.goto('/org/licenses');
  const rows = page.getByTestId('license-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Custom ERP' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'CRM Pro' })).toHaveCount(1);
  await shot('dependency-cart-licenses');

  // One payment of the grand total, one receipt, two purchases.
  const db = await withDb(async (d) => ({
    payments: await d.payment.findMany({ where: { orgId: buyer.orgId } }),
    purchases: await d.purchase.findMany({ where: { orgId: buyer.orgId }, orderBy: { id: 'asc' } }),
    invoices: await d.invoice.count({ where: { orgId: buyer.orgId } }),
  }));
  expect(db.payments.map((p) => [p.amount.toFixed(2), p.status])).toEqual([['5988.00', 'succeeded']]);
  expect(db.purchases.map((p) => p.totalAmount.toFixed(2))).toEqual(['5400.00', '588.00']);
  expect(db.purchases[1]!.cartPurchaseId).toBe(db.purchases[0]!.id);
  expect(db.invoices).toBe(1);
});
