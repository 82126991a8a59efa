import { demo, mainNav, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

const SLUG = 'techstart-labs';

/** Tom runs no vendor in the seed, and other specs (auth/roles) rely on that: leave it so. */
async function removeTechStartLabs() {
  await withDb(async (db) => {
    const vendor = await db.vendor.findUnique({ where: { slug: SLUG } });
    if (!vendor) return;
    await db.commissionHistory.deleteMany({ where: { vendorId: vendor.id } });
    await db.vendor.delete({ where: { id: vendor.id } });
  });
}

test.beforeAll(removeTechStartLabs);
test.afterAll(removeTechStartLabs);

/**
 * A signed-in user without a vendor becomes one: /vendor refuses them but links to
 * /become-a-vendor, where Tom (TechStart admin) creates a vendor for TechStart and lands in the portal.
 */
test('tom creates a vendor for TechStart from the no-access page', async ({ page, shot }) => {
  await signInAs(page, demo.tom.email);
  await expect(mainNav(page).getByRole('link', { name: 'Vendor portal', exact: true })).toHaveCount(0);

  await page.goto('/vendor');
  const refused = page.getByTestId('no-access');
  await expect(refused.getByRole('heading', { level: 1, name: "You don't have access to this area" })).toBeVisible();
  await refused.getByRole('link', { name: 'Become a vendor' }).click();
  await expect(page).toHaveURL(/\/become-a-vendor$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Become a vendor' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Become a vendor' });
  await form.getByRole('radio', { name: 'TechStart Inc' }).check();
  await form.getByRole('textbox', { name: 'Vendor name' }).fill('TechStart Labs');
  // The slug is suggested from the name, and stays editable.
  await expect(form.getByRole('textbox', { name: 'Slug' })).toHaveValue(SLUG);

  // Field errors from the payload are shown on their inputs.
  await form.getByRole('textbox', { name: 'Website' }).fill('not a url');
  await form.getByRole('button', { name: 'Create vendor' }).click();
  await expect(form.getByRole('textbox', { name: 'Website' })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Enter a full http(s) URL')).toBeVisible();

  await form.getByRole('textbox', { name: 'Website' }).fill('https://labs.techstart.test');
  await form.getByRole('textbox', { name: 'Support e-mail' }).fill('support@techstart.test');
  await form.getByRole('textbox', { name: 'Description' }).fill('Modules made by the TechStart team.');
  await shot('desktop-become-vendor-form');
  await form.getByRole('button', { name: 'Create vendor' }).click();

  await expect(page).toHaveURL(/\/vendor$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Vendor portal' })).toBeVisible();
  await expect(page.getByTestId('no-access')).toHaveCount(0);
  await expect(page.getByTestId('vendor-card')).toContainText('TechStart Labs');
  await expect(mainNav(page).getByRole('link', { name: 'Vendor portal', exact: true })).toBeVisible();
  await shot('desktop-become-vendor-done');
});

test('a signed-out visit to /become-a-vendor goes to sign-in first', async ({ page }) => {
  await page.goto('/become-a-vendor');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fbecome-a-vendor$/);
});
