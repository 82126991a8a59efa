import { hashPassword } from '@wk/db';
import { accountMenuButton, submitSignIn } from '../../fixtures/auth';
import { uniqueEmail, withDb } from '../../fixtures/db';
import { linkIn, waitForMail } from '../../fixtures/mail';
import { expect as baseExpect, test } from '../../fixtures/test';

// Whole journeys on a shared, busy machine: give each step more time than the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });

// Issue 13, journey 4: a password reset ends an old session.
test('a password reset ends the session of another browser', async ({ page, browser, shot }) => {
  test.setTimeout(300_000);
  const email = uniqueEmail('reset');
  // A verified account, made through Prisma (sign-up and verification have their own journey).
  const passwordHash = await hashPassword('old-password-1');
  await withDb((db) => db.user.create({ data: { name: 'Rita Reset', email, passwordHash, emailVerifiedAt: new Date() } }));

  // The "old" session: another browser, signed in.
  const other = await browser.newContext();
  const old = await other.newPage();
  await old.goto('/sign-in');
  await submitSignIn(old, email, 'old-password-1');
  await expect(accountMenuButton(old)).toBeVisible();

  // Forgot password, from the sign-in form.
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  const form = page.getByRole('form', { name: 'Reset your password' });
  await form.getByLabel('E-mail').fill(email);
  await form.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByTestId('reset-requested')).toContainText('If an account uses this address');
  await shot('accounts-reset-requested');

  const mail = await waitForMail(email, /^Reset your password$/);
  await page.goto(linkIn(mail, '/reset-password'));
  const reset = page.getByRole('form', { name: 'Choose a new password' });
  await reset.getByLabel('New password').fill('short');
  await reset.getByRole('button', { name: 'Save the new password' }).click();
  await expect(reset.getByText('Use at least 10 characters.')).toBeVisible();
  await reset.getByLabel('New password').fill('new-password-2');
  await shot('accounts-reset-form');
  await reset.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // The old session is over: its next request finds it signed out.
  await old.reload();
  await expect(old.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(accountMenuButton(old)).toHaveCount(0);
  await shot('accounts-old-session-ended', old);
  await other.close();

  // The old password no longer works; the new one does. The link works once.
  await submitSignIn(page, email, 'old-password-1');
  await expect(page.getByText('Wrong e-mail or password.')).toBeVisible();
  await submitSignIn(page, email, 'new-password-2');
  await expect(accountMenuButton(page)).toBeVisible();
  await page.goto(linkIn(mail, '/reset-password'));
  await page.getByRole('form', { name: 'Choose a new password' }).getByLabel('New password').fill('third-password-3');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('alert')).toContainText('already used');
});
