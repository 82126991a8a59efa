import type { Page } from '@playwright/test';
import { hashPassword } from '@wk/db';
import { accountMenuButton, signInAs, submitSignIn } from '../../fixtures/auth';
import { uniqueEmail, withDb } from '../../fixtures/db';
import { waitForMail } from '../../fixtures/mail';
import { expect as baseExpect, test } from '../../fixtures/test';

// A whole journey on a shared, busy machine: give each step more time than the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const PASSWORD = 'sessions-journey-pw';

async function openProfile(page: Page) {
  await accountMenuButton(page).click();
  await page.getByRole('menuitem', { name: 'Your profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
}

// Issue 18, "Session security": a user sees where they are signed in and their recent sign-ins, is
// e-mailed about a sign-in from a new device, and ends that other session, which is signed out.
test('a user sees a sign-in from a new device, is e-mailed about it, and ends that session', async ({ page, browser, shot }) => {
  test.setTimeout(300_000);
  const email = uniqueEmail('sessions');
  const passwordHash = await hashPassword(PASSWORD);
  await withDb((db) => db.user.create({ data: { name: 'Sam Sessions', email, passwordHash, emailVerifiedAt: new Date() } }));

  // The usual laptop (the account's first sign-in: nothing to compare with, no e-mail).
  await signInAs(page, email, { password: PASSWORD });

  // Someone signs in from a Firefox on Windows, after one wrong password.
  const other = await browser.newContext({ userAgent: FIREFOX_WINDOWS });
  const otherPage = await other.newPage();
  await otherPage.goto('/sign-in');
  await submitSignIn(otherPage, email, 'not-the-password');
  await expect(otherPage.getByText('Wrong e-mail or password.')).toBeVisible();
  await submitSignIn(otherPage, email, PASSWORD);
  await expect(accountMenuButton(otherPage)).toBeVisible();

  // The owner is told by e-mail.
  const mail = await waitForMail(email, /^New sign-in to your account$/);
  expect(mail.text).toContain('Device:  Firefox 133 on Windows');

  // The profile lists both sessions (this one marked) and the three attempts.
  await openProfile(page);
  const sessions = page.getByRole('region', { name: 'Where you are signed in' });
  const rows = sessions.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Firefox 133 on Windows' })).toHaveCount(1);
  const signIns = page.getByRole('region', { name: 'Recent sign-ins' }).getByTestId('sign-in-row');
  await expect(signIns).toHaveCount(3);
  await expect(signIns.nth(0)).toContainText('Signed in');
  await expect(signIns.nth(0)).toContainText('Firefox 133 on Windows');
  await expect(signIns.nth(1)).toContainText('Wrong password');
  await shot('account-sessions');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('account-sessions-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // End the Firefox session: it is gone from the list, and that browser is signed out.
  await sessions.getByRole('button', { name: /^End the session on Firefox 133 on Windows/ }).click();
  await expect(page.getByText('The session on Firefox 133 on Windows was ended.')).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(sessions).toContainText('You are signed in only here.');
  await shot('account-session-ended');
  await otherPage.goto('/org');
  await expect(otherPage).toHaveURL(/\/sign-in\?next=%2Forg$/);
  await expect(accountMenuButton(otherPage)).toHaveCount(0);
  await other.close();

  // This browser is still signed in, and the audit log has the row.
  await page.reload();
  await expect(accountMenuButton(page)).toBeVisible();
  const audit = await withDb((db) => db.auditLog.count({ where: { actionType: 'session_end', user: { email } } }));
  expect(audit).toBe(1);
});
