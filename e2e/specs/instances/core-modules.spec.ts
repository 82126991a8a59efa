import { signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

/**
 * Core modules: the platform admin makes CRM Pro core for Webkernel; the catalog and the module
 * page say it is built in; on a Webkernel instance without an activation of its own it is listed
 * as built in, with no Deactivate action; the admin then makes it ordinary again. The suite shares
 * one database, so the mark is removed at the end whatever happens.
 */
let instanceId = 0;
const name = `Acme Core ${Date.now().toString(36)}`;

test.beforeAll(async () => {
  instanceId = await withDb(
    async (db) => (await db.instance.create({ data: { orgId: 101, name, environment: 'development', coreId: 3 } })).id,
  );
});

test.afterAll(async () => {
  await withDb(async (db) => {
    await db.softwareCoreModule.deleteMany({ where: { moduleId: 1 } });
    await db.instance.update({ where: { id: instanceId }, data: { isActive: false } });
  });
});

test('an admin makes CRM Pro core: the storefront and the instance page show it built in, then it is made ordinary again', async ({
  page,
  shot,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, 'admin@webkernel.com', { next: '/admin/softwares' });
  const card = page.getByTestId('software-card').filter({ hasText: 'Webkernel' }).first();
  const section = card.getByTestId('core-modules');
  await expect(section.getByText('No core modules.')).toBeVisible();
  await section.getByRole('combobox', { name: 'Make a module core' }).click();
  await page.getByRole('option', { name: 'CRM Pro' }).click();
  await section.getByRole('button', { name: 'Make core' }).click();
  const row = section.getByTestId('core-module-row').filter({ hasText: 'CRM Pro' });
  await expect(row).toContainText('Webkernel Labs');
  await expect(row).toContainText('by System Admin');
  await row.scrollIntoViewIfNeeded();
  await shot('desktop-admin-core-modules');

  // The storefront says so, on the card and on the module page.
  // The first storefront page of this browser: lazy chunks and a cold catalog on a shared, loaded machine.
  await page.goto('/modules?q=CRM');
  await expect(page.getByRole('article').filter({ hasText: 'CRM Pro' }).getByText('Built into Webkernel')).toBeVisible({ timeout: 30_000 });
  await page.goto('/modules/crm-pro');
  const notice = page.getByTestId('built-in-notice');
  await expect(notice).toContainText('Built into Webkernel');
  await expect(notice).toContainText('active on every Webkernel instance, without a license');
  // CRM Pro runs on Webkernel only: there is nothing to buy, so the plans have no Buy button.
  await expect(notice).toContainText('It runs on no other software, so it cannot be bought.');
  await expect(page.getByTestId('plan-card').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /^(Buy|Get) the .+ plan$/ })).toHaveCount(0);
  await shot('desktop-module-page-built-in');

  // Acme's admin sees it on an instance where CRM Pro was never activated: built in, no Deactivate.
  await page.context().clearCookies();
  await signInAs(page, 'alice@acme.test', { next: `/org/instances/${instanceId}` });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const builtIn = page.getByTestId('built-in-module-row').filter({ hasText: 'CRM Pro' });
  await expect(builtIn).toContainText('Built in');
  await expect(builtIn).toContainText('1.1.0');
  await expect(builtIn).toContainText('no license needed');
  await expect(builtIn.getByRole('button', { name: /Deactivate/ })).toHaveCount(0);
  await shot('desktop-instance-built-in-module');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(builtIn).toBeVisible();
  await shot('mobile-instance-built-in-module');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The admin makes it an ordinary module again.
  await page.context().clearCookies();
  await signInAs(page, 'admin@webkernel.com', { next: '/admin/softwares' });
  await section.getByRole('button', { name: 'Make CRM Pro an ordinary module' }).click();
  await expect(section.getByText('No core modules.')).toBeVisible();
  await page.goto(`/modules/crm-pro`);
  await expect(page.getByRole('heading', { level: 1, name: 'CRM Pro' })).toBeVisible();
  await expect(page.getByTestId('built-in-notice')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Buy the Monthly plan' })).toBeVisible();
});
