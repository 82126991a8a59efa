import fs from 'node:fs';
import { verifyLicenseFile, type KeySet } from '@wk/verify';
import { demo, signInAs } from '../../fixtures/auth';
import { withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

/**
 * Issue 17: an org admin downloads the signed offline license file of a license; the file verifies
 * with @wk/verify against the published key set, and the page shows its validity and entitlements.
 * It only issues a file (an audit row): no data other journeys read is changed.
 */
test.describe('offline license file', () => {
  test('an org admin downloads a license file that verifies, and the page shows its validity and entitlements', async ({ page, shot }) => {
    await signInAs(page, demo.alice.email);
    // Seed license 1 (Acme, CRM Pro) is renewed by the job worker at start: wait until it is usable now.
    await expect
      .poll(() => withDb(async (db) => (await db.license.findUniqueOrThrow({ where: { id: 1 } })).expiresAt!.getTime()), {
        timeout: 60_000,
      })
      .toBeGreaterThan(Date.now());
    await page.goto('/org/licenses/1');
    const card = page.getByRole('region', { name: 'Offline license file' });
    await expect(card).toBeVisible();

    const downloading = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Download license file' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('MODLIC-CRM-101-ABC123.license.json');
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));

    const keys = (await (await page.request.get('/.well-known/webkernel-keys.json')).json()) as KeySet;
    const verified = verifyLicenseFile(file, keys);
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const payload = verified.value;
    expect(payload.licenseKey).toBe('MODLIC-CRM-101-ABC123');
    expect(payload.module.slug).toBe('crm-pro');
    expect(payload.entitlements).toEqual(['support:priority', 'updates']);
    // A tampered copy fails.
    expect(verifyLicenseFile({ ...file, payload: { ...file.payload, maxInstances: 999 } }, keys).ok).toBe(false);

    // The page says what the file says: valid-until, entitlements, the key that signed it.
    const result = card.getByTestId('license-file-result');
    await expect(result).toContainText('Downloaded MODLIC-CRM-101-ABC123.license.json');
    await expect(card.getByTestId('license-file-valid-until').locator('time')).toHaveAttribute('dateTime', payload.validUntil);
    await expect(card.getByTestId('license-file-entitlements')).toHaveText(/support:priority\s*updates/);
    await expect(result).toContainText(verified.kid);
    await shot('license-file-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('license-file-390');
  });

  test('a viewer cannot download it, and the instance page shows each activation’s heartbeat', async ({ page, shot }) => {
    await signInAs(page, demo.viewer.email);
    await page.goto('/org/licenses/1');
    const card = page.getByRole('region', { name: 'Offline license file' });
    await expect(card).toContainText('Members who manage licenses can download it.');
    await expect(card.getByRole('button', { name: 'Download license file' })).toHaveCount(0);

    // Acme Production (seed instance 1): its modules' plans are node-locked, and the demo instances send no heartbeats.
    await page.goto('/org/instances/1');
    const cell = page.getByTestId('active-module-row').first().getByTestId('heartbeat-cell');
    await expect(cell).toContainText('No heartbeat yet');
    await expect(cell).toContainText('Node-locked seat: held until deactivated');
    await shot('instance-heartbeat-1280');
  });
});
