import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect as baseExpect, test } from '../../fixtures/test';

// A whole journey on a shared, busy machine: each step may take longer than the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });

const TECHSTART_CRM = 3; // seed license 3: TechStart's CRM Pro Monthly, stored card pm_456def

test.describe('plan change', () => {
  test('upgrade CRM Pro Monthly → Annual: the prorated amount, then both receipts', async ({ page, shot }) => {
    test.setTimeout(180_000);
    // The job worker renews the demo's lapsed monthly license when the product starts.
    await expect
      .poll(() => withDb(async (db) => (await db.license.findUniqueOrThrow({ where: { id: TECHSTART_CRM } })).expiresAt!.getTime()), {
        timeout: 60_000,
      })
      .toBeGreaterThan(Date.now());

    await signInAs(page, demo.tom.email);
    await page.goto('/modules/crm-pro');
    await expect(page.getByTestId('ownership-notice')).toContainText(
      /Your organization has an active license \(Monthly, renews .+\) — Manage/,
    );
    await shot('module-ownership');
    await page.getByTestId('ownership-notice').getByRole('link', { name: 'Manage' }).click();
    await expect(page).toHaveURL(/\/org\/licenses\/\d+$/);
    const key = (await page.getByTestId('license-key').textContent())!.trim();

    await page.getByRole('combobox', { name: 'New plan' }).click(); // a Mantine Select is a combobox
    await page.getByRole('option', { name: /^Annual/ }).click();
    const preview = page.getByTestId('plan-change-preview');
    await expect(preview).toContainText('Upgrade');
    await expect(preview).toContainText('Credit for the unused part of Monthly');
    const total = (await page.getByTestId('plan-change-total').textContent())!.trim();
    expect(total).toMatch(/^(US)?\$4\d\d\.\d\d$/); // 490.00 minus the credit for the days left (reverse-charged: no VAT)
    await shot('upgrade-preview');
    await page.getByTestId('confirm-plan-change').click();

    await expect(page.getByText(/Plan upgraded\. Receipt INV-\d{4}-\d{6}\./)).toBeVisible();
    await expect(page.getByTestId('license-key')).toHaveText(key); // same key
    await expect(page.getByTestId('status-history')).toContainText('Plan upgraded: Monthly → Annual');
    const receipts = page.getByTestId('receipt-link');
    await expect.poll(() => receipts.count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByRole('region', { name: 'Receipts' })).toContainText(total);
    await shot('upgrade-done');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('upgrade-done-phone');
  });
});
