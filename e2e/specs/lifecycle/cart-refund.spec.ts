import { demo, signInAs, signOut } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { acceptCartTermsAndChooseCard, freshCartBuyer, openCustomErpCart } from '../../fixtures/dependency-cart';
import { expect as baseExpect, test } from '../../fixtures/test';
import { DESKTOP, PHONE, expectNoHorizontalScroll } from '../../fixtures/viewport';

// A purchase and a refund on a shared, busy machine: more time per step than the default.
const expect = baseExpect.configure({ timeout: 30_000 });

// Issue 13 × 18: a platform admin refunds a dependency cart's receipt per line.
test('an admin refunds part of one cart line and all of another: one credit note, the fully refunded line’s license revoked', async ({
  page,
  shot,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize(DESKTOP);
  const buyer = await freshCartBuyer({ name: 'Rita Refund', emailPrefix: 'cart-refund', orgName: 'Refundable Ltd', orgSlug: 'refundable' });

  // The buyer's cart: Custom ERP (10 days) 4500.00 + VAT 900.00 and CRM Pro Monthly 49.00 + VAT 9.80, one payment of 5458.80.
  await signInAs(page, buyer.email);
  const crm = await openCustomErpCart(page);
  await acceptCartTermsAndChooseCard(page, crm);
  const pay = page.getByTestId('pay-button');
  await expect(pay).toHaveText(/^Pay (US)?\$5,458\.80 for 2 modules$/);
  await pay.click();
  await expect(page).toHaveURL(/\/checkout\/custom-erp\/complete\/\d+$/);
  await signOut(page);

  const bought = await withDb(async (db) => {
    const licenses = await db.license.findMany({ where: { orgId: buyer.orgId }, include: { module: true }, orderBy: { id: 'asc' } });
    const invoice = await db.invoice.findFirstOrThrow({ where: { orgId: buyer.orgId } });
    return { erp: licenses[0]!, crm: licenses[1]!, receipt: invoice.number };
  });
  expect([bought.erp.module.slug, bought.crm.module.slug]).toEqual(['custom-erp', 'crm-pro']);

  // The admin opens the refund of the CRM Pro license: its receipt is the cart's, refunded per line.
  await signInAs(page, demo.admin.email);
  await page.goto('/admin/licenses');
  const key = bought.crm.licenseKey;
  await page.getByRole('textbox', { name: 'Search' }).fill(key);
  await expect(page.getByTestId('admin-license-row')).toHaveCount(1);
  const row = page.getByTestId('admin-license-row').filter({ hasText: key });
  await row.getByRole('button', { name: `Actions for ${key}` }).click();
  await page.getByRole('menuitem', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund' });
  await dialog.getByRole('radio', { name: bought.receipt }).check();
  const lines = dialog.getByTestId('refund-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText('Custom ERP — Custom Dev (10 days)');
  await expect(lines.nth(0)).toContainText(/Paid (US)?\$5,400\.00 · refunded (US)?\$0\.00 · (US)?\$5,400\.00 refundable/);
  await expect(lines.nth(1)).toContainText('CRM Pro — Monthly');
  await expect(lines.nth(1)).toContainText(/Paid (US)?\$58\.80/);
  await expect(dialog.getByRole('textbox', { name: 'Amount' })).toHaveCount(0); // no single amount for a cart

  // No line ticked: the payload's error on `lines`.
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('CRM Pro not needed; part of the ERP days unused');
  await dialog.getByRole('button', { name: 'Refund' }).click();
  await expect(dialog.getByText(/covers 2 modules bought together in one payment: choose at least one line to refund/)).toBeVisible();

  // More than was paid on the ERP line: the error sits on that line's amount.
  await dialog.getByRole('checkbox', { name: 'Refund Custom ERP — Custom Dev (10 days)' }).check();
  await dialog.getByRole('checkbox', { name: 'Refund CRM Pro — Monthly' }).check();
  await dialog.getByRole('textbox', { name: 'Amount for Custom ERP' }).fill('6000.00');
  await dialog.getByRole('button', { name: 'Refund' }).click();
  await expect(dialog.getByText('Enter an amount from 0.01 to 5400.00 (what is left on Custom ERP).')).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Amount for Custom ERP' })).toHaveAttribute('aria-invalid', 'true');
  await shot('cart-refund-dialog-errors');
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await shot('cart-refund-dialog-errors-phone');
  await page.setViewportSize(DESKTOP);

  // 1000.00 of Custom ERP and all of CRM Pro (empty amount): 1058.80 back, CRM Pro revoked.
  await dialog.getByRole('textbox', { name: 'Amount for Custom ERP' }).fill('1000.00');
  await dialog.getByRole('button', { name: 'Refund' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(
    page.getByText(/Refunded 1058\.80 USD \(CN-\d{4}-\d{6}\); one line is refunded in full and its license revoked\./),
  ).toBeVisible();
  await expect(row.getByText('revoked', { exact: true })).toBeVisible();
  await shot('cart-refund-admin-revoked');

  // The credit note: one for the receipt, a line per module, exact to the cent; one provider refund.
  const note = await withDb((db) =>
    db.creditNote.findFirstOrThrow({
      where: { invoice: { number: bought.receipt } },
      include: { lines: { orderBy: { id: 'asc' } } },
    }),
  );
  expect(note.number).toMatch(/^CN-\d{4}-\d{6}$/);
  expect([note.amount.toFixed(2), note.isFull]).toEqual(['1058.80', false]);
  expect(note.lines.map((l) => [l.description, l.amount.toFixed(2), l.isFull, l.vendorAdjustment.toFixed(2)])).toEqual([
    ['Custom ERP — Custom Dev (10 days)', '1000.00', false, '-583.33'],
    ['CRM Pro — Monthly', '58.80', true, '-49.00'],
  ]);

  // Opening the refund again shows what is left per line.
  await row.getByRole('button', { name: `Actions for ${key}` }).click();
  await page.getByRole('menuitem', { name: 'Refund…' }).click();
  await dialog.getByRole('radio', { name: bought.receipt }).check();
  await expect(lines.nth(0)).toContainText(/refunded (US)?\$1,000\.00 · (US)?\$4,400\.00 refundable/);
  await expect(dialog.getByRole('checkbox', { name: 'Refund CRM Pro — Monthly' })).toBeDisabled();
  await shot('cart-refund-dialog-after');
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await shot('cart-refund-dialog-after-phone');
  await page.setViewportSize(DESKTOP);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await signOut(page);

  // The buyer sees CRM Pro revoked with the credit note, Custom ERP still active.
  await signInAs(page, buyer.email);
  await page.goto(`/org/licenses/${bought.crm.id}`);
  await expect(page.getByTestId('license-status')).toHaveText('Revoked');
  await expect(page.getByTestId('credit-notes')).toContainText(note.number);
  await page.goto(`/org/licenses/${bought.erp.id}`);
  await expect(page.getByTestId('license-status')).toHaveText('Active');
  await shot('cart-refund-buyer-erp-active');
});
