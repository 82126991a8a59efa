import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '../../../test/render';
import { SummaryCard, SummaryRow } from './summary';

describe('<SummaryRow>/<SummaryCard> (the price summaries of checkout, cart and receipt)', () => {
  it('shows each amount to the cent beside its label, and the total under its test id', () => {
    renderWithProviders(
      <SummaryCard loading={false}>
        <SummaryRow label="Subtotal" value={{ amount: '490.00', currency: 'USD' }} />
        <SummaryRow label="Discount (ANNUAL20)" value={{ amount: '-98.00', currency: 'USD' }} />
        <SummaryRow label="VAT (20%)" value={{ amount: '78.40', currency: 'USD' }} />
        <SummaryRow label="Total" value={{ amount: '470.40', currency: 'USD' }} strong testId="order-total" />
      </SummaryCard>,
    );
    const summary = screen.getByTestId('order-summary');
    expect(summary.textContent).toContain('Subtotal$490.00');
    expect(summary.textContent).toContain('Discount (ANNUAL20)-$98.00');
    expect(summary.textContent).toContain('VAT (20%)$78.40');
    expect(screen.getByTestId('order-total').textContent).toBe('$470.40');
    expect(screen.queryByLabelText('Updating the price')).toBeNull();
  });

  it('says when the price is being updated', () => {
    renderWithProviders(
      <SummaryCard loading>
        <SummaryRow label="Total" value={null} strong />
      </SummaryCard>,
    );
    expect(screen.getByLabelText('Updating the price')).toBeTruthy();
    expect(screen.getByText('—')).toBeTruthy();
  });
});
