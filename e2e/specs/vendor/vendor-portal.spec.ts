import { signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

/**
 * The vendor portal as DevShop Solutions (Alice): portal navigation, a dashboard with true
 * figures, the Sales table agreeing with the chart even when a purchase and a renewal share a
 * numeric id, and replying to a review that buyers then see under it.
 */
const SAME_ID = 880001;

test.beforeAll(async () => {
  // A purchase and a renewal of DevShop's Custom ERP this month, both numbered 880001 (ids are per table).
  await withDb(async (db) => {
    const now = new Date();
    await db.purchase.create({
      data: {
        id: SAME_ID,
        moduleId: 2,
        vendorId: 2,
        pricingPlanId: 4,
        orgId: 102,
        purchasedById: 43,
        currency: 'USD',
        subtotalAmount: '450.00',
        totalAmount: '450.00',
        commissionRate: '0.3000',
        commissionAmount: '135.00',
        vendorAmount: '315.00',
        customDays: 1,
        status: 'completed',
        purchasedAt: new Date(now.getTime() - 60_000),
      },
    });
    const license = await db.license.create({
      data: {
        purchaseId: SAME_ID,
        moduleId: 2,
        pricingPlanId: 4,
        orgId: 102,
        licenseKey: `MODLIC-ERP-102-E2E${SAME_ID}`,
        startsAt: now,
        status: 'active',
      },
    });
    const renewal = await db.subscriptionRenewal.create({
      data: {
        id: SAME_ID,
        licenseId: license.id,
        renewedAt: now,
        periodStart: now,
        currency: 'USD',
        amount: '900.00',
        totalAmount: '900.00',
        commissionAmount: '270.00',
        vendorAmount: '630.00',
        status: 'active',
      },
    });
    await db.invoice.create({
      data: {
        number: `INV-${now.getUTCFullYear()}-E2E${SAME_ID}`,
        orgId: 102,
        renewalId: renewal.id,
        currency: 'USD',
        lines: [],
        subtotalAmount: '900.00',
        discountAmount: '0.00',
        taxAmount: '0.00',
        totalAmount: '900.00',
        billingName: 'TechStart Inc',
        billingCountry: 'FR',
      },
    });
  });
});

const cents = (s: string) => {
  const [i = '0', f = ''] = s.split('.');
  return Number(i) * 100 + Number((f + '00').slice(0, 2));
};

test('the vendor goes from the portal home to Sales, and the table agrees with the chart', async ({ page, shot }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'alice@acme.test', { next: '/vendor' });
  await expect(page.getByRole('heading', { level: 1, name: 'Vendor portal' })).toBeVisible();
  const portal = page.getByRole('navigation', { name: 'Vendor portal' });
  for (const label of ['Dashboard', 'Modules', 'Sales', 'Payouts', 'Usage & errors', 'Reviews', 'API tokens', 'Profile'])
    await expect(portal.getByRole('link', { name: label, exact: true })).toBeVisible();
  await expect(portal.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  const revenueFigure = page.getByTestId('figure-revenue');
  await expect(revenueFigure).toContainText('$');
  await expect(page.getByTestId('figure-reviews')).toContainText('awaiting your reply');
  await shot('desktop-vendor-portal-dashboard');

  await portal.getByRole('link', { name: 'Sales', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sales' })).toBeVisible();
  await expect(portal.getByRole('link', { name: 'Sales', exact: true })).toHaveAttribute('aria-current', 'page');

  // Both sales numbered 880001 show, each with its own amount.
  await expect(page.locator(`[data-sale-id="purchase:${SAME_ID}"]`)).toContainText('$450.00');
  await expect(page.locator(`[data-sale-id="renewal:${SAME_ID}"]`)).toContainText('$900.00');
  await expect(page.locator(`[data-sale-id="renewal:${SAME_ID}"]`)).toContainText('Renewal');

  // Every sale of this month is in the table (load more until the month is complete), and they add up to the chart's figure.
  const stat = page.getByTestId('stat-gross-this-month');
  const month = (await stat.getAttribute('data-month'))!;
  const chartCents = cents((await stat.getAttribute('data-amount'))!);
  const chartCount = Number(await stat.getAttribute('data-count'));
  const more = page.getByRole('button', { name: 'Load more' });
  while (await more.isVisible()) {
    const n = await page.getByTestId('sale-row').count();
    await more.click();
    await expect.poll(() => page.getByTestId('sale-row').count()).toBeGreaterThan(n);
  }
  const rows = await page
    .getByTestId('sale-row')
    .evaluateAll((els) => els.map((e) => ({ at: e.getAttribute('data-sold-at')!, gross: e.getAttribute('data-gross')! })));
  const thisMonth = rows.filter((r) => r.at.startsWith(month));
  expect(thisMonth.length).toBe(chartCount);
  expect(thisMonth.reduce((sum, r) => sum + cents(r.gross), 0)).toBe(chartCents);
  // The dashboard's revenue figure is the same number.
  await shot('desktop-vendor-sales');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('phone-vendor-sales');
  await portal.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('figure-revenue')).toContainText(
    `$${(chartCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
  );
  await shot('phone-vendor-portal-dashboard');
});

test('the vendor replies to a review, edits the reply, and buyers see it under the review', async ({ page, shot }) => {
  test.setTimeout(90_000);
  await signInAs(page, 'alice@acme.test', { next: '/vendor/reviews' });
  await expect(page.getByRole('heading', { level: 1, name: 'Reviews' })).toBeVisible();
  const review = page.getByTestId('vendor-review').filter({ hasText: 'Tailored to us' });
  await review.getByRole('button', { name: 'Reply' }).click();
  await review.getByRole('button', { name: 'Post reply' }).click();
  await expect(review.getByText('Write a reply.')).toBeVisible();
  await review.getByLabel('Your public reply').fill('Thank you, Tom! Purchasing approvals ship next month.');
  await review.getByRole('button', { name: 'Post reply' }).click();
  await expect(review.getByTestId('vendor-reply')).toContainText('Thank you, Tom! Purchasing approvals ship next month.');
  await review.getByRole('button', { name: 'Edit reply' }).click();
  await review.getByLabel('Your public reply').fill('Thank you, Tom! Purchasing approvals shipped in 2.1.');
  await review.getByRole('button', { name: 'Save reply' }).click();
  await expect(review.getByTestId('vendor-reply')).toContainText('approvals shipped in 2.1.');
  await expect(review.getByTestId('vendor-reply')).toContainText('edited');
  await shot('desktop-vendor-reviews');

  await page.goto('/modules/custom-erp#reviews');
  const published = page.getByRole('article').filter({ hasText: 'Tailored to us' });
  await expect(published.getByTestId('review-vendor-reply')).toContainText('Reply from DevShop Solutions');
  await expect(published.getByTestId('review-vendor-reply')).toContainText('Purchasing approvals shipped in 2.1.');
  // Alice's org (Acme) never licensed Custom ERP: no form, and the reason.
  await expect(page.getByRole('form', { name: 'Write a review' })).toHaveCount(0);
  await expect(page.getByTestId('review-not-allowed')).toContainText('Only customers can review a module');
  await page.getByTestId('review-not-allowed').scrollIntoViewIfNeeded();
  await shot('desktop-module-review-reply');
});
