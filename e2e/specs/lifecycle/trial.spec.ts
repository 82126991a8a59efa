import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { runJobAt } from '../../fixtures/jobs';
import { expect, test } from '../../fixtures/test';

const TECHSTART = 102;
const DAY = 86_400_000;

test.describe('free trial', () => {
  let planId = 0;
  test.beforeAll(async () => {
    // A $19.00/month plan with a 14-day trial on Analytics Pro (seed 001's trial_days).
    planId = await withDb(
      async (db) =>
        (
          await db.pricingPlan.create({
            data: {
              moduleId: 3,
              planType: 'subscription',
              name: 'Starter',
              priceAmount: '19.00',
              billingCycle: 'monthly',
              trialDays: 14,
              sortOrder: 3,
            },
          })
        ).id,
    );
  });
  test.afterAll(async () => {
    // Off sale again, so other journeys see the demo's plans only.
    await withDb((db) => db.pricingPlan.update({ where: { id: planId }, data: { isActive: false } }));
  });

  test('a trial starts at $0 and converts when the renewal job runs after its end', async ({ page, shot }) => {
    await signInAs(page, demo.tom.email);
    await page.goto('/modules/analytics-pro');
    await page.getByRole('link', { name: 'Start a 14-day free trial of the Starter plan' }).click();
    await expect(page).toHaveURL(/\/checkout\/analytics-pro\?plan=\d+&trial=1$/);
    await expect(page.getByTestId('start-trial')).toBeChecked();

    // "$0.00 today, then $19.00/month from <date>" (TechStart is reverse-charged: no VAT).
    const ends = new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10);
    await expect(page.getByTestId('trial-summary')).toContainText(`$0.00 today, then $19.00/month from ${ends}`);
    await expect(page.getByTestId('order-total')).toHaveText(/^(US)?\$0\.00$/);
    const accept = page.getByRole('checkbox', { name: /I accept the/ });
    if (await accept.count()) await accept.check();
    await page.getByRole('radio', { name: 'Mastercard ending 4444' }).check();
    await expect(page.getByTestId('pay-button')).toHaveText('Start 14-day trial');
    await shot('trial-checkout');
    await page.getByTestId('pay-button').click();

    await expect(page).toHaveURL(/\/complete\/\d+$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Your Analytics Pro trial has started' })).toBeVisible();
    await expect(page.getByTestId('trial-started')).toContainText('nothing charged today');
    await shot('trial-started');
    await page.getByRole('link', { name: 'View the license' }).click();
    await expect(page.getByTestId('trial-alert')).toContainText('Nothing has been charged yet');
    await expect(page.getByTestId('license-status')).toHaveText('Active');
    const licenseId = Number(page.url().split('/').at(-1));
    expect(await withDb((db) => db.payment.count({ where: { orgId: TECHSTART, amount: '19.00' } }))).toBe(0);
    await shot('trial-license');

    // A second trial of the same module is refused.
    await page.goto(`/checkout/analytics-pro?plan=${planId}&trial=1`);
    await expect(
      page.getByText('Your organization already had a free trial of Analytics Pro (one per organization and module).'),
    ).toBeVisible();

    // 15 days later the renewal job charges the card and starts the paid period.
    const report = await runJobAt('license-renewals', new Date(Date.now() + 15 * DAY));
    expect(report.renewed).toBeGreaterThanOrEqual(1);
    await page.goto(`/org/licenses/${licenseId}`);
    await expect(page.getByTestId('license-status')).toHaveText('Active');
    await expect(page.getByTestId('trial-alert')).toHaveCount(0);
    await expect(page.getByTestId('status-history')).toContainText('Trial ended: first payment made');
    await expect(page.getByRole('region', { name: 'Renewals and periods' })).toContainText('$19.00');
    await expect(page.getByTestId('receipt-link')).toHaveCount(2); // the $0 trial receipt and the first charge
    await shot('trial-converted');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('trial-converted-phone');
  });
});
