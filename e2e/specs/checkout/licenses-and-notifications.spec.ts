import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

test.describe('licenses and notifications', () => {
  test('an org admin turns auto-renew off and on, then cancels renewal; the history shows each step', async ({ page, shot }) => {
    await signInAs(page, demo.alice.email);
    await page.goto('/checkout/crm-pro?plan=1');
    await page.getByRole('checkbox', { name: /I accept the license agreement/ }).check();
    await page.getByRole('radio', { name: 'Visa ending 4242' }).check();
    // Acme already holds CRM Pro (seed license 1, renewed by the job worker at start): the explicit choice of another license.
    await expect
      .poll(() => withDb(async (db) => (await db.license.findUniqueOrThrow({ where: { id: 1 } })).expiresAt!.getTime()), {
        timeout: 60_000,
      })
      .toBeGreaterThan(Date.now());
    await page.getByRole('checkbox', { name: /want to buy another license/ }).check();
    await page.getByTestId('pay-button').click();
    await page.getByRole('link', { name: 'View the license' }).click();

    const autoRenew = page.getByTestId('auto-renew-switch');
    await expect(autoRenew).toBeChecked();
    await autoRenew.click({ force: true });
    await expect(page.getByText('Auto-renew is off.')).toBeVisible();
    await expect(autoRenew).not.toBeChecked();
    await expect(page.getByTestId('status-history')).toContainText('Auto-renew turned off');
    await autoRenew.click({ force: true });
    await expect(autoRenew).toBeChecked();

    await page.getByTestId('cancel-license').click();
    const dialog = page.getByRole('dialog', { name: 'Cancel renewal?' });
    await dialog.getByRole('textbox', { name: 'Reason (optional)' }).fill('Switching to the annual plan');
    await dialog.getByRole('button', { name: 'Cancel renewal' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(/Renewal was cancelled on/)).toBeVisible();
    await expect(page.getByTestId('license-status')).toHaveText('Active');
    await expect(page.getByTestId('status-history')).toContainText('Switching to the annual plan');
    await shot('license-cancelled');
  });

  test('a viewer sees licenses but cannot change renewal or see receipts', async ({ page }) => {
    await signInAs(page, demo.viewer.email);
    await page.goto('/org/licenses/1');
    await expect(page.getByTestId('license-key')).toHaveText('MODLIC-CRM-101-ABC123');
    await expect(page.getByTestId('auto-renew-switch')).toBeDisabled();
    await expect(page.getByTestId('cancel-license')).toHaveCount(0);
    await expect(page.getByText('Receipts are visible to members who manage billing, purchases or licenses.')).toBeVisible();
  });

  test('the notifications page lists, marks read and opens preferences', async ({ page, shot }) => {
    await signInAs(page, demo.tom.email);
    await page.goto('/notifications');
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    const items = page.getByTestId('notification-item');
    await expect(items.first()).toBeVisible();
    await expect(items.filter({ hasText: 'CRM Pro v1.1.0 is now available' })).toContainText('Organization'); // org-wide (TechStart)
    await shot('notifications');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect(page.getByTestId('notification-bell')).toHaveAccessibleName('Notifications');

    await page.getByRole('link', { name: 'Preferences' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Notification preferences' })).toBeVisible();
    const sms = page.getByRole('switch', { name: 'License expiring or expired: SMS' });
    await expect(sms).toBeChecked(); // seed: Tom wants SMS for license_expiring
    const email = page.getByRole('switch', { name: 'Payout paid: E-mail' });
    await expect(email).toBeChecked();
    await email.click({ force: true });
    await expect(page.getByText('Payout paid: saved.')).toBeVisible();
    await expect(email).not.toBeChecked();
    const stored = await withDb((db) => db.notificationPreference.findFirst({ where: { userId: 43, notificationType: 'payout_paid' } }));
    expect(stored).toMatchObject({ emailEnabled: false, inAppEnabled: true });
    await shot('notification-preferences');
  });

  test('a platform admin suspends and reinstates a license with a reason', async ({ page, shot }) => {
    await signInAs(page, demo.admin.email);
    await page.goto('/admin/licenses');
    await page.getByRole('textbox', { name: 'Search' }).fill('XYZ789');
    const row = page.getByTestId('admin-license-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('TechStart Inc');
    await row.getByRole('button', { name: /Actions for MODLIC-ERP-102-XYZ789/ }).click();
    await page.getByRole('menuitem', { name: 'Suspend…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend license' });
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await expect(dialog.getByText('Give a reason; it is shown in the license history.')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Unpaid custom development invoice');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toContainText('suspended');
    await expect(row).toContainText('Unpaid custom development invoice');
    await shot('admin-licenses');
    await row.getByRole('button', { name: /Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Reinstate…' }).click();
    await page.getByRole('dialog', { name: 'Reinstate license' }).getByRole('textbox', { name: 'Reason' }).fill('Invoice paid');
    await page.getByRole('dialog', { name: 'Reinstate license' }).getByRole('button', { name: 'Reinstate' }).click();
    await expect(row).toContainText('active');
  });
});
