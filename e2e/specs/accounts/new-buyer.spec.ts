import type { Page } from '@playwright/test';
import { accountMenuButton, submitSignIn } from '../../fixtures/auth';
import { uniqueEmail, withDb } from '../../fixtures/db';
import { linkIn, waitForMail } from '../../fixtures/mail';
import { expect as baseExpect, test } from '../../fixtures/test';

// Whole journeys on a shared, busy machine: give each step more time than the default 10 s.
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

// Issue 13, journey 1: a brand-new sign-up verifies the e-mail read from the outbox folder, creates an
// organization billed from FR without a tax id, adds the 4242 card and buys CRM Pro Monthly with 20 % VAT
// shown. They then upgrade to Annual, see the prorated amount, and see both receipts.
test('a new sign-up verifies the e-mail, creates an org billed from FR, adds a card, buys CRM Pro Monthly with 20 % VAT and upgrades to Annual', async ({
  page,
  shot,
}) => {
  test.setTimeout(420_000);
  const email = uniqueEmail('newbuyer');
  const password = 'new-buyer-password';

  // Sign up: the answer is "check your inbox", and no session starts.
  await page.goto('/');
  await page.getByRole('link', { name: 'Create account' }).click();
  const form = page.getByRole('form', { name: 'Create account' });
  await form.getByLabel('Full name').fill('Noémie Nouvelle');
  await form.getByLabel('E-mail').fill(email);
  await form.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible();
  await expect(page.getByTestId('sign-up-sent')).toContainText(email);
  await expect(accountMenuButton(page)).toHaveCount(0);
  await shot('accounts-sign-up-check-inbox');

  // Unverified people may sign in and browse; a banner asks them to verify.
  await page.getByRole('link', { name: 'Go to sign in' }).click();
  await submitSignIn(page, email, password);
  await expect(accountMenuButton(page)).toBeVisible();
  await expect(page.getByTestId('verify-email-banner')).toContainText(email);
  await shot('accounts-unverified-banner');

  // Checkout without an organization offers to create one.
  await page.goto('/modules/crm-pro');
  await page.getByRole('link', { name: 'Buy the Monthly plan' }).click();
  await expect(page.getByText('You cannot buy modules yet')).toBeVisible();
  await page.getByRole('link', { name: 'Create an organization' }).click();
  await expect(page).toHaveURL(/\/org\/new\?next=/);

  // Create the organization: billed from France, no tax id. A wrong tax id is refused first.
  const orgForm = page.getByRole('form', { name: 'Create an organization' });
  await orgForm.getByRole('textbox', { name: 'Organization name' }).fill('Nouvelle Studio');
  await expect(orgForm.getByRole('textbox', { name: 'URL name' })).toHaveValue('nouvelle-studio');
  await orgForm.getByRole('textbox', { name: 'URL name' }).fill(`nouvelle-${Date.now()}`);
  await orgForm.getByRole('combobox', { name: 'Billing country' }).fill('France');
  await page.getByRole('option', { name: 'France (FR)' }).click();
  await orgForm.getByRole('textbox', { name: 'Tax id' }).fill('FR123');
  await orgForm.getByRole('button', { name: 'Create organization' }).click();
  await expect(orgForm.getByText('This is not a valid tax id for France.')).toBeVisible();
  await shot('accounts-org-create-tax-id-error');
  await atPhoneWidth(page, () => shot('accounts-org-create-phone'));
  await orgForm.getByRole('textbox', { name: 'Tax id' }).fill('');
  await orgForm.getByRole('button', { name: 'Create organization' }).click();

  // Back at checkout, which now asks for the verified e-mail.
  await expect(page).toHaveURL(/\/checkout\/crm-pro$/);
  await expect(page.getByTestId('checkout-unverified')).toContainText('Verify your e-mail address to buy');
  await shot('accounts-checkout-unverified');
  const org = await withDb((db) =>
    db.organization.findFirstOrThrow({ where: { name: 'Nouvelle Studio' }, include: { memberships: { include: { user: true } } } }),
  );
  expect(org).toMatchObject({ billingCountry: 'FR', taxId: null });
  expect(org.memberships.map((m) => [m.user.email, m.role])).toEqual([[email, 'admin']]);

  // The verification e-mail, read from the outbox folder.
  const mail = await waitForMail(email, /^Verify your e-mail address$/);
  await page.goto(linkIn(mail, '/verify-email'));
  await expect(page.getByTestId('email-verified')).toContainText(email);
  await shot('accounts-email-verified');
  await expect(page.getByTestId('verify-email-banner')).toHaveCount(0);

  // Payment methods, from the org home: add the 4242 test card (the first card is the default).
  await page.goto('/org');
  await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle Studio' })).toBeVisible();
  await page.getByRole('link', { name: 'Open payment methods' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payment methods' })).toBeVisible();
  await expect(page.getByText('No card yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add a card' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a card' });
  await dialog.getByRole('textbox', { name: 'Card number' }).fill('4000 0000 0000 0002');
  await dialog.getByRole('textbox', { name: 'Month' }).fill('12');
  await dialog.getByRole('textbox', { name: 'Year' }).fill('2031');
  await dialog.getByRole('textbox', { name: 'CVC' }).fill('123');
  await dialog.getByRole('button', { name: 'Add card' }).click();
  await expect(dialog.getByText('The card was declined.')).toBeVisible();
  await shot('accounts-card-declined');
  await dialog.getByRole('textbox', { name: 'Card number' }).fill('4242 4242 4242 4242');
  await dialog.getByRole('button', { name: 'Add card' }).click();
  await expect(dialog).toHaveCount(0);
  const row = page.getByTestId('payment-method-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Visa ending 4242');
  await expect(row).toContainText('Default');
  await expect(row).toContainText('12/2031');
  await shot('accounts-payment-methods');
  await atPhoneWidth(page, () => shot('accounts-payment-methods-phone'));
  const stored = await withDb((db) => db.paymentMethod.findMany({ where: { orgId: org.id } }));
  expect(stored).toHaveLength(1);
  expect(stored[0]!.id).toMatch(/^pm_/);
  expect(JSON.stringify(stored)).not.toContain('4242424242424242');

  // Buy CRM Pro Monthly: 20 % French VAT on 49.00, paid with the stored card.
  await page.goto('/modules/crm-pro');
  await page.getByRole('link', { name: 'Buy the Monthly plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Buy CRM Pro' })).toBeVisible();
  const summary = page.getByTestId('order-summary');
  await expect(summary).toContainText('VAT (20%)');
  await expect(summary).toContainText(/9\.80/);
  await expect(summary.getByTestId('order-total')).toHaveText(/^(US)?\$58\.80$/);
  await expect(page.getByRole('radio', { name: 'Visa ending 4242' })).toBeChecked();
  await page.getByRole('checkbox', { name: /I accept the license agreement/ }).check();
  await shot('accounts-checkout-fr-vat');
  await atPhoneWidth(page, () => shot('accounts-checkout-fr-vat-phone'));
  await page.getByTestId('pay-button').click();
  await expect(page).toHaveURL(/\/checkout\/crm-pro\/complete\/\d+$/);
  await expect(page.getByTestId('paid-total')).toHaveText(/^(US)?\$58\.80$/);
  await shot('accounts-first-purchase-complete');

  const purchase = await withDb((db) => db.purchase.findFirstOrThrow({ where: { orgId: org.id } }));
  expect(purchase.taxAmount.toFixed(2)).toBe('9.80');
  expect(purchase.paymentMethodId).toBe(stored[0]!.id);

  // Upgrade to Annual from the license page: the unused part of the month is credited, and French VAT
  // applies to what is charged now.
  await page.getByRole('link', { name: 'View the license' }).click();
  await expect(page).toHaveURL(/\/org\/licenses\/\d+$/);
  const key = (await page.getByTestId('license-key').textContent())!.trim();
  await page.getByRole('combobox', { name: 'New plan' }).click();
  await page.getByRole('option', { name: /^Annual/ }).click();
  const preview = page.getByTestId('plan-change-preview');
  await expect(preview).toContainText('Upgrade');
  await expect(preview).toContainText('Credit for the unused part of Monthly');
  const shownTotal = (await page.getByTestId('plan-change-total').textContent())!.trim();
  await shot('accounts-upgrade-preview');
  await atPhoneWidth(page, () => shot('accounts-upgrade-preview-phone'));
  await page.getByTestId('confirm-plan-change').click();
  await expect(page.getByText(/Plan upgraded\. Receipt INV-\d{4}-\d{6}\./)).toBeVisible();
  await expect(page.getByTestId('license-key')).toHaveText(key);

  // The charge is exactly what the preview said: (490.00 − credit) + 20 % VAT (half-up), to the cent.
  const purchases = await withDb((db) =>
    db.purchase.findMany({ where: { orgId: org.id }, orderBy: { id: 'asc' }, include: { invoice: true } }),
  );
  expect(purchases.map((p) => p.kind)).toEqual(['new', 'upgrade']);
  const upgrade = purchases[1]!;
  const netCents = Math.round(Number(upgrade.subtotalAmount.minus(upgrade.discountAmount).toFixed(2)) * 100);
  // The credit is at most the 49.00 just paid for the month (the whole of it, an instant after buying).
  expect(netCents).toBeGreaterThanOrEqual(49_000 - 4_900);
  expect(netCents).toBeLessThan(49_000);
  expect(upgrade.taxAmount.toFixed(2)).toBe((Math.floor((netCents * 20 + 50) / 100) / 100).toFixed(2));
  expect(upgrade.totalAmount.toFixed(2)).toBe(((netCents + Math.floor((netCents * 20 + 50) / 100)) / 100).toFixed(2));
  expect(shownTotal.replace(/^(US)?\$/, '').replace(',', '')).toBe(upgrade.totalAmount.toFixed(2));
  const numbers = purchases.map((p) => p.invoice!.number);

  // Both receipts, on the license page and in the organization's billing history.
  const receipts = page.getByRole('region', { name: 'Receipts' });
  await expect(receipts.getByTestId('receipt-link')).toHaveCount(2);
  for (const n of numbers) await expect(receipts).toContainText(n);
  await expect(receipts).toContainText('58.80');
  await expect(receipts).toContainText(upgrade.totalAmount.toFixed(2));
  await shot('accounts-upgrade-both-receipts');
  await page.goto('/org/billing');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing history' })).toBeVisible();
  for (const n of numbers) await expect(page.getByTestId('billing-row').filter({ hasText: n })).toHaveCount(1);
  await shot('accounts-billing-history-two-receipts');
});
