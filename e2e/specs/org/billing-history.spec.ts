import fs from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import { signInAs } from '../../fixtures/auth';
import { expect, test } from '../../fixtures/test';

/**
 * Billing history: Acme's admin opens it from the organization console, sees the seed invoice
 * with its running total, downloads its PDF and finds the seller's VAT id and the reverse-charge
 * wording in it. A viewer is not offered the page.
 */
test('an org admin opens the billing history and downloads a PDF invoice that carries the seller VAT id', async ({ page, shot }) => {
  await signInAs(page, 'alice@acme.test', { next: '/org' });
  await page.getByRole('link', { name: 'Open billing history' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Billing history' })).toBeVisible();
  await expect(page.getByTestId('billing-total').first()).toContainText('Charged (USD)');
  const seed = page.getByTestId('billing-row').filter({ hasText: 'INV-2025-000001' });
  await expect(seed).toContainText('CRM Pro — Annual');
  await expect(seed).toContainText('$490.00');
  await shot('desktop-org-billing-history');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    seed.getByRole('link', { name: 'Download INV-2025-000001 as PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('INV-2025-000001.pdf');
  const file = await fs.readFile(await download.path());
  expect(file.subarray(0, 5).toString()).toBe('%PDF-');
  const parser = new PDFParse({ data: new Uint8Array(file) });
  const text = (await parser.getText()).text;
  await parser.destroy();
  expect(text).toContain('Invoice');
  expect(text).toContain('INV-2025-000001');
  expect(text).toContain('VAT id: EU372000041');
  expect(text).toContain('reverse charge');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(seed).toBeVisible();
  await shot('mobile-org-billing-history');
});

test('a viewer is not offered the billing history, and the page says why when opened directly', async ({ page }) => {
  await signInAs(page, 'viewer@acme.test', { next: '/org' });
  await expect(page.getByRole('heading', { level: 2, name: 'Licenses' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open billing history' })).toHaveCount(0);
  await page.goto('/org/billing');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing history' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(/permission/i);
});

test('a license’s renewals show receipt numbers to billing roles only (viewer: no Receipt column)', async ({ page, shot }) => {
  const renewals = () => page.getByRole('region', { name: 'Renewals and periods' });
  await signInAs(page, 'viewer@acme.test', { next: '/org/licenses/1' });
  await expect(renewals().getByRole('columnheader', { name: 'Charged' })).toBeVisible();
  await expect(renewals().getByRole('columnheader', { name: 'Receipt' })).toHaveCount(0);
  await expect(page.getByText('Receipts are visible to members who manage billing, purchases or licenses.')).toBeVisible();
  // The payment method is billing data too: the page does not claim there is none.
  await expect(page.getByText('The payment method is visible to members who manage billing, purchases or licenses.')).toBeVisible();
  await expect(page.getByText('No payment method on file')).toHaveCount(0);
  await shot('desktop-license-renewals-viewer');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(renewals()).toBeVisible();
  await shot('mobile-license-renewals-viewer');
});

test('an org admin sees the Receipt column of the renewals', async ({ page }) => {
  await signInAs(page, 'alice@acme.test', { next: '/org/licenses/1' });
  await expect(page.getByRole('region', { name: 'Renewals and periods' }).getByRole('columnheader', { name: 'Receipt' })).toBeVisible();
});
