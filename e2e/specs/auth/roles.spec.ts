import { accountMenuButton, demo, mainNav, signInAs, signOut, submitSignIn } from '../../fixtures/auth';
import { expect, test } from '../../fixtures/test';

type Area = 'Organization' | 'Vendor portal' | 'Admin';
const AREAS: { label: Area; path: string; heading: RegExp }[] = [
  { label: 'Organization', path: '/org', heading: /Acme Corp|TechStart Inc/ },
  { label: 'Vendor portal', path: '/vendor', heading: /^Vendor portal$/ },
  { label: 'Admin', path: '/admin', heading: /^Platform administration$/ },
];

const CASES: { who: keyof typeof demo; sees: Area[] }[] = [
  { who: 'admin', sees: ['Vendor portal', 'Admin'] }, // runs the official vendor, no org
  { who: 'alice', sees: ['Organization', 'Vendor portal'] },
  { who: 'tom', sees: ['Organization'] },
  { who: 'dev', sees: ['Organization'] },
  { who: 'viewer', sees: ['Organization'] },
  { who: 'john', sees: ['Vendor portal'] },
];

test.describe('areas by role', () => {
  for (const { who, sees } of CASES) {
    const refused = AREAS.filter((a) => !sees.includes(a.label)).map((a) => a.label);
    test(`${demo[who].email} sees Storefront + ${sees.join(' + ')}; refused ${refused.join(', ') || 'nothing'}`, async ({ page, shot }) => {
      await signInAs(page, demo[who].email);
      const nav = mainNav(page);
      await expect(nav.getByRole('link', { name: 'Storefront' })).toBeVisible();
      for (const area of AREAS) {
        const link = nav.getByRole('link', { name: area.label, exact: true });
        if (sees.includes(area.label)) await expect(link).toBeVisible();
        else await expect(link).toHaveCount(0);
      }
      await shot(`desktop-home-${who}`);

      // The header is not the only gate: opening each area directly is allowed or refused alike.
      for (const area of AREAS) {
        await page.goto(area.path);
        if (sees.includes(area.label)) {
          await expect(page.getByRole('heading', { level: 1, name: area.heading })).toBeVisible();
          await expect(page.getByTestId('no-access')).toHaveCount(0);
        } else {
          await expect(page.getByRole('heading', { level: 1, name: "You don't have access to this area" })).toBeVisible();
        }
      }
    });
  }

  test('alice opening /admin gets the no-access page, not the admin area', async ({ page, shot }) => {
    await signInAs(page, demo.alice.email);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/admin$/);
    const refused = page.getByTestId('no-access');
    await expect(refused.getByRole('heading', { level: 1 })).toHaveText("You don't have access to this area");
    await expect(refused).toContainText('403');
    await expect(refused).toContainText(demo.alice.email);
    await expect(page.getByRole('heading', { name: 'Platform administration' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Validation queue' })).toHaveCount(0);
    await shot('desktop-no-access-alice-admin');
    await page.getByRole('link', { name: 'Go to the storefront' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('a signed-out visit to /org redirects to sign-in, then back to /org after signing in', async ({ page }) => {
    await page.goto('/org');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Forg$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await submitSignIn(page, demo.dev.email, 'demo-password');
    await expect(page).toHaveURL(/\/org$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Acme Corp' })).toBeVisible();
    await expect(page.getByTestId('org-role')).toHaveText('Developer');
    await expect(page.getByTestId('effective-permissions')).toContainText('Manage instances');
  });

  test('a wrong password shows the error on the form and signs nobody in', async ({ page, shot }) => {
    await page.goto('/sign-in');
    await submitSignIn(page, demo.tom.email, 'not-the-password');
    const password = page.getByRole('form', { name: 'Sign in' }).getByRole('textbox', { name: 'Password', exact: true });
    await expect(page.getByText('Wrong e-mail or password.')).toBeVisible();
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(accountMenuButton(page)).toHaveCount(0);
    await shot('desktop-sign-in-wrong-password');
  });

  test('the account menu shows who is signed in, and signing out returns to the signed-out header', async ({ page, shot }) => {
    await signInAs(page, demo.viewer.email);
    await accountMenuButton(page).click();
    const details = page.getByTestId('user-menu-details');
    await expect(details).toContainText(demo.viewer.email);
    await expect(details).toContainText('User');
    await expect(details).toContainText('Viewer · Acme Corp');
    await shot('desktop-account-menu-viewer');
    await page.getByRole('menuitem', { name: 'Sign out' }).click();

    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create account' })).toBeVisible();
    await expect(accountMenuButton(page)).toHaveCount(0);
    await expect(mainNav(page).getByRole('link', { name: 'Organization' })).toHaveCount(0);
    await expect(page).toHaveURL(/\/$/);
    // The session is really gone, not just hidden.
    await page.goto('/org');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Forg$/);
  });

  test('signing out from a protected area lands on the storefront', async ({ page }) => {
    await signInAs(page, demo.alice.email, { next: '/vendor' });
    await expect(page.getByRole('heading', { level: 1, name: 'Vendor portal' })).toBeVisible();
    await expect(page.getByTestId('vendor-card')).toContainText('DevShop Solutions');
    await signOut(page);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: /Extend your platform/ })).toBeVisible();
  });
});
