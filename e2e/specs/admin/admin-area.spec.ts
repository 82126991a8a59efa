import { signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, SLOW, test } from '../../fixtures/test';

/**
 * The platform admin's tools besides reviews: the queue, vendors and their commission history,
 * softwares and core versions, tax rules, coupons and the audit log. Data made here is either
 * unique to this spec or cleaned up, so the storefront and checkout specs see the demo data.
 */
const tag = Date.now().toString(36).toUpperCase();

test('the admin manages vendors, commission, softwares, tax rules and coupons, and finds it all in the audit log', async ({
  page,
  shot,
}) => {
  test.setTimeout(120_000 * SLOW);
  const vendor = await withDb(async (db) => {
    const v = await db.vendor.create({
      data: {
        name: `E2E Vendor ${tag}`,
        slug: `e2e-vendor-${tag.toLowerCase()}`,
        commissionRate: '0.3000',
        createdAt: new Date(Date.now() - 86400_000),
      },
    });
    await db.commissionHistory.create({
      data: { vendorId: v.id, effectiveFrom: v.createdAt, commissionRate: '0.3000', changedAt: v.createdAt },
    });
    return v;
  });

  await signInAs(page, 'admin@webkernel.com', { next: '/admin/validation' });
  await expect(page.getByRole('heading', { level: 1, name: 'Validation queue' })).toBeVisible();
  await expect(page.getByTestId('queue-row').filter({ hasText: 'Analytics Pro 2.1.0' })).toBeVisible();
  await shot('desktop-admin-validation-queue');

  // Vendors: verify the new vendor and change its commission (the history keeps both periods).
  await page.goto(`/admin/vendors?q=${encodeURIComponent(vendor.slug)}`);
  const row = page.getByTestId('admin-vendor-row').filter({ hasText: vendor.name });
  await expect(row).toContainText('30 %');
  await row.getByRole('button', { name: `Verify ${vendor.name}` }).click();
  await expect(row.getByText('Verified', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Commission of ${vendor.name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Commission of ${vendor.name}` });
  await dialog.getByRole('textbox', { name: 'New rate (%)' }).fill('150');
  await dialog.getByRole('button', { name: 'Change commission' }).click();
  await expect(dialog.getByText(/between 0 and 1/)).toBeVisible();
  await dialog.getByRole('textbox', { name: 'New rate (%)' }).fill('22.5');
  await dialog.getByRole('button', { name: 'Change commission' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('22.5 %');
  await row.getByRole('button', { name: `Commission of ${vendor.name}` }).click();
  await expect(dialog.getByTestId('commission-history-row')).toHaveCount(2);
  await expect(dialog.getByTestId('commission-history-row').first()).toContainText('22.5 %');
  await expect(dialog.getByTestId('commission-history-row').first()).toContainText('System Admin');
  await shot('desktop-admin-vendor-commission');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Softwares & cores: register a software, add a core (pending), validate it, then deactivate the software.
  await page.goto('/admin/softwares');
  await expect(page.getByTestId('software-card').filter({ hasText: 'Webkernel' })).toContainText('2.0.0');
  await page.getByRole('button', { name: 'Register a software' }).click();
  const sw = page.getByRole('form', { name: 'Register a software' });
  await sw.getByRole('textbox', { name: 'Name', exact: true }).fill(`E2E Kernel ${tag}`);
  await sw.getByRole('textbox', { name: 'Slug' }).fill(`e2e-kernel-${tag.toLowerCase()}`);
  await sw.getByRole('button', { name: 'Register' }).click();
  const card = page.getByTestId('software-card').filter({ hasText: `E2E Kernel ${tag}` });
  await card.getByRole('button', { name: 'Add core version' }).click();
  const core = page.getByRole('form', { name: 'New core version' });
  await core.getByRole('textbox', { name: 'Version' }).fill('1.0');
  await core.getByRole('button', { name: 'Add core version' }).click();
  await expect(core.getByText(/not a semantic version/)).toBeVisible();
  await core.getByRole('textbox', { name: 'Version' }).fill('1.0.0');
  await core.getByRole('textbox', { name: 'Hash' }).fill('ab'.repeat(32));
  await core.getByRole('button', { name: 'Add core version' }).click();
  await expect(card.getByTestId('core-row')).toContainText('Pending');
  await card.getByRole('button', { name: `Status of E2E Kernel ${tag} 1.0.0: Pending` }).click();
  await page.getByRole('menuitem', { name: 'Mark validated' }).click();
  await expect(card.getByTestId('core-row')).toContainText('Validated');
  await shot('desktop-admin-softwares');
  await card.getByRole('switch', { name: 'Active' }).click({ force: true });
  await expect(card.getByRole('switch', { name: 'Active' })).not.toBeChecked();

  // Tax rules: an overlapping rule is refused; create one and delete it.
  await page.goto('/admin/tax-rules');
  await expect(page.getByTestId('tax-rule-row').filter({ hasText: 'GB' })).toContainText('20 %');
  await page.getByRole('button', { name: 'New tax rule' }).click();
  const tax = page.getByRole('form', { name: 'Tax rule' });
  await tax.getByRole('textbox', { name: 'Country' }).fill('GB');
  await tax.getByRole('textbox', { name: 'Tax name' }).fill('VAT');
  await tax.getByRole('textbox', { name: 'Rate (%)' }).fill('17.5');
  await tax.getByLabel('Effective from').fill('2030-01-01T00:00');
  await tax.getByRole('button', { name: 'Create rule' }).click();
  await expect(tax.getByText(/already applies/)).toBeVisible();
  await tax.getByRole('textbox', { name: 'Country' }).fill('IS');
  await tax.getByRole('textbox', { name: 'Tax name' }).fill(`VSK ${tag}`);
  await tax.getByRole('button', { name: 'Create rule' }).click();
  const isRow = page.getByTestId('tax-rule-row').filter({ hasText: `VSK ${tag}` });
  await expect(isRow).toContainText('17.5 %');
  await shot('desktop-admin-tax-rules');
  await isRow.getByRole('button', { name: `Delete VSK ${tag} IS` }).click();
  await expect(isRow).toHaveCount(0);

  // Coupons: codes are unique whatever the case; create, then delete (never used).
  await page.goto('/admin/coupons');
  await expect(page.getByTestId('coupon-row').filter({ hasText: 'CUSTOM100' })).toBeVisible();
  await page.getByRole('button', { name: 'New coupon' }).click();
  const coupon = page.getByRole('form', { name: 'Coupon', exact: true });
  await coupon.getByRole('textbox', { name: 'Code' }).fill('annual20');
  await coupon.getByRole('textbox', { name: 'Percent' }).fill('15');
  await coupon.getByRole('button', { name: 'Create coupon' }).click();
  await expect(coupon.getByText(/already used/)).toBeVisible();
  await coupon.getByRole('textbox', { name: 'Code' }).fill(`E2E${tag}`);
  await coupon.getByRole('button', { name: 'Create coupon' }).click();
  const cRow = page.getByTestId('coupon-row').filter({ hasText: `E2E${tag}` });
  await expect(cRow).toContainText('15 %');
  await shot('desktop-admin-coupons');
  await cRow.getByRole('button', { name: `Delete E2E${tag}` }).click();
  await expect(cRow).toHaveCount(0);

  // Audit log: the coupon's creation and deletion, with their values.
  await page.goto('/admin/audit-log?entity=coupon&user=admin%40webkernel.com');
  const entries = page.getByTestId('audit-row');
  await expect(entries.first()).toContainText('delete');
  await expect(entries.nth(1)).toContainText('create');
  await entries
    .first()
    .getByRole('button', { name: /Values of entry/ })
    .click();
  await expect(page.getByText(`"code": "E2E${tag}"`).first()).toBeVisible();
  await shot('desktop-admin-audit-log');

  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/admin/validation');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await shot('mobile-admin-validation-queue');
});
