import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import { Money } from './money';

describe('<Money> (amounts from the API, formatted by @wk/domain)', () => {
  it('shows the amount to the cent with the currency symbol and grouping', () => {
    renderWithProviders(<Money value={{ amount: '4500.00', currency: 'USD' }} data-testid="m" />);
    expect(screen.getByTestId('m').textContent).toBe('$4,500.00');
  });

  it('never goes through a binary float: every digit of a large amount and each cent is kept', () => {
    renderWithProviders(
      <>
        <Money value={{ amount: '12345678901234567.89', currency: 'USD' }} data-testid="big" />
        <Money value={{ amount: '0.10', currency: 'EUR' }} data-testid="dime" />
        <Money value={{ amount: '0.30', currency: 'GBP' }} data-testid="thirty" />
      </>,
    );
    expect(screen.getByTestId('big').textContent).toBe('$12,345,678,901,234,567.89');
    expect(screen.getByTestId('dime').textContent).toBe('€0.10');
    expect(screen.getByTestId('thirty').textContent).toBe('£0.30');
  });

  it('keeps the sign of negative amounts (refunds), including below one unit', () => {
    renderWithProviders(
      <>
        <Money value={{ amount: '-100.00', currency: 'USD' }} data-testid="refund" />
        <Money value={{ amount: '-0.50', currency: 'USD' }} data-testid="half" />
      </>,
    );
    expect(screen.getByTestId('refund').textContent).toBe('-$100.00');
    expect(screen.getByTestId('half').textContent).toBe('-$0.50');
  });

  it('shows a dash when there is no amount', () => {
    renderWithProviders(<Money value={null} data-testid="none" />);
    expect(screen.getByTestId('none').textContent).toBe('—');
  });
});
