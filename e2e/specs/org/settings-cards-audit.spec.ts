import type { Page } from '@playwright/test';
import { hashPassword } from '@wk/db';
import { signInAs } from '../../fixtures/auth';
import { uniqueEmail, withDb } from '../../fixtures/db';
import { expect as baseExpect, test } from '../../fixtures/test';

// A whole journey on a shared, busy machine: give each step more time than the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function atPhoneWidth(page: Page, fn: () => Promise<void>) {
  await page.setViewportSize(PHONE);
  try {
    await fn();
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

async function addCard(page: Page, number: string, opts: { makeDefault?: boolean } = {}) {
  await page.getByRole('button', { name: 'Add a card' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a card' });
  await dialog.getByRole('textbox', { name: 'Card number' }).fill(number);
  await dialog.getByRole('textbox', { name: 'Month' }).fill('11');
  await dialog.getByRole('textbox', { name: 'Year' }).fill('2032');
  await dialog.getByRole('textbox', { name: 'CVC' }).fill('321');
  if (opts.makeDefault) await dialog.getByRole('checkbox', { name: 'Make it the default card' }).check();
  await dialog.getByRole('button', { name: 'Add card' }).click();
  await expect(dialog).toHaveCount(0);
}

// Issue 13, "Org settings", "Payment methods page" and "Org audit log": an org admin renames the
// organization and changes its billing identity (a malformed tax id is refused on its field), keeps
// two cards, moves the default and removes the old one, then finds each change in the org's own
// audit log, filtered by action, with the values before and after.
test('an org admin edits the settings, manages cards, and reads each change in the org audit log', async ({ page, shot }) => {
  test.setTimeout(300_000);
  const email = uniqueEmail('orgadmin');
  const passwordHash = await hashPassword('org-admin-password');
  // A verified account, made through Prisma (sign-up has its own journey).
  await withDb((db) => db.user.create({ data: { name: 'Oscar Owner', email, passwordHash, emailVerifiedAt: new Date() } }));
  await signInAs(page, email, { password: 'org-admin-password' });

  // The organization, created from the org home of a user without one.
  await page.goto('/org');
  await page.getByRole('link', { name: 'Create an organization' }).click();
  const createForm = page.getByRole('form', { name: 'Create an organization' });
  await createForm.getByRole('textbox', { name: 'Organization name' }).fill('Owner Works');
  const slug = `owner-works-${Date.now()}`;
  await createForm.getByRole('textbox', { name: 'URL name' }).fill(slug);
  await createForm.getByRole('combobox', { name: 'Billing country' }).fill('France');
  await page.getByRole('option', { name: 'France (FR)' }).click();
  await createForm.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Owner Works' })).toBeVisible();
  const org = await withDb((db) => db.organization.findUniqueOrThrow({ where: { slug } }));

  // Settings: a malformed German VAT number is refused on its field and nothing is saved.
  await page.getByRole('link', { name: 'Open settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organization settings' })).toBeVisible();
  const settings = page.getByRole('form', { name: 'Organization settings' });
  await expect(settings.getByRole('textbox', { name: 'Organization name' })).toHaveValue('Owner Works');
  await settings.getByRole('textbox', { name: 'Organization name' }).fill('Owner Works GmbH');
  await settings.getByRole('combobox', { name: 'Billing country' }).fill('Germany');
  await page.getByRole('option', { name: 'Germany (DE)' }).click();
  await settings.getByRole('textbox', { name: 'Tax id' }).fill('DE12');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByText(/not a valid tax id for Germany/)).toBeVisible();
  await shot('org-settings-tax-id-error');
  expect(await withDb((db) => db.organization.findUniqueOrThrow({ where: { id: org.id } }))).toMatchObject({
    name: 'Owner Works',
    billingCountry: 'FR',
    taxId: null,
  });

  // A well-formed one is saved, with the new name and country.
  await settings.getByRole('textbox', { name: 'Tax id' }).fill('DE123456789');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  // The header's org switcher and the breadcrumb follow the new name.
  await expect(page.getByTestId('org-switcher')).toHaveValue('Owner Works GmbH');
  await expect(page.getByRole('link', { name: 'Owner Works GmbH', exact: true })).toBeVisible();
  expect(await withDb((db) => db.organization.findUniqueOrThrow({ where: { id: org.id } }))).toMatchObject({
    name: 'Owner Works GmbH',
    billingCountry: 'DE',
    taxId: 'DE123456789',
  });
  await shot('org-settings-saved');
  await atPhoneWidth(page, () => shot('org-settings-phone'));

  // Payment methods: the first card becomes the default; a second one is made the default; the
  // first is then removed.
  await page.goto('/org');
  await page.getByRole('link', { name: 'Open payment methods' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payment methods' })).toBeVisible();
  await addCard(page, '4242 4242 4242 4242');
  await addCard(page, '5555 5555 5555 4444');
  const rows = page.getByTestId('payment-method-row');
  await expect(rows).toHaveCount(2);
  const visa = rows.filter({ hasText: 'Visa ending 4242' });
  const mastercard = rows.filter({ hasText: 'Mastercard ending 4444' });
  await expect(visa).toContainText('Default');
  await expect(mastercard).not.toContainText('Default');
  await page.getByRole('button', { name: 'Make Mastercard ending 4444 the default' }).click();
  await expect(page.getByText('Mastercard ending 4444 is now the default card.')).toBeVisible();
  await expect(mastercard).toContainText('Default');
  await expect(visa).not.toContainText('Default');
  await shot('org-cards-default-moved');
  await page.getByRole('button', { name: 'Remove Visa ending 4242' }).click();
  await expect(page.getByText('Visa ending 4242 was removed.')).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Mastercard ending 4444');
  await expect(rows.first()).toContainText('Default');
  const cards = await withDb((db) => db.paymentMethod.findMany({ where: { orgId: org.id } }));
  expect(cards.map((c) => [c.last4, c.isDefault])).toEqual([['4444', true]]);
  await atPhoneWidth(page, () => shot('org-cards-phone'));

  // The org audit log holds each change, and only this organization's.
  await page.goto('/org');
  await page.getByRole('link', { name: 'Open audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const auditRows = page.getByTestId('audit-row');
  await expect(auditRows.first()).toBeVisible();
  const expected = await withDb((db) => db.auditLog.count({ where: { orgId: org.id } }));
  // organization and membership created, settings updated, two cards added, one default set, one removed
  expect(expected).toBeGreaterThanOrEqual(7);
  await expect(page.getByText(new RegExp(`^${expected} entries; showing ${Math.min(expected, 50)}$`))).toBeVisible();
  await shot('org-audit-log');

  // Filtered by action: the one removal, with the card's values before.
  await page.getByRole('combobox', { name: 'Action' }).click();
  await page.getByRole('option', { name: 'delete', exact: true }).click();
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(auditRows).toHaveCount(1);
  await expect(auditRows.first()).toContainText('payment_method');
  await expect(auditRows.first()).toContainText(email);
  await auditRows
    .first()
    .getByRole('button', { name: /^Values of entry/ })
    .click();
  await expect(page.getByText('"label": "Visa ending 4242"')).toBeVisible();
  await shot('org-audit-log-filtered');
  await atPhoneWidth(page, () => shot('org-audit-log-phone'));

  // The settings change, with the values before and after.
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('combobox', { name: 'Action' }).click();
  await page.getByRole('option', { name: 'update', exact: true }).click();
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(auditRows.filter({ hasText: 'organization' })).toHaveCount(1);
  await auditRows
    .filter({ hasText: 'organization' })
    .getByRole('button', { name: /^Values of entry/ })
    .click();
  await expect(page.getByText('"name": "Owner Works GmbH"')).toBeVisible();
  await expect(page.locator('pre', { hasText: /"name": "Owner Works"\s*[,}]/ })).toBeVisible(); // before
});
