import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

test.describe('ratings and reviews', () => {
  test.afterAll(async () => {
    // Put Alice's seeded 5-star review back for other journeys.
    await withDb(async (db) => {
      await db.moduleReview.update({
        where: { id: 1 },
        data: { rating: 5, title: 'Our sales team lives in it', body: 'Fast, reliable, and the 1.1 export saved us hours.' },
      });
      await db.module.update({ where: { id: 1 }, data: { ratingAverage: '4.50', ratingCount: 2 } });
    });
  });

  test('a visitor reads reviews; a customer updates theirs and the average follows', async ({ page }) => {
    await page.goto('/modules/crm-pro');
    const reviews = page
      .getByRole('region', { name: /^Reviews/ })
      .or(page.locator('section', { has: page.getByRole('heading', { name: /^Reviews/ }) }));
    await expect(reviews.getByText('Our sales team lives in it')).toBeVisible();
    await expect(reviews.getByText('Solid CRM')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Write a review' })).toHaveCount(0);

    await signInAs(page, demo.alice.email, { next: '/modules/crm-pro' });
    await page.goto('/modules/crm-pro');
    const form = page.getByRole('form', { name: 'Write a review' });
    await expect(form).toBeVisible();
    const three = form.locator('input[type="radio"][value="3"]').first();
    // The page is server-rendered: the radio's id is read again if hydration re-renders the form meanwhile.
    await expect(async () => {
      await form.locator(`label[for="${await three.getAttribute('id')}"]`).click({ timeout: 2_000 });
      await expect(three).toBeChecked({ timeout: 1_000 });
    }).toPass();
    await form.getByLabel('Title', { exact: true }).fill('Good, but pipelines could be faster');
    await form.getByLabel('Review', { exact: true }).fill('Solid module; large pipelines load slowly.');
    await form.getByRole('button', { name: 'Submit review' }).click();
    await expect(form.getByRole('status')).toHaveText('Thanks, your review is saved.');
    await expect(page.getByText('Good, but pipelines could be faster')).toBeVisible();
    await page.screenshot({ path: 'screenshots/desktop-module-reviews.png', fullPage: true });

    const stored = await withDb((db) =>
      db.module.findUniqueOrThrow({ where: { slug: 'crm-pro' }, select: { ratingAverage: true, ratingCount: true } }),
    );
    expect([stored.ratingAverage?.toFixed(2), stored.ratingCount]).toEqual(['3.50', 2]);
  });
});
