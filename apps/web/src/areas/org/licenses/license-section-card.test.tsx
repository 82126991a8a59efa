import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../../test/render';
import { LicenseSectionCard } from './license-section-card';

describe('<LicenseSectionCard> (the frame of every license page card)', () => {
  it('is a section labelled by its level-2 heading', () => {
    renderWithProviders(
      <LicenseSectionCard id="receipts" title="Receipts">
        <p>R-0001</p>
      </LicenseSectionCard>,
    );
    const section = screen.getByRole('region', { name: 'Receipts' });
    expect(within(section).getByRole('heading', { level: 2, name: 'Receipts' }).id).toBe('receipts-title');
    expect(within(section).getByText('R-0001')).toBeTruthy();
  });

  it('with nothing to list, shows the empty sentence instead of the content', () => {
    renderWithProviders(
      <LicenseSectionCard id="activations" title="Activated on" empty="Not activated on any instance yet.">
        <p>prod-1</p>
      </LicenseSectionCard>,
    );
    const section = screen.getByRole('region', { name: 'Activated on' });
    expect(within(section).getByText('Not activated on any instance yet.')).toBeTruthy();
    expect(within(section).queryByText('prod-1')).toBeNull();
  });

  it('with something to list (`empty` false), shows the content and no empty sentence', () => {
    renderWithProviders(
      <LicenseSectionCard id="activations" title="Activated on" empty={false}>
        <p>prod-1</p>
      </LicenseSectionCard>,
    );
    expect(screen.getByText('prod-1')).toBeTruthy();
  });

  it('an icon goes before the title and stays out of the section’s name', () => {
    renderWithProviders(
      <LicenseSectionCard id="history" title="Status history" icon={<svg data-testid="icon" aria-hidden />}>
        <p>Active</p>
      </LicenseSectionCard>,
    );
    const section = screen.getByRole('region', { name: 'Status history' });
    expect(within(section).getByTestId('icon')).toBeTruthy();
  });
});
