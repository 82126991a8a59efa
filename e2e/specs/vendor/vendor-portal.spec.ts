import { signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, SLOW, test } from '../../fixtures/test';

/**
 * The vendor portal as DevShop Solutions (Alice): portal navigation, a dashboard with true
 * figures, the Sales table agreeing with the chart even when a purchase and a renewal share a
 * numeric id, and replying to a review that buyers then see under it.
 */
const SAME_ID = 880001;

test.beforeAll(async () => {
  // A purchase and a renewal of DevShop's Custom ERP this month, both numbered 880001 (ids are per table).
  await withDb(async (db) => {
    // Playwright runs beforeAll again in a new worker after a failure: insert once.
    if (await db.purchase.findUnique({ where: { id: SAME_ID } })) return;
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

/** "-833.33" → -83333: exact cents of a decimal string, negative amounts (refunds) included. */
const cents = (s: string) => {
  const negative = s.trim().startsWith('-');
  const [i = '0', f = ''] = s.trim().replace(/^-/, '').split('.');
  const magnitude = Number(i) * 100 + Number((f + '00').slice(0, 2));
  return negative ? -magnitude : magnitude;
};

test('the vendor goes from the portal home to Sales, and the table agrees with the chart', async ({ page, shot }) => {
  test.setTimeout(120_000 * SLOW);
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
  // The CSV export of this month has the same sales, both 880001s included, to the cent.
  const exportCard = page.getByRole('region', { name: 'Export sales' });
  const today = new Date().toISOString().slice(0, 10);
  await exportCard.getByLabel('From').fill(`${month}-01`);
  await exportCard.getByLabel('To').fill(today);
  const [download] = await Promise.all([page.waitForEvent('download'), exportCard.getByRole('link', { name: 'Export CSV' }).click()]);
  const file = await download.path();
  const csv = (await import('node:fs')).readFileSync(file!, 'utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('sale_id,kind,record_id,sold_at,module,plan,buyer,currency,gross,commission,net');
  expect(csv.find((l) => l.startsWith(`purchase:${SAME_ID},`))).toMatch(/,USD,450\.00,135\.00,315\.00$/);
  expect(csv.find((l) => l.startsWith(`renewal:${SAME_ID},`))).toMatch(/,USD,900\.00,270\.00,630\.00$/);
  expect(csv.length - 1).toBe(chartCount);
  expect(csv.slice(1).reduce((sum, l) => sum + cents(l.split(',').at(-3)!), 0)).toBe(chartCents);
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
  test.setTimeout(90_000 * SLOW);
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
  // The module page is the heaviest query of the product: give it time on a loaded machine.
  await expect(page.getByRole('heading', { level: 1, name: 'Custom ERP' })).toBeVisible({ timeout: 45_000 });
  const published = page.getByRole('article').filter({ hasText: 'Tailored to us' });
  await expect(published.getByTestId('review-vendor-reply')).toContainText('Reply from DevShop Solutions');
  await expect(published.getByTestId('review-vendor-reply')).toContainText('Purchasing approvals shipped in 2.1.');
  // Alice's org (Acme) never licensed Custom ERP: no form, and the reason.
  await expect(page.getByRole('form', { name: 'Write a review' })).toHaveCount(0);
  await expect(page.getByTestId('review-not-allowed')).toContainText('Only customers can review a module');
  await page.getByTestId('review-not-allowed').scrollIntoViewIfNeeded();
  await shot('desktop-module-review-reply');
});

/** A solid-colour RGB PNG, encoded here (zlib + CRC-32) so the test needs no image library. */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deflateSync } = require('node:zlib') as typeof import('node:zlib');
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('the vendor uploads screenshots, sets support links and previews the listing; a buyer sees them', async ({ page, shot }) => {
  test.setTimeout(150_000 * SLOW);
  await signInAs(page, 'alice@acme.test', { next: '/vendor' });
  const portal = page.getByRole('navigation', { name: 'Vendor portal' });
  await portal.getByRole('link', { name: 'Modules', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Modules' })).toBeVisible();
  await page.getByRole('link', { name: 'Custom ERP', exact: true }).click();
  await page.getByRole('tab', { name: 'Listing' }).click();

  const add = page.getByRole('form', { name: 'Add a screenshot' });
  // A text file named .png is refused by its content.
  await add
    .locator('input[type="file"]')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text, not an image') });
  await add.getByLabel('Alt text').fill('Not really an image');
  await add.getByRole('button', { name: 'Upload screenshot' }).click();
  await expect(add.getByText('Upload a PNG, JPEG or WebP image (the file content is not one).')).toBeVisible();

  for (const [name, colour, alt] of [
    ['orders.png', [37, 99, 235], 'Purchase orders awaiting approval'],
    ['stock.png', [22, 163, 74], 'Stock levels per warehouse'],
  ] as const) {
    await add.locator('input[type="file"]').setInputFiles({ name, mimeType: 'image/png', buffer: solidPng(960, 600, [...colour]) });
    await add.getByLabel('Alt text').fill(alt);
    await add.getByRole('button', { name: 'Upload screenshot' }).click();
    await expect(page.getByRole('img', { name: alt })).toBeVisible();
  }
  await expect(page.getByTestId('vendor-screenshot')).toHaveCount(2);
  // Put the stock screenshot first.
  await page.getByRole('button', { name: 'Move screenshot 2 earlier' }).click();
  await expect(page.getByTestId('vendor-screenshot').first().getByRole('img')).toHaveAttribute('alt', 'Stock levels per warehouse');

  const links = page.getByRole('form', { name: 'Support and links' });
  await links.getByLabel('Documentation').fill('not a url');
  await links.getByRole('button', { name: 'Save links' }).click();
  await expect(links.getByText('Enter the full http(s) URL of the documentation.')).toBeVisible();
  await links.getByLabel('Support e-mail').fill('erp-support@devshop.test');
  await links.getByLabel('Documentation').fill('https://docs.devshop.test/erp');
  await links.getByLabel('Issue tracker').fill('https://git.devshop.test/erp/issues');
  await links.getByLabel('Privacy policy').fill('https://devshop.test/privacy');
  await links.getByRole('button', { name: 'Save links' }).click();
  await expect(page.getByText('Links saved')).toBeVisible();
  await shot('desktop-vendor-listing-screenshots');

  await page.getByRole('link', { name: 'Preview the listing as buyers see it' }).click();
  await expect(page.getByTestId('listing-preview-banner')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Custom ERP' })).toBeVisible();
  await expect(page.getByTestId('module-screenshots').getByRole('img')).toHaveCount(2);
  await expect(page.getByTestId('module-support')).toContainText('erp-support@devshop.test');
  await shot('desktop-vendor-listing-preview');

  // A buyer (signed out) sees the same screenshots and links on the public page.
  await page.context().clearCookies();
  await page.goto('/modules/custom-erp');
  await expect(page.getByRole('heading', { level: 1, name: 'Custom ERP' })).toBeVisible({ timeout: 45_000 });
  const shots = page.getByTestId('module-screenshots').getByRole('img');
  await expect(shots).toHaveCount(2);
  await expect(shots.first()).toHaveAttribute('alt', 'Stock levels per warehouse');
  expect(await shots.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(960);
  const support = page.getByTestId('module-support');
  await expect(support.getByRole('link', { name: 'erp-support@devshop.test' })).toHaveAttribute('href', 'mailto:erp-support@devshop.test');
  await expect(support.getByRole('link', { name: 'https://docs.devshop.test/erp' })).toBeVisible();
  await expect(support.getByRole('link', { name: 'https://devshop.test/privacy' })).toBeVisible();
  await page.getByRole('heading', { name: 'Overview' }).scrollIntoViewIfNeeded();
  await shot('desktop-module-screenshots-support');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('phone-module-screenshots-support');
});
