import { signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

/**
 * The Acme admin registers a new instance, activates CRM Pro after the planner shows it is
 * compatible (consenting to the permissions it asks for), sees the blocker of an incompatible
 * module, and applies an update.
 */
let crmKey = '';
test.beforeAll(async () => {
  // The demo data is from 2025 and the product runs on today's date: Acme's seed CRM Pro license
  // may be past its end. Give Acme a current one of its own (seed rows stay untouched).
  crmKey = `MODLIC-CRM-101-E2E${Date.now().toString(36).toUpperCase()}`;
  await withDb((db) =>
    db.license.create({
      data: {
        orgId: 101,
        moduleId: 1,
        pricingPlanId: 2,
        licenseKey: crmKey,
        status: 'active',
        startsAt: new Date(),
        expiresAt: new Date(Date.now() + 365 * 86400_000),
        autoRenew: false,
      },
    }),
  );
});

test('the Acme admin activates CRM Pro on a new instance, sees an incompatible blocker, and applies an update', async ({ page, shot }) => {
  const name = `Acme QA ${Date.now().toString(36)}`;
  await signInAs(page, 'alice@acme.test', { next: '/org/instances' });
  await expect(page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  await expect(page.getByTestId('instance-card').filter({ hasText: 'Acme Production' })).toBeVisible();
  await shot('desktop-instances-list-admin');

  // 1. A new instance, through the UI.
  await page.getByRole('button', { name: 'New instance' }).click();
  const create = page.getByRole('form', { name: 'New instance' });
  await create.getByLabel('Name').fill(name);
  await create.getByLabel('Domain').fill('qa.acme.example');
  await create.getByRole('combobox', { name: 'Core version' }).click();
  await page.getByRole('option', { name: /Webkernel Horizon 2\.0\.0/ }).click();
  await shot('desktop-instance-create-dialog');
  await create.getByRole('button', { name: 'Create instance' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByTestId('core-label')).toContainText('Webkernel Horizon 2.0.0');
  await expect(page.getByTestId('core-label')).toContainText('Pending validation');
  await expect(page.getByText('No module is active on this instance')).toBeVisible();

  // 2. The planner says CRM Pro is compatible before anything is attempted; activate 1.0.0.
  await page.getByRole('button', { name: 'Activate module' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Activate a module' });
  await dialog.getByRole('combobox', { name: 'Module' }).click();
  await page.getByRole('option', { name: 'CRM Pro' }).click();
  await expect(dialog.getByTestId('activation-ready')).toContainText('CRM Pro 1.1.0 runs on Webkernel Horizon 2.0.0');
  await expect(dialog.getByRole('textbox', { name: 'Artifact hash reported by the instance' })).toHaveValue(
    'd15ceb29f5d5d58fb142ba06ec86ea5a84ffadb20deddb6da8be22044b55ed97', // sha256 of the demo artifact built at seed time
  );
  await shot('desktop-activate-plan-compatible');
  await dialog.getByRole('combobox', { name: 'Version' }).click();
  await page.getByRole('option', { name: /^1\.0\.0/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Artifact hash reported by the instance' })).toHaveValue(
    '01e80fecd73dc9efe7bdd29cd6af0d91ec7964f464653a78c841ad4b7ab7eac9',
  );
  // CRM Pro asks for contacts.read and contacts.write: the admin consents to them.
  await expect(dialog.getByTestId('activation-permissions')).toContainText('contacts.write');
  await expect(dialog.getByRole('button', { name: 'Activate' })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: /I consent/ }).check();
  await dialog.getByRole('button', { name: 'Activate' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('active-module-row').filter({ hasText: 'CRM Pro' });
  await expect(row.getByTestId('module-version')).toHaveText('1.0.0');
  await expect(row).toContainText('MODLIC-CRM-101-');
  await shot('desktop-instance-modules');

  // 3. An incompatible module: the blocker is shown and nothing can be attempted.
  await page.getByRole('button', { name: 'Activate module' }).first().click();
  await dialog.getByRole('combobox', { name: 'Module' }).click();
  await page.getByRole('option', { name: 'Analytics Pro' }).click();
  const blockers = dialog.getByTestId('activation-blockers');
  await expect(blockers).toContainText(
    'No approved version of Analytics Pro supports Webkernel core 2.0.0 (2.0.1: 1.8.0–1.9.5; 2.0.0: 1.8.0–1.9.5).',
  );
  await expect(blockers.locator('[data-code="VERSION_INCOMPATIBLE"]')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Activate' })).toBeDisabled();
  await shot('desktop-activate-plan-incompatible');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // 4. The update 1.0.0 → 1.1.0 along the approved flow: started, then applied.
  await page.getByRole('tab', { name: 'Updates' }).click();
  const updates = page.getByTestId('module-updates').filter({ hasText: 'CRM Pro' });
  const option = updates.getByTestId('update-option');
  await expect(option).toContainText('minor update');
  await expect(option).toContainText('Not breaking');
  await expect(option).toContainText('No downtime');
  await expect(option).toContainText('≈ 5 min');
  await shot('desktop-instance-updates-available');
  await updates.getByRole('button', { name: 'Update to 1.1.0' }).click();
  await expect(updates.getByTestId('update-in-progress')).toContainText('Updating 1.0.0 → 1.1.0');
  await updates.getByRole('button', { name: 'Mark as applied' }).click();
  await expect(updates).toContainText('Installed: 1.1.0');
  await expect(updates).toContainText('Up to date');
  await expect(page.getByTestId('update-history-row').first()).toContainText('Applied');
  await shot('desktop-instance-update-applied');

  await page.getByRole('tab', { name: /^Modules/ }).click();
  await expect(row.getByTestId('module-version')).toHaveText('1.1.0');

  // The activity log shows every attempt.
  await page.getByRole('tab', { name: 'Activity log' }).click();
  const entries = page.getByTestId('activation-log-entry');
  await expect(entries.first()).toContainText('Update of CRM Pro 1.1.0');
  await expect(entries.filter({ hasText: 'Activation of CRM Pro 1.0.0' })).toContainText('Succeeded');
  await shot('desktop-instance-activity-log');
});

test('credentials are shown once and work against the instance API; usage, errors and the core upgrade check', async ({
  page,
  shot,
  request,
}) => {
  await signInAs(page, 'alice@acme.test', { next: '/org/instances' });
  await page.getByRole('link', { name: 'Acme Staging' }).click();
  await page.getByRole('tab', { name: 'API credentials' }).click();
  await page.getByRole('button', { name: 'New credentials' }).first().click();
  const form = page.getByRole('form', { name: 'New API credentials' });
  await form.getByLabel('Name').fill('e2e web nodes');
  await form.getByRole('button', { name: 'Create' }).click();
  const created = page.getByTestId('new-credential');
  await expect(created).toContainText('Shown only once');
  const keyId = (await created.getByTestId('new-key-id').textContent())!;
  const secret = (await created.getByTestId('new-secret').textContent())!;
  expect(keyId).toMatch(/^wki_/);
  await shot('desktop-credential-created');
  await created.getByRole('button', { name: 'I have stored the secret' }).click();
  await expect(page.getByTestId('credential-row').filter({ hasText: keyId })).toContainText('Never');

  const auth = { Authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}` };
  const ok = await request.get(`/api/instance/v1/licenses/${crmKey}/validate`, { headers: auth });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).license).toMatchObject({
    key: crmKey,
    valid: true,
    module: { slug: 'crm-pro' },
    entitlements: { plan: 'Annual' },
  });
  const wrong = await request.get(`/api/instance/v1/licenses/${crmKey}/validate`, {
    headers: { Authorization: `Basic ${Buffer.from(`${keyId}:nope`).toString('base64')}` },
  });
  expect(wrong.status()).toBe(401);

  await page.reload();
  await expect(page.getByTestId('credential-row').filter({ hasText: keyId })).not.toContainText('Never');

  // Usage charts of the seed (Acme Production reported on 1–2 January 2025).
  await page.goto('/org/instances/1?tab=usage');
  await expect(page.getByTestId('usage-charts')).toBeVisible();
  await expect(page.getByText('Peak daily users')).toBeVisible();
  await shot('desktop-instance-usage');
  await page.getByRole('tab', { name: 'Errors' }).click();
  await expect(page.getByTestId('error-row').first()).toContainText('Connection timeout');
  await shot('desktop-instance-errors');

  // The core upgrade check: Acme Production on 1.0.1 would break CRM Pro.
  await page.goto('/org/instances/1/core-upgrade');
  await page.getByRole('combobox', { name: 'Target core version' }).click();
  await page.getByRole('option', { name: /Webkernel Origin 1\.0\.1/ }).click();
  await expect(page.getByTestId('core-upgrade-module').filter({ hasText: 'CRM Pro' })).toContainText('Would break');
  await shot('desktop-core-upgrade-check');
});

test('a viewer sees instances without management actions; mobile layout', async ({ page, shot }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInAs(page, 'viewer@acme.test', { next: '/org/instances/1' });
  await expect(page.getByRole('heading', { level: 1, name: 'Acme Production' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Activate module' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'API credentials' })).toHaveCount(0);
  await expect(page.getByTestId('active-module-row')).toContainText('CRM Pro');
  await shot('mobile-instance-detail-viewer');
  await page.getByRole('tab', { name: 'Usage' }).click();
  await expect(page.getByTestId('usage-charts')).toBeVisible();
  await shot('mobile-instance-usage');
});

test('a vendor sees usage and errors of its module per version × core version', async ({ page, shot }) => {
  await signInAs(page, 'admin@webkernel.com', { next: '/vendor/usage' });
  await expect(page.getByRole('heading', { level: 1, name: 'Usage and errors' })).toBeVisible();
  await expect(page.getByTestId('vendor-usage-module').filter({ hasText: 'CRM Pro' })).toContainText('3,470');
  await shot('desktop-vendor-usage-summary');
  await page.getByRole('link', { name: 'CRM Pro' }).click();
  await expect(page.getByTestId('vendor-usage-charts')).toBeVisible();
  await expect(page.getByTestId('vendor-usage-group').first()).toContainText('2.0.0');
  await expect(page.getByTestId('vendor-error-row').first()).toContainText('Connection timeout');
  await expect(page.locator('main')).not.toContainText('Acme');
  await shot('desktop-vendor-module-usage');
});
