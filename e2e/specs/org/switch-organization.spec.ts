import { accountMenuButton, submitSignIn } from '../../fixtures/auth';
import { uniqueEmail, withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

test('a member of two organizations switches between them, and the choice is remembered', async ({ page, shot }) => {
  test.setTimeout(120_000);
  // A fresh person (signed up through the UI), then made a member of two orgs with Prisma.
  const email = uniqueEmail('two-orgs');
  await page.goto('/sign-up');
  const form = page.getByRole('form', { name: 'Create account' });
  await form.getByLabel('Full name').fill('Sam Switcher');
  await form.getByLabel('E-mail').fill(email);
  await form.getByRole('textbox', { name: 'Password', exact: true }).fill('switcher-password');
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to sign in' }).click();
  await submitSignIn(page, email, 'switcher-password');
  await expect(accountMenuButton(page)).toBeVisible();

  await withDb(async (db) => {
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const acme = await db.organization.findFirstOrThrow({ where: { name: 'Acme Corp' } });
    const techstart = await db.organization.findFirstOrThrow({ where: { name: 'TechStart Inc' } });
    await db.membership.createMany({
      data: [
        { orgId: acme.id, userId: user.id, role: 'viewer', permissions: [] },
        { orgId: techstart.id, userId: user.id, role: 'developer', permissions: [] },
      ],
    });
  });

  await page.goto('/org'); // a new page load reads the new memberships
  const switcher = page.getByRole('combobox', { name: 'Current organization' });
  await expect(switcher).toBeVisible();
  const first = await switcher.inputValue();
  const other = first === 'Acme Corp' ? 'TechStart Inc' : 'Acme Corp';
  await expect(page.getByRole('heading', { level: 1, name: first })).toBeVisible();

  await switcher.click();
  await page.getByRole('option', { name: other }).click();
  await expect(page.getByRole('heading', { level: 1, name: other })).toBeVisible();
  await expect(page.getByTestId('org-role')).toHaveText(other === 'TechStart Inc' ? 'Developer' : 'Viewer');
  await shot('desktop-org-switched');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: other })).toBeVisible();
  await expect(switcher).toHaveValue(other);
  await accountMenuButton(page).click();
  await expect(page.getByTestId('user-menu-details')).toContainText(`${other === 'TechStart Inc' ? 'Developer' : 'Viewer'} · ${other}`);
});
