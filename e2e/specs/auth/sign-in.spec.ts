import { accountMenuButton, demo, mainNav, submitSignIn } from '../../fixtures/auth';
import { uniqueEmail } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

test.describe('sign-in and sign-up', () => {
  test('sign-up shows field errors, answers "check your inbox" for a new and a taken e-mail alike, and the new person signs in', async ({
    page,
    shot,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    await page.getByRole('link', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/sign-up$/);
    const form = page.getByRole('form', { name: 'Create account' });

    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByText('Enter your name.')).toBeVisible();
    await expect(form.getByText('Enter your e-mail address.')).toBeVisible();
    await expect(form.getByText('Use at least 10 characters.')).toBeVisible();
    await expect(form.getByLabel('Full name')).toBeFocused();
    await shot('desktop-sign-up-errors');

    // A taken e-mail gets the same answer as a new one (nothing is revealed), and no session starts.
    await form.getByLabel('Full name').fill('Erin Example');
    await form.getByLabel('E-mail').fill(demo.alice.email);
    await form.getByRole('textbox', { name: 'Password', exact: true }).fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible();
    await expect(accountMenuButton(page)).toHaveCount(0);
    await shot('desktop-sign-up-check-inbox');

    // A new person signs in with the new account (unverified: a banner asks to verify).
    const email = uniqueEmail('erin');
    await page.goto('/sign-up');
    await form.getByLabel('Full name').fill('Erin Example');
    await form.getByLabel('E-mail').fill(email);
    await form.getByRole('textbox', { name: 'Password', exact: true }).fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to sign in' }).click();
    await submitSignIn(page, email, 'a-long-enough-password');
    await expect(accountMenuButton(page)).toHaveAccessibleName('Account menu: Erin Example');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('verify-email-banner')).toBeVisible();
    // A new person belongs to no org and runs no vendor yet.
    await expect(mainNav(page).getByRole('link')).toHaveText(['Storefront']);
  });

  test('after too many failed attempts the form says so prominently', async ({ page, shot }) => {
    const email = uniqueEmail('locked'); // the limit counts failures per e-mail, known or not
    await page.goto('/sign-in');
    for (let i = 0; i < 5; i++) {
      await submitSignIn(page, email, `wrong-password-${i}`);
      await expect(page.getByText('Wrong e-mail or password.')).toBeVisible();
    }
    await submitSignIn(page, email, 'wrong-password-again');
    const alert = page.getByTestId('too-many-attempts');
    await expect(alert).toBeVisible();
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).toContainText('Too many sign-in attempts');
    await expect(alert).toContainText(/Try again in \d+ minute/);
    await shot('desktop-sign-in-too-many-attempts');
  });

  test('next= only ever leads to a page of this site', async ({ page }) => {
    await page.goto('/sign-in?next=https%3A%2F%2Fevil.example%2F');
    await submitSignIn(page, demo.tom.email, 'demo-password');
    await expect(accountMenuButton(page)).toBeVisible();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);

    // Signed in already: /sign-in forwards to next (here a protected page) straight away.
    await page.goto('/sign-in?next=%2Forg');
    await expect(page).toHaveURL(/\/org$/);
    await expect(page.getByRole('heading', { level: 1, name: 'TechStart Inc' })).toBeVisible();
  });
});
