import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import { LicenseKey } from './license-key';

const KEY = 'MODLIC-CRMPRO-7F3A-91C2-44D0';

/** The browser's clipboard, recorded (happy-dom has no system clipboard to read back). */
function recordClipboard() {
  const writeText = vi.fn((_text: string) => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

describe('<LicenseKey> (the license page and the purchase confirmation)', () => {
  it('shows the whole key, nothing hidden, where the buyer can select it', () => {
    renderWithProviders(<LicenseKey value={KEY} />);
    expect(screen.getByTestId('license-key').textContent).toBe(KEY);
  });

  it('the copy button puts exactly the key on the clipboard, then says it was copied', async () => {
    const writeText = recordClipboard();
    renderWithProviders(<LicenseKey value={KEY} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy the license key' }));
    expect(writeText).toHaveBeenCalledTimes(1);
    expect(writeText).toHaveBeenCalledWith(KEY);
    await waitFor(() => expect(screen.getByRole('button', { name: 'License key copied' })).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Copy the license key' })).toBeNull();
  });

  it('without a key (a purchase that did not complete) there is no copy button', () => {
    renderWithProviders(<LicenseKey value={null} />);
    expect(screen.getByTestId('license-key').textContent).toBe('');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
