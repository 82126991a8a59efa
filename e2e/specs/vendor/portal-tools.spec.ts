import { signInAs } from '../../fixtures/auth';
import { expect, SLOW, test } from '../../fixtures/test';
import { moduleArchive } from './module-zip';

/**
 * The rest of the vendor portal: a draft version's editors (with field errors) and discard,
 * pricing plans and contracts of a module, publishing tokens shown once, and the profile.
 */
const slug = `e2e-draft-${Date.now().toString(36)}`;

test('a vendor edits a draft, manages plans, contracts and tokens', async ({ page, shot }) => {
  test.setTimeout(120_000 * SLOW);
  await signInAs(page, 'alice@acme.test', { next: '/vendor/modules/new' });
  const listing = page.getByRole('form', { name: 'Module listing' });
  await listing.getByLabel('Name').fill('Draft Tools');
  await listing.getByLabel('Slug').fill(slug);
  await listing.getByRole('button', { name: 'Create module' }).click();

  // A refused archive: the manifest names another module.
  const form = page.getByRole('form', { name: 'Upload a version' });
  await form
    .locator('input[type="file"]')
    .setInputFiles({ name: 'wrong.zip', mimeType: 'application/zip', buffer: moduleArchive('another-module', '9.0.0') });
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('upload-errors')).toContainText('MANIFEST_SLUG_MISMATCH');
  await shot('desktop-vendor-upload-refused');

  // A good one, kept as a draft and edited.
  await form
    .locator('input[type="file"]')
    .setInputFiles({ name: 'ok.zip', mimeType: 'application/zip', buffer: moduleArchive(slug, '0.1.0') });
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('upload-result')).toBeVisible();
  await page.getByRole('link', { name: 'Edit details first' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Draft Tools 0.1.0' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Range 1 minimum core version' }).fill('3.0.0');
  await page.getByRole('textbox', { name: 'Dependency 1 module slug' }).fill('no-such-module');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByTestId('compat-editor')).toContainText('No known Webkernel core version lies in 3.0.0');
  await expect(page.getByTestId('dependency-editor')).toContainText('No published module has the slug "no-such-module"');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('desktop-vendor-draft-errors');
  await page.getByRole('textbox', { name: 'Range 1 minimum core version' }).fill('1.9.5');
  await page.getByRole('button', { name: 'Remove dependency 1' }).click();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved')).toBeVisible();
  await page.getByRole('button', { name: 'Discard draft' }).click();
  await page.getByRole('dialog', { name: 'Discard this draft?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByText('No versions yet')).toBeVisible();

  // Pricing plans and contracts of the draft module.
  await page.getByRole('tab', { name: /Pricing/ }).click();
  await page.getByRole('button', { name: 'New plan' }).first().click();
  const plan = page.getByRole('form', { name: 'Pricing plan' });
  await plan.getByRole('textbox', { name: 'Name', exact: true }).fill('Monthly');
  await plan.getByRole('textbox', { name: 'Price' }).fill('19.999');
  await plan.getByRole('button', { name: 'Add feature' }).click();
  await plan.getByRole('textbox', { name: 'Feature 1 name' }).fill('support');
  await plan.getByRole('textbox', { name: 'Feature 1 value' }).fill('email');
  await plan.getByRole('button', { name: 'Create plan' }).click();
  await expect(plan.getByText('at most 2 decimals')).toBeVisible();
  await plan.getByRole('textbox', { name: 'Price' }).fill('19.90');
  await shot('desktop-vendor-plan-editor');
  await plan.getByRole('button', { name: 'Create plan' }).click();
  const card = page.getByTestId('plan-card').filter({ hasText: 'Monthly' });
  await expect(card).toContainText('$19.90');
  await expect(card).toContainText('support: email');
  // Entitlement codes are derived from the features until the vendor sets their own (issue 17).
  await expect(card.getByTestId('plan-entitlements')).toHaveText(
    'Entitlements (from the features): support:email · license files valid for the platform default',
  );
  await card.getByRole('button', { name: 'Edit' }).click();
  await plan.getByRole('checkbox', { name: 'Derive the entitlement codes from the features' }).uncheck();
  const codes = plan.getByRole('combobox', { name: 'Entitlement codes' });
  await expect(plan.getByText('support:email', { exact: true })).toBeVisible(); // starts from the derived codes
  for (const code of ['sso', 'support:priority', 'Not A Code']) {
    await codes.fill(code);
    await codes.press('Enter');
  }
  await plan.getByRole('button', { name: 'Save plan' }).click();
  await expect(plan.getByText(/An entitlement code is a name or name:value/)).toBeVisible();
  await shot('desktop-vendor-plan-entitlements-errors');
  await codes.press('Backspace'); // removes the last code
  await plan.getByLabel('Offline license files stay valid for (days)').fill('7');
  await plan.getByRole('button', { name: 'Save plan' }).click();
  await expect(plan).toHaveCount(0);
  await expect(card.getByTestId('plan-entitlements')).toHaveText(
    'Entitlements: sso, support:email, support:priority · license files valid 7 days',
  );
  await shot('desktop-vendor-plan-entitlements');

  await page.getByRole('tab', { name: /Contracts/ }).click();
  await page.getByRole('button', { name: 'New contract version' }).first().click();
  const contract = page.getByRole('form', { name: 'New contract version' });
  await contract.getByRole('textbox', { name: 'Version' }).fill('1.0');
  await contract.getByRole('textbox', { name: 'Terms text' }).fill('# EULA\n\n1. Use it well.');
  await contract.getByRole('button', { name: 'Publish contract' }).click();
  await expect(page.getByTestId('contract-card')).toContainText('In effect');
  await shot('desktop-vendor-contracts');

  // Tokens: the secret is shown once.
  await page.goto('/vendor/tokens');
  await page.getByRole('button', { name: 'New token' }).first().click();
  await page.getByRole('form', { name: 'New API token' }).getByRole('textbox', { name: 'Name' }).fill('E2E pipeline');
  await page.getByRole('form', { name: 'New API token' }).getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('new-token-secret')).toHaveText(/^wkv_[A-Za-z0-9_-]{43}$/);
  await shot('desktop-vendor-token-created');
  await page.getByRole('button', { name: 'I have copied it' }).click();
  const row = page.getByTestId('token-row').filter({ hasText: 'E2E pipeline' });
  await row.getByRole('button', { name: 'Revoke E2E pipeline' }).click();
  await expect(row).toContainText('Revoked');

  await page.goto('/vendor/profile');
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(/DevShop Solutions/);
  await expect(page.getByText('Commission history')).toBeVisible();
  await shot('desktop-vendor-profile');
});
