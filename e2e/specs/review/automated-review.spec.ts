import { signInAs, signOut } from '../../fixtures/auth';
import { expect, SLOW, test } from '../../fixtures/test';
import { storedZip } from '../vendor/module-zip';

/**
 * Automated review (issue 14): a vendor sees a secret finding with its file and line, uploads a
 * fixed archive, checks again and submits; the admin approves with the check results shown; an
 * admin withdraws a version and the storefront no longer offers it.
 */
const slug = `e2e-keys-${Date.now().toString(36)}`;
const name = `Keys ${Date.now().toString(36).toUpperCase()}`;

const archive = (config: string) =>
  storedZip([
    {
      name: 'webkernel-module.json',
      data: JSON.stringify({ slug, version: '1.0.0', core: [{ software: 'webkernel', min: '2.0.0', max: null }] }, null, 2),
    },
    { name: 'src/Module.php', data: `<?php\n// ${slug}\n` },
    { name: 'src/Config.php', data: config },
  ]);

const statuses = (page: import('@playwright/test').Page, text: string) =>
  page.getByTestId('automated-checks').getByTestId('check-status').filter({ hasText: text });

test('a vendor sees a secret finding with file and line, fixes it, re-checks and submits; the admin approves with the results shown', async ({
  page,
  shot,
}) => {
  test.setTimeout(180_000 * SLOW);
  await signInAs(page, 'alice@acme.test', { next: '/vendor/modules/new' });
  const listing = page.getByRole('form', { name: 'Module listing' });
  await listing.getByLabel('Name').fill(name);
  await listing.getByLabel('Slug').fill(slug);
  await listing.getByLabel('Short description').fill('Keeps keys safe.');
  await listing.getByLabel('Category').fill('tools');
  await listing.getByRole('button', { name: 'Create module' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Upload a version of ${name}` })).toBeVisible();

  // 1. An archive with an AWS key in src/Config.php, line 3.
  const form = page.getByRole('form', { name: 'Upload a version' });
  await form.locator('input[type="file"]').setInputFiles({
    name: `${slug}.zip`,
    mimeType: 'application/zip',
    buffer: archive("<?php\n// storage settings\n$s3 = ['key' => 'AKIAIOSFODNN7EXAMPLX'];\n"),
  });
  await form.getByRole('textbox', { name: 'Changelog' }).fill('First release');
  await form.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('link', { name: 'See the automated checks and submit' }).click();
  const secrets = page.getByTestId('auto-check-secrets');
  await expect(secrets.getByTestId('check-status')).toHaveText('Failed', { timeout: 30_000 });
  await expect(secrets.getByTestId('finding-title')).toHaveText('src/Config.php:3 · secret.aws-access-key-id (blocking)');
  await expect(secrets.getByTestId('finding-snippet')).toContainText("▶    3  $s3 = ['key' => 'AKIA…[masked]'];");
  await expect(page.getByTestId('submit-blockers')).toContainText('secret.aws-access-key-id in src/Config.php:3');
  await expect(page.getByRole('button', { name: 'Submit for review' })).toBeDisabled();
  await shot('desktop-vendor-secret-finding');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('mobile-vendor-secret-finding');
  await page.setViewportSize({ width: 1280, height: 900 });

  // 2. The fixed archive replaces the draft; the vendor checks it again, then submits.
  await page.getByRole('link', { name: 'Upload a fixed archive' }).click();
  await expect(form.getByRole('textbox', { name: 'Version' })).toHaveValue('1.0.0');
  await form.locator('input[type="file"]').setInputFiles({
    name: `${slug}-fixed.zip`,
    mimeType: 'application/zip',
    buffer: archive("<?php\n// storage settings\n$s3 = ['key' => getenv('S3_KEY')];\n"),
  });
  await form.getByRole('textbox', { name: 'Changelog' }).fill('First release');
  await form.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('link', { name: 'See the automated checks and submit' }).click();
  await expect(statuses(page, 'Passed')).toHaveCount(6, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Check my version' }).click();
  await expect(statuses(page, 'Passed')).toHaveCount(6, { timeout: 30_000 });
  await expect(page.getByTestId('finding')).toHaveCount(0);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText('In review', { exact: true })).toBeVisible();
  await shot('desktop-vendor-checks-passed-submitted');

  // 3. The admin sees every check passed, reviews the code and approves.
  await signOut(page);
  await signInAs(page, 'admin@webkernel.com', { next: '/admin/validation' });
  const row = page.getByTestId('queue-row').filter({ hasText: `${name} 1.0.0` });
  await row.getByRole('link', { name: `Review ${name} 1.0.0` }).click();
  await expect(statuses(page, 'Passed')).toHaveCount(6);
  await expect(page.getByTestId('check-SECURITY_SCAN')).toContainText('Passed');
  await expect(page.getByTestId('check-PERFORMANCE_TEST')).toContainText('Passed');
  await page
    .getByRole('radiogroup', { name: 'Code review' })
    .locator('label')
    .filter({ hasText: /^Passed$/ })
    .click();
  await page.getByRole('textbox', { name: 'Code review notes' }).fill('Reads the key from the environment now.');
  await shot('desktop-admin-checks-before-approval');
  await page.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog', { name: `Approve ${name} 1.0.0?` });
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Approved by System Admin')).toBeVisible();
  await shot('desktop-admin-approved-with-checks');
});

test('an admin withdraws a version and the storefront no longer offers it; restoring brings it back', async ({ page, shot }) => {
  test.setTimeout(120_000 * SLOW);
  await page.goto('/modules/crm-pro');
  await expect(page.getByTestId('version-item').filter({ hasText: '1.1.0' })).toBeVisible();

  // The seed approved CRM Pro 1.1.0 through submission 4.
  await signInAs(page, 'admin@webkernel.com', { next: '/admin/validation/4' });
  await expect(page.getByRole('heading', { level: 1, name: 'CRM Pro 1.1.0' })).toBeVisible();
  await page.getByRole('button', { name: 'Withdraw version…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Withdraw CRM Pro 1.1.0?' });
  await dialog.getByRole('button', { name: 'Withdraw' }).click();
  await expect(dialog.getByText('Say why the version is withdrawn')).toBeVisible();
  await dialog.getByRole('textbox').fill('Malware found in the export script.');
  await dialog.getByRole('button', { name: 'Withdraw' }).click();
  await expect(dialog).toBeHidden();
  // One full stop after the reason, though the admin ended it with one.
  await expect(page.getByTestId('withdrawn-alert')).toContainText('Malware found in the export script. It is out of the catalog');
  await expect(page.getByTestId('withdrawn-alert')).not.toContainText('..');
  await shot('desktop-admin-version-withdrawn');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('mobile-admin-version-withdrawn');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.goto('/modules/crm-pro');
  await expect(page.getByRole('heading', { level: 1, name: 'CRM Pro' })).toBeVisible();
  await expect(page.getByTestId('version-item').filter({ hasText: '1.0.0' })).toBeVisible();
  await expect(page.getByTestId('version-item').filter({ hasText: '1.1.0' })).toHaveCount(0);
  await shot('desktop-storefront-after-withdrawal');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('mobile-storefront-after-withdrawal');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Other journeys use CRM Pro 1.1.0: restore it.
  await page.goto('/admin/validation/4');
  await page.getByRole('button', { name: 'Restore version' }).click();
  await expect(page.getByRole('button', { name: 'Withdraw version…' })).toBeVisible();
  await page.goto('/modules/crm-pro');
  await expect(page.getByTestId('version-item').filter({ hasText: '1.1.0' })).toBeVisible();
});
