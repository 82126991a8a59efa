import { demo, signInAs, signOut } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect as baseExpect, test } from '../../fixtures/test';

// A whole journey on a shared, busy machine: each step may take longer than the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });

test.describe('refunds', () => {
  test('an admin refunds a purchase in full; the license shows as revoked with its credit note', async ({ page, shot }) => {
    test.setTimeout(180_000);
    // TechStart buys one more day of Custom ERP (it already holds a license: the explicit choice).
    await signInAs(page, demo.tom.email);
    await page.goto('/checkout/custom-erp?plan=4');
    await expect(page.getByTestId('ownership-notice')).toContainText('Your organization has an active license');
    await page.getByRole('textbox', { name: 'Days of custom development' }).fill('1');
    await expect(page.getByTestId('order-total')).toHaveText(/^(US)?\$450\.00$/);
    await page.getByRole('checkbox', { name: /I accept the contract/ }).check();
    await page.getByRole('radio', { name: 'Mastercard ending 4444' }).check();
    await expect(page.getByTestId('pay-button')).toBeDisabled();
    await page.getByRole('checkbox', { name: /want to buy another license/ }).check();
    await page.getByTestId('pay-button').click();
    await expect(page).toHaveURL(/\/complete\/\d+$/);
    const key = (await page.getByTestId('license-key').textContent())!.trim();
    await signOut(page);

    // The admin refunds it from the licenses page.
    await signInAs(page, demo.admin.email);
    await page.goto('/admin/licenses');
    await page.getByRole('textbox', { name: 'Search' }).fill(key);
    // Wait for the search result itself (one row), not just for the key in the unfiltered first page:
    // otherwise the debounced search replaces the table under the open Actions menu, which closes it.
    await expect(page.getByTestId('admin-license-row')).toHaveCount(1);
    const row = page.getByTestId('admin-license-row').filter({ hasText: key });
    await expect(row).toHaveCount(1);
    await row.getByRole('button', { name: `Actions for ${key}` }).click();
    await page.getByRole('menuitem', { name: 'Refund…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund' });
    await dialog.getByRole('radio', { name: /^INV-\d{4}-\d{6}$/ }).check();
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await expect(dialog.getByText('Give the reason for the refund (at least 3 characters).')).toBeVisible(); // field error from the payload
    await dialog.getByRole('textbox', { name: 'Amount' }).fill('999.00');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Ordered by mistake');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await expect(dialog.getByText(/^Enter an amount from 0\.01 to 450\.00/)).toBeVisible();
    await shot('refund-dialog-errors');
    await dialog.getByRole('textbox', { name: 'Amount' }).fill('');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(/Refunded 450\.00 USD \(CN-\d{4}-\d{6}\); the license is revoked/)).toBeVisible();
    await expect(row.getByText('revoked', { exact: true })).toBeVisible();
    await shot('refund-admin-revoked');

    const note = await withDb((db) => db.creditNote.findFirstOrThrow({ where: { license: { licenseKey: key } } }));
    expect(note.number).toMatch(/^CN-\d{4}-\d{6}$/);
    expect(note.isFull).toBe(true);
    await signOut(page);

    // The org sees it revoked, with the credit note.
    await signInAs(page, demo.tom.email);
    await page.goto(`/org/licenses/${note.licenseId}`);
    await expect(page.getByTestId('license-status')).toHaveText('Revoked');
    await expect(page.getByTestId('refunded-alert')).toContainText(note.number);
    await expect(page.getByTestId('credit-notes')).toContainText(`${note.number}`);
    await shot('refund-license-revoked');
  });
});
