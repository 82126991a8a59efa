import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, SLOW, test } from '../../fixtures/test';

/**
 * Permissions a module declares (issue 18): the module page lists what Analytics Pro asks for
 * before purchase; TechStart's admin activates 2.0.0 on a new instance, consenting to its
 * permissions; the update to 2.0.1 asks for one more (http.outbound), shows exactly what is new,
 * waits for consent, and proceeds once the admin consents.
 */
let instanceId = 0;
let instanceName = '';
let licenseKey = '';
test.beforeAll(async () => {
  // A current Analytics Pro license and a fresh instance on core 1.9.5 (the demo data's licenses are from 2025).
  const stamp = Date.now().toString(36).toUpperCase();
  instanceName = `TechStart Perms ${stamp}`;
  await withDb(async (db) => {
    await db.license.create({
      data: {
        orgId: 102,
        moduleId: 3,
        pricingPlanId: 6,
        licenseKey: (licenseKey = `MODLIC-ANA-102-E2E${stamp}`),
        status: 'active',
        startsAt: new Date(),
        expiresAt: new Date(Date.now() + 365 * 86400_000),
        autoRenew: false,
      },
    });
    const inst = await db.instance.create({ data: { orgId: 102, name: instanceName, environment: 'staging', coreId: 2 } });
    instanceId = inst.id;
  });
});

// The suite shares one database: leave TechStart as later journeys expect it, without a current
// Analytics Pro license (the trial journey starts a trial of it and would be asked to confirm a second license).
test.afterAll(async () => {
  await withDb(async (db) => {
    await db.instanceModule.updateMany({ where: { instanceId }, data: { isActive: false } });
    await db.license.updateMany({ where: { licenseKey }, data: { status: 'expired', expiresAt: new Date(Date.now() - 86400_000) } });
  });
});

test('the module page lists the permissions; an org admin activates with consent; an update asking for more waits for consent', async ({
  page,
  shot,
}) => {
  test.setTimeout(240_000 * SLOW); // one long journey: module page, activation, consent, update
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, demo.tom.email, { next: '/modules/analytics-pro' });

  // 1. Before purchase: what the version a buyer would get (2.0.1) asks for, with descriptions.
  const perms = page.getByTestId('module-permissions');
  await expect(perms).toContainText('Analytics Pro 2.0.1 asks for these permissions');
  await expect(perms.getByTestId('permission-item')).toHaveCount(3);
  await expect(perms.locator('[data-code="http.outbound"]')).toContainText('Make HTTP requests to services outside the instance');
  await perms.scrollIntoViewIfNeeded();
  await shot('desktop-module-permissions');

  // 2. Activation of 2.0.0 on the new instance: the permissions are shown and must be consented to.
  await page.goto(`/org/instances/${instanceId}`);
  await expect(page.getByRole('heading', { level: 1, name: instanceName })).toBeVisible();
  await page.getByRole('button', { name: 'Activate module' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Activate a module' });
  await dialog.getByRole('combobox', { name: 'Module' }).click();
  await page.getByRole('option', { name: 'Analytics Pro' }).click();
  await expect(dialog.getByTestId('activation-ready')).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Version' }).click();
  await page.getByRole('option', { name: /^2\.0\.0/ }).click();
  const asked = dialog.getByTestId('activation-permissions');
  await expect(asked.getByTestId('permission-item')).toHaveCount(2);
  await expect(asked).toContainText('contacts.read');
  await expect(asked).toContainText('reports.read');
  await expect(asked).not.toContainText('http.outbound');
  await expect(dialog.getByRole('button', { name: 'Activate' })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: /I consent, for my organization, to Analytics Pro 2\.0\.0/ }).check();
  await shot('desktop-activate-with-consent');
  await dialog.getByRole('button', { name: 'Activate' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('active-module-row').filter({ hasText: 'Analytics Pro' });
  await expect(row.getByTestId('module-version')).toHaveText('2.0.0');
  const consent = row.getByTestId('permission-consent');
  await expect(consent).toContainText('contacts.read');
  await expect(consent).toContainText('reports.read');
  await expect(consent).toContainText(`Consented by ${demo.tom.name}`);
  await shot('desktop-instance-consent-recorded');

  // 3. The update to 2.0.1 asks for http.outbound: shown as new, and it waits for consent.
  await page.getByRole('tab', { name: 'Updates' }).click();
  const updates = page.getByTestId('module-updates').filter({ hasText: 'Analytics Pro' });
  const option = updates.getByTestId('update-option').filter({ hasText: '2.0.1' });
  const change = option.getByTestId('permission-change');
  await expect(change.getByTestId('permissions-added').getByTestId('permission-item')).toHaveCount(1);
  await expect(change.getByTestId('permissions-added')).toContainText('http.outbound');
  await expect(change).toContainText('2.0.1 asks for a new permission');
  await expect(option.getByTestId('consent-required')).toContainText('Waiting for your consent');
  await expect(option.getByRole('button', { name: 'Update to 2.0.1' })).toBeDisabled();
  await shot('desktop-update-waits-for-consent');

  // 4. The admin consents; the update can start and is applied.
  await option.getByRole('checkbox', { name: /I consent/ }).check();
  await option.getByRole('button', { name: 'Consent to the new permission' }).click();
  await expect(option.getByTestId('consent-required')).toHaveCount(0);
  await expect(option.getByRole('button', { name: 'Update to 2.0.1' })).toBeEnabled();
  await option.getByRole('button', { name: 'Update to 2.0.1' }).click();
  await expect(updates.getByTestId('update-in-progress')).toContainText('Updating 2.0.0 → 2.0.1');
  await updates.getByRole('button', { name: 'Mark as applied' }).click();
  await expect(updates).toContainText('Installed: 2.0.1');
  await shot('desktop-update-applied-after-consent');

  await page.getByRole('tab', { name: /^Modules/ }).click();
  await expect(row.getByTestId('module-version')).toHaveText('2.0.1');
  await expect(row.getByTestId('permission-consent')).toContainText('http.outbound');

  // The same screens on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('phone-instance-consent');
  await page.goto('/modules/analytics-pro#permissions');
  await expect(page.getByTestId('module-permissions')).toBeVisible();
  await shot('phone-module-permissions');
});
