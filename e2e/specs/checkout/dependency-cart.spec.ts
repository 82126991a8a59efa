import { signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { freshCartBuyer, openCustomErpCart } from '../../fixtures/dependency-cart';
import { expect as baseExpect, test } from '../../fixtures/test';
import { DESKTOP, PHONE, expectNoHorizontalScroll } from '../../fixtures/viewport';

// A whole purchase on a shared, busy machine: more time per step than the default.
const expect = baseExpect.configure({ timeout: 30_000 });

// Issue 18: buying Custom ERP adds CRM Pro (its required dependency) to the cart; one payment buys both.
test('buying Custom ERP adds CRM Pro to the cart: one payment buys both, the receipt lists both, the org licenses both', async ({
  page,
  shot,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize(DESKTOP);
  const buyer = await freshCartBuyer({ name: 'Carla Cart', emailPrefix: 'cart', orgName: 'Cartwright Ltd', orgSlug: 'cartwright' });
  await signInAs(page, buyer.email);

  const crm = await openCustomErpCart(page);

  // CRM Pro is already a line of the cart, and the page says why.
  const cart = page.getByTestId('dependency-cart');
  await expect(cart.getByRole('heading', { name: 'Also in your cart' })).toBeVisible();
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
