import type { APIRequestContext, Page } from '@playwright/test';
import { signInAs, signOut } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, SLOW, test } from '../../fixtures/test';

/**
 * Monitoring (issue 15) and usage per feature (issue 18): TechStart's instances report usage with
 * latency histograms and feature counts through the instance API; DevShop (alice) sees the error
 * rate, p95 and p99 per module version × core version and the feature counts of Custom ERP, adds
 * an alert rule, and is notified once when the error rate rises above it.
 */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
type Cred = { keyId: string; secret: string };

async function newCredential(page: Page, instanceId: number): Promise<Cred> {
  await page.goto(`/org/instances/${instanceId}`);
  await page.getByRole('tab', { name: 'API credentials' }).click();
  await page.getByRole('button', { name: 'New credentials' }).first().click();
  const form = page.getByRole('form', { name: 'New API credentials' });
  await form.getByLabel('Name').fill('e2e monitoring');
  await form.getByRole('button', { name: 'Create' }).click();
  const created = page.getByTestId('new-credential');
  const keyId = (await created.getByTestId('new-key-id').textContent())!;
  const secret = (await created.getByTestId('new-secret').textContent())!;
  await created.getByRole('button', { name: 'I have stored the secret' }).click();
  return { keyId, secret };
}

async function report(request: APIRequestContext, cred: Cred, body: unknown) {
  const res = await request.post('/api/instance/v1/usage', {
    headers: { Authorization: `Basic ${Buffer.from(`${cred.keyId}:${cred.secret}`).toString('base64')}` },
    data: body,
  });
  expect(res.status(), await res.text()).toBe(200);
}

test('reports arrive; the vendor sees error rate, p95/p99 per version × core and feature counts, adds an alert rule and is notified once', async ({
  page,
  shot,
  request,
}) => {
  test.setTimeout(180_000 * SLOW);
  // A second TechStart install of Custom ERP 1.0.0, on core 2.0.0 (the seed's runs on 1.9.5).
  const nodeId = await withDb(async (db) => {
    const core = await db.softwareCore.findFirstOrThrow({ where: { version: '2.0.0' } });
    const erp = await db.module.findUniqueOrThrow({ where: { slug: 'custom-erp' }, include: { versions: true } });
    const license = await db.license.findFirstOrThrow({ where: { orgId: 102, moduleId: erp.id } });
    const inst = await db.instance.create({ data: { orgId: 102, coreId: core.id, name: 'E2E monitoring node', environment: 'staging' } });
    await db.instanceModule.create({
      data: { instanceId: inst.id, licenseId: license.id, moduleId: erp.id, moduleVersionId: erp.versions[0]!.id, moduleHash: 'e2e' },
    });
    return inst.id;
  });

  await signInAs(page, 'tom@techstart.test', { next: '/org/instances' });
  const main = await newCredential(page, 3); // TechStart Main, core 1.9.5
  const node = await newCredential(page, nodeId);
  await signOut(page);

  const base = { module: 'custom-erp', activeUsers: 12 };
  await report(request, main, {
    metrics: [
      {
        ...base,
        date: day(-1),
        apiCalls: 800,
        errors: 4,
        latencyHistogram: { '50': 500, '100': 250, '300': 40, '1000': 10 },
        features: { 'invoice.create': 120, 'report.export': 12 },
      },
      { ...base, date: day(0), apiCalls: 400, errors: 2, latencyHistogram: { '50': 300, '100': 100 }, features: { 'invoice.create': 60 } },
    ],
  });
  await report(request, node, {
    ...base,
    date: day(0),
    apiCalls: 200,
    errors: 3,
    latencyHistogram: { '100': 150, '500': 40, '2000': 10 },
    features: { 'invoice.create': 30, 'payroll.run': 7 },
  });
  // An older instance: no histogram, no features (still accepted).
  await report(request, node, { ...base, date: day(-1), apiCalls: 100, errors: 1, avgResponseTimeMs: 250 });

  // The vendor finds the page from the portal's menu.
  await signInAs(page, 'alice@acme.test', { next: '/vendor' });
  await page.getByRole('navigation', { name: 'Vendor portal' }).getByRole('link', { name: 'Usage & errors' }).click();
  await page.getByRole('link', { name: 'Custom ERP' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Custom ERP: usage and errors' })).toBeVisible();

  const rows = page.getByTestId('vendor-usage-group');
  await expect(rows).toHaveCount(2);
  // 1.0.0 on 1.9.5: 6 errors in 1200 calls; merged histogram ≤50: 800, ≤100: 350, ≤300: 40, ≤1000: 10.
  const onOld = rows.filter({ hasText: '1.9.5' });
  await expect(onOld).toContainText('0.50 %');
  await expect(onOld.getByRole('cell').nth(8)).toHaveText('≤ 100 ms'); // p95: the 1140th call
  await expect(onOld.getByRole('cell').nth(9)).toHaveText('≤ 300 ms'); // p99: the 1188th call
  // 1.0.0 on 2.0.0: 4 errors in 300 calls; histogram of 200 calls (the old-shape day has none).
  const onNew = rows.filter({ hasText: '2.0.0' });
  await expect(onNew).toContainText('1.33 %');
  await expect(onNew.getByRole('cell').nth(8)).toHaveText('≤ 500 ms');
  await expect(onNew.getByRole('cell').nth(9)).toHaveText('≤ 2,000 ms');
  await expect(page.getByTestId('error-rate-chart')).toBeVisible();
  await expect(page.getByTestId('latency-chart')).toBeVisible();
  // Feature counts per version: invoice.create 120 + 60 + 30.
  const features = page.getByTestId('feature-row');
  await expect(features.first()).toContainText('invoice.create');
  await expect(features.first()).toContainText('210');
  await expect(features.filter({ hasText: 'payroll.run' })).toContainText('7');

  // Alert rules: none yet; a wrong threshold is refused on its field; then 5 %.
  const panel = page.getByRole('region', { name: 'Alert rules' });
  await expect(panel.getByText('No alert rules yet')).toBeVisible();
  const form = panel.getByRole('form', { name: 'New alert rule' });
  await form.getByRole('textbox', { name: 'Error rate above (%)' }).fill('0');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByText('The threshold is a percent above 0 and at most 100')).toBeVisible();
  await form.getByRole('textbox', { name: 'Error rate above (%)' }).fill('5');
  await form.getByRole('button', { name: 'Add rule' }).click();
  const rule = panel.getByTestId('alert-rule-row');
  await expect(rule).toContainText('Error rate above 5.00 % over a day');
  await expect(rule).toContainText('Watching');
  await shot('desktop-vendor-monitoring');

  // Today's rate rises to 63 errors in 600 calls (10.50 %): one incident; a further report while it holds sends nothing.
  await report(request, main, { ...base, date: day(0), apiCalls: 400, errors: 60 });
  await report(request, main, { ...base, date: day(0), apiCalls: 400, errors: 80 });
  await page.reload();
  await expect(panel.getByTestId('alert-rule-row')).toContainText('Firing');
  await expect(panel.getByTestId('alert-incident')).toHaveCount(1);
  await expect(panel.getByTestId('alert-incident')).toContainText('Error rate 10.50 %');

  await page.goto('/notifications');
  const alerts = page.getByTestId('notification-item').filter({ hasText: 'Custom ERP: error rate' });
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText('Custom ERP: error rate 10.50 % is above 5.00 %');
  await shot('desktop-vendor-monitoring-notification');

  // Phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('phone-vendor-monitoring-notification');
  await alerts.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Custom ERP: usage and errors' })).toBeVisible();
  await expect(page.getByTestId('vendor-usage-group')).toHaveCount(2);
  await shot('phone-vendor-monitoring');
});
