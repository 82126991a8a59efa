import type { Page } from '@playwright/test';
import { signInAs, signOut } from '../../fixtures/auth';
import { expect, SLOW, test } from '../../fixtures/test';
import { moduleArchive } from './module-zip';

/**
 * The publishing journey: the vendor owner (Alice, DevShop Solutions) creates a module, uploads a
 * version (watching the progress bar), waits for the automated checks and submits it; the platform
 * admin sees the checks passed, records the code review and approves; the module is in the storefront. A second version is rejected with notes, which
 * the vendor then reads in the portal.
 */
const slug = `e2e-widget-${Date.now().toString(36)}`;
const name = `Widget ${Date.now().toString(36).toUpperCase()}`;

async function uploadVersion(
  page: Page,
  version: string,
  opts: { padding?: number; throttle?: boolean; changelog: string; shot?: (n: string) => Promise<void> },
) {
  const form = page.getByRole('form', { name: 'Upload a version' });
  await form.locator('input[type="file"]').setInputFiles({
    name: `${slug}-${version}.zip`,
    mimeType: 'application/zip',
    buffer: moduleArchive(slug, version, opts.padding ?? 0),
  });
  await form.getByRole('textbox', { name: 'Version' }).fill(version);
  await form.getByRole('textbox', { name: 'Changelog' }).fill(opts.changelog);
  let cdp: Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>> | null = null;
  if (opts.throttle) {
    // Slow the upload down (≈ 400 KB/s) so the progress bar is visible, as on a real connection.
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 400 * 1024,
    });
  }
  await form.getByRole('button', { name: 'Upload' }).click();
  if (opts.throttle) {
    const bar = page.getByRole('progressbar', { name: 'Upload progress' });
    await expect(bar).toBeVisible();
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('upload-progress')).toContainText('%');
    await opts.shot?.('desktop-vendor-upload-progress');
  }
  await expect(page.getByTestId('upload-result')).toBeVisible({ timeout: 30_000 });
  if (cdp) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.getByTestId('manifest')).toContainText(slug);
  await expect(page.getByTestId('manifest')).toContainText(version);
  await expect(page.getByTestId('upload-sha256')).toHaveText(/^[a-f0-9]{64}$/);
}

/** From the upload result to the version page: wait for the six automated checks, then submit. */
async function submitAfterChecks(page: Page, version: string) {
  await page.getByRole('link', { name: 'See the automated checks and submit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name} ${version}` })).toBeVisible();
  await expect(page.getByTestId('automated-checks').getByTestId('check-status').filter({ hasText: 'Passed' })).toHaveCount(6, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Submit for review' }).click();
}

async function reviewAsAdmin(page: Page, version: string) {
  await page.goto('/admin/validation');
  await expect(page.getByRole('heading', { level: 1, name: 'Validation queue' })).toBeVisible();
  const row = page.getByTestId('queue-row').filter({ hasText: `${name} ${version}` });
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: `Review ${name} ${version}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name} ${version}` })).toBeVisible();
  await expect(page.getByTestId('manifest')).toContainText(`"slug": "${slug}"`);
  await expect(page.getByRole('link', { name: 'Download artifact' })).toBeVisible();
}

test('a vendor publishes a module, the admin approves it, it reaches the storefront; a second version is rejected with notes', async ({
  page,
  shot,
}) => {
  test.setTimeout(180_000 * SLOW);

  // 1. Alice creates the module.
  await signInAs(page, 'alice@acme.test', { next: '/vendor' });
  await expect(page.getByRole('heading', { level: 1, name: 'Vendor portal' })).toBeVisible();
  await expect(page.getByTestId('vendor-card')).toContainText('DevShop Solutions');
  await expect(page.getByTestId('vendor-module-row').filter({ hasText: 'Custom ERP' })).toBeVisible();
  await shot('desktop-vendor-dashboard');
  await page.getByRole('link', { name: 'New module' }).click();
  const listing = page.getByRole('form', { name: 'Module listing' });
  await listing.getByLabel('Name').fill(name);
  await listing.getByLabel('Slug').fill(slug);
  await listing.getByLabel('Short description').fill('Drag-and-drop dashboard widgets for Webkernel.');
  await listing.getByRole('textbox', { name: 'Description', exact: true }).fill('# Widgets\n\n- **Drag and drop**\n- Works with `CRM Pro`');
  await listing
    .locator('label')
    .filter({ hasText: /^Preview$/ })
    .click();
  await expect(listing.getByTestId('markdown-preview').locator('strong')).toHaveText('Drag and drop');
  await listing.getByLabel('Category').fill('tools');
  await shot('desktop-vendor-module-new');
  await listing.getByRole('button', { name: 'Create module' }).click();

  // 2. Upload 1.0.0 with a visible progress bar, then submit.
  await expect(page.getByRole('heading', { level: 1, name: `Upload a version of ${name}` })).toBeVisible();
  await uploadVersion(page, '1.0.0', { padding: 3 * 1024 * 1024, throttle: true, changelog: '## 1.0.0\n\n- First release', shot });
  await shot('desktop-vendor-upload-manifest');
  await submitAfterChecks(page, '1.0.0');
  await expect(page.getByText('In review', { exact: true })).toBeVisible();
  await expect(page.getByTestId('review-entry')).toContainText('Awaiting review');
  await shot('desktop-vendor-version-in-review');

  // Not in the storefront before approval.
  await page.goto(`/modules/${slug}`);
  await expect(page.getByText('This module is not in the catalog')).toBeVisible();

  // 3. The admin sees the automated checks passed, records the code review and approves.
  await signOut(page);
  await signInAs(page, 'admin@webkernel.com');
  await reviewAsAdmin(page, '1.0.0');
  await expect(page.getByTestId('diff')).toContainText('no earlier approved version');
  await expect(page.getByTestId('automated-checks').getByTestId('check-status').filter({ hasText: 'Passed' })).toHaveCount(6);
  await page
    .getByRole('radiogroup', { name: 'Code review' })
    .locator('label')
    .filter({ hasText: /^Passed$/ })
    .click();
  await expect(page.getByRole('radiogroup', { name: 'Code review' }).getByRole('radio', { name: 'Passed' })).toBeChecked();
  await page.getByRole('textbox', { name: 'Code review notes' }).fill('Clean, typed code');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('desktop-admin-review-checks');
  await page.getByRole('button', { name: 'Approve' }).click();
  const approveDialog = page.getByRole('dialog', { name: `Approve ${name} 1.0.0?` });
  await approveDialog.getByRole('textbox').fill('Welcome to the marketplace.');
  await approveDialog.getByRole('button', { name: 'Approve' }).click();
  await expect(approveDialog).toBeHidden();
  await expect(page.getByText('Approved by System Admin')).toBeVisible();
  await shot('desktop-admin-review-approved');

  // 4. In the storefront now.
  await page.goto('/modules');
  await expect(page.getByTestId('module-card').filter({ hasText: name })).toBeVisible();
  await page.goto(`/modules/${slug}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await shot('desktop-storefront-published-module');

  // 5. Alice uploads 1.1.0; the admin rejects it with notes.
  await signOut(page);
  await signInAs(page, 'alice@acme.test', { next: '/vendor' });
  const row = page.getByTestId('vendor-module-row').filter({ hasText: name });
  await expect(row).toContainText('Published');
  await row.getByRole('link', { name: `Upload a version of ${name}` }).click();
  await uploadVersion(page, '1.1.0', { changelog: '## 1.1.0\n\n- Faster rendering' });
  await submitAfterChecks(page, '1.1.0');
  await expect(page.getByText('In review', { exact: true })).toBeVisible();

  await signOut(page);
  await signInAs(page, 'admin@webkernel.com');
  await reviewAsAdmin(page, '1.1.0');
  await expect(page.getByTestId('diff')).toContainText('version 1.0.0');
  await page
    .getByRole('radiogroup', { name: 'Code review' })
    .locator('label')
    .filter({ hasText: /^Failed$/ })
    .click();
  await page.getByRole('textbox', { name: 'Code review notes' }).fill('eval() on request input in src/Module.php');
  await page.getByRole('button', { name: 'Reject' }).click();
  const rejectDialog = page.getByRole('dialog', { name: `Reject ${name} 1.1.0?` });
  await rejectDialog.getByRole('button', { name: 'Reject' }).click();
  await expect(rejectDialog.getByText('Explain to the vendor why the version is rejected.')).toBeVisible();
  await rejectDialog.getByRole('textbox').fill('Remove eval() and resubmit as 1.1.1.');
  await rejectDialog.getByRole('button', { name: 'Reject' }).click();
  await expect(rejectDialog).toBeHidden();
  await expect(page.getByText('Rejected by System Admin')).toBeVisible();

  // 6. Alice sees the notes.
  await signOut(page);
  await signInAs(page, 'alice@acme.test', { next: '/vendor' });
  await expect(page.getByTestId('rejected-alert')).toContainText('Remove eval() and resubmit as 1.1.1.');
  const card = page.getByTestId('submission-card').filter({ hasText: `${name} 1.1.0` });
  await expect(card.getByTestId('reviewer-notes')).toContainText('Remove eval() and resubmit as 1.1.1.');
  await expect(card).toContainText('Code review: failed');
  await expect(card).toContainText('eval() on request input in src/Module.php');
  await shot('desktop-vendor-dashboard-rejected');
  await card.getByRole('link', { name: `${name} 1.1.0` }).click();
  await expect(page.getByTestId('rejection-notes')).toHaveText('Remove eval() and resubmit as 1.1.1.');
  await shot('desktop-vendor-version-rejected');

  // Phone width.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/vendor');
  await expect(page.getByTestId('rejected-alert')).toBeVisible();
  await shot('mobile-vendor-dashboard');
});
