import { accountMenuButton, demo, mainNav, signInAs, submitSignIn } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

test('a session ended on the server sends the next protected page to sign-in, and back after signing in', async ({ page }) => {
  await signInAs(page, demo.tom.email);
  await expect(mainNav(page).getByRole('link', { name: 'Organization' })).toBeVisible();

  // The session ends elsewhere (revoked, expired): the open page does not know yet.
  await withDb((db) =>
    db.session.updateMany({ where: { user: { email: demo.tom.email }, revokedAt: null }, data: { revokedAt: new Date() } }),
  );

  // Client-side navigation (no reload): the area's own query finds no session.
  await mainNav(page).getByRole('link', { name: 'Organization' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forg$/);
  await expect(accountMenuButton(page)).toHaveCount(0);

  await submitSignIn(page, demo.tom.email, 'demo-password');
  await expect(page).toHaveURL(/\/org$/);
  await expect(page.getByRole('heading', { level: 1, name: 'TechStart Inc' })).toBeVisible();
});
