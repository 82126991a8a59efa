import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../../test/render';
import type { LicenseDetail } from './license-detail.types';
import { LicenseKeyCard } from './license-key-card';

const KEY = 'MODLIC-CRMPRO-7F3A-91C2-44D0';

/** The fields the key card reads; the rest of the detail query does not matter here. */
function license(over: Partial<Record<keyof LicenseDetail, unknown>> = {}): LicenseDetail {
  return {
    licenseKey: KEY,
    startsAt: '2026-01-15T10:00:00.000Z',
    expiresAt: '2027-01-15T10:00:00.000Z',
    inTrial: false,
    autoRenew: true,
    cancelledAt: null,
    isUsable: true,
    userLimit: null,
    nextRenewalPrice: null,
    plan: { id: 1, name: 'Annual', billingCycle: 'yearly', maxInstances: 3, price: { amount: '490.00', currency: 'USD' } },
    ...over,
  } as unknown as LicenseDetail;
}

/** The value next to a fact's label. */
function fact(card: HTMLElement, label: string) {
  const row = within(card).getByText(label).parentElement!;
  return row.lastElementChild!.textContent;
}

describe('<LicenseKeyCard> (license page)', () => {
  it('is a section named by its heading, with the whole key and a copy button', () => {
    renderWithProviders(<LicenseKeyCard license={license()} />);
    const card = screen.getByRole('region', { name: 'License key' });
    expect(within(card).getByTestId('license-key').textContent).toBe(KEY);
    expect(within(card).getByRole('button', { name: 'Copy the license key' })).toBeTruthy();
  });

  it('a renewing license shows when it renews, its price per period, the instances allowed and that it is usable', () => {
    renderWithProviders(<LicenseKeyCard license={license()} />);
    const card = screen.getByRole('region', { name: 'License key' });
    expect(within(card).queryByText('Expires')).toBeNull();
    expect(fact(card, 'Renews')).toMatch(/2027/);
    expect(fact(card, 'Price')).toBe('$490.00 per year');
    expect(fact(card, 'Instances allowed')).toBe('3');
    expect(fact(card, 'Usable now')).toBe('Yes');
  });

  it('the price is what this license pays at renewal (a protected price), not the plan’s new price', () => {
    renderWithProviders(
      <LicenseKeyCard
        license={license({
          plan: { id: 2, name: 'Monthly', billingCycle: 'monthly', maxInstances: null, price: { amount: '59.00', currency: 'USD' } },
          nextRenewalPrice: { price: { amount: '49.00', currency: 'USD' } },
        })}
      />,
    );
    const card = screen.getByRole('region', { name: 'License key' });
    expect(fact(card, 'Price')).toBe('$49.00 per month');
    expect(within(card).queryByText('Instances allowed')).toBeNull();
  });

  it('a cancelled license says when it expires and that it is no longer usable', () => {
    renderWithProviders(<LicenseKeyCard license={license({ cancelledAt: '2026-03-01T00:00:00.000Z', isUsable: false })} />);
    const cancelled = screen.getByRole('region', { name: 'License key' });
    expect(fact(cancelled, 'Expires')).toMatch(/2027/);
    expect(fact(cancelled, 'Usable now')).toBe('No');
  });

  it('a license without an end never expires', () => {
    renderWithProviders(<LicenseKeyCard license={license({ expiresAt: null, autoRenew: false, plan: null })} />);
    const card = screen.getByRole('region', { name: 'License key' });
    expect(fact(card, 'Expires')).toBe('Never');
    expect(within(card).queryByText('Price')).toBeNull();
  });

  it('a trial that converts says its end is the first charge; one that does not just says when it ends', () => {
    renderWithProviders(<LicenseKeyCard license={license({ inTrial: true })} />);
    expect(fact(screen.getByRole('region', { name: 'License key' }), 'Trial ends (first charge)')).toMatch(/2027/);
  });

  it('a trial whose renewal was cancelled just says when it ends', () => {
    renderWithProviders(<LicenseKeyCard license={license({ inTrial: true, autoRenew: false })} />);
    const card = screen.getByRole('region', { name: 'License key' });
    expect(within(card).getByText('Trial ends')).toBeTruthy();
    expect(within(card).queryByText('Trial ends (first charge)')).toBeNull();
  });

  it('shows the active users reported against the plan’s limit', () => {
    renderWithProviders(<LicenseKeyCard license={license({ userLimit: { activeUsers: 12, maxUsers: 25 } })} />);
    expect(fact(screen.getByRole('region', { name: 'License key' }), 'Active users reported')).toBe('12 of 25');
  });
});
