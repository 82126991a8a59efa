import type { Page } from '@playwright/test';
import { hashPassword } from '@wk/db';
import { accountMenuButton, signInAs, submitSignIn } from '../../fixtures/auth';
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

// Issue 13, "Profile page": change the password (the current one is asked; other sessions end) and
// change the e-mail (re-verified through a link sent to the new address; the old address is told).
test('the profile changes the password and, once the new address is confirmed, the e-mail', async ({ page, browser, shot }) => {
  test.setTimeout(300_000);
  const email = uniqueEmail('profile');
  const newEmail = uniqueEmail('profile-new');
  // A verified account, made through Prisma (sign-up and verification have their own journey).
  const passwordHash = await hashPassword('first-password-1');
  await withDb((db) => db.user.create({ data: { name: 'Paula Profile', email, passwordHash, emailVerifiedAt: new Date() } }));

  // Another browser, signed in: changing the password ends that session.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, email, { password: 'first-password-1' });

  // The profile, from the account menu.
  await signInAs(page, email, { password: 'first-password-1' });
  await accountMenuButton(page).click();
  await page.getByRole('menuitem', { name: 'Your profile' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await expect(page.getByRole('region', { name: 'E-mail address' }).getByText('Verified', { exact: true })).toBeVisible();
  await shot('accounts-profile');
  await atPhoneWidth(page, () => shot('accounts-profile-phone'));

  // Change the password: a wrong current password is refused on its field (from the payload).
  const pw = page.getByRole('form', { name: 'Change password' });
  await pw.getByLabel('Current password').fill('not-my-password');
  await pw.getByLabel('New password').fill('second-password-2');
  await pw.getByRole('button', { name: 'Change password' }).click();
  await expect(pw.getByText('This is not your current password.')).toBeVisible();
  await shot('accounts-profile-wrong-password');
  await pw.getByLabel('Current password').fill('first-password-1');
  await pw.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password was changed. Your other sessions were signed out.')).toBeVisible();
  await expect(pw.getByLabel('Current password')).toHaveValue('');

  // This session stays; the other browser's session is over.
  await page.reload();
  await expect(accountMenuButton(page)).toBeVisible();
  await otherPage.reload();
  await expect(otherPage.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(accountMenuButton(otherPage)).toHaveCount(0);
  await other.close();

  // Change the e-mail: the password is asked; a link goes to the new address.
  const em = page.getByRole('form', { name: 'Change e-mail' });
  await em.getByLabel('New e-mail address').fill(newEmail);
  await em.getByLabel('Current password').fill('first-password-1');
  await em.getByRole('button', { name: 'Send a confirmation link' }).click();
  await expect(em.getByText('This is not your current password.')).toBeVisible();
  await em.getByLabel('Current password').fill('second-password-2');
  await em.getByRole('button', { name: 'Send a confirmation link' }).click();
  await expect(page.getByTestId('pending-email')).toContainText(newEmail);
  // Until the link is opened, the address is unchanged.
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await shot('accounts-profile-email-pending');

  const mail = await waitForMail(newEmail, /^Confirm your new e-mail address$/);
  await page.goto(linkIn(mail, '/verify-email'));
  await expect(page.getByTestId('email-verified')).toContainText(newEmail);
  await page.getByRole('link', { name: 'Go to the storefront' }).click();
  await page.goto('/account');
  await expect(page.getByTestId('account-email')).toHaveText(newEmail);
  await expect(page.getByTestId('pending-email')).toHaveCount(0);
  await shot('accounts-profile-email-changed');

  // The old address was told; the new address and password sign in, the old address does not.
  const told = await waitForMail(email, /^Your e-mail address was changed$/);
  expect(told.text).toContain(newEmail);
  const stored = await withDb((db) => db.user.findFirst({ where: { email: newEmail } }));
  expect(stored?.emailVerifiedAt).not.toBeNull();
  const fresh = await browser.newContext();
  const signIn = await fresh.newPage();
  await signIn.goto('/sign-in');
  await submitSignIn(signIn, email, 'second-password-2');
  await expect(signIn.getByText('Wrong e-mail or password.')).toBeVisible();
  await submitSignIn(signIn, newEmail, 'second-password-2');
  await expect(accountMenuButton(signIn)).toBeVisible();
  await fresh.close();
});
