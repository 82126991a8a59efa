import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { screen } from '@testing-library/react';
import { DateText, isoLabel } from './date-text';
import { formatDate } from '../format/date.format';
import { renderWithProviders } from '../../test/render';

describe('DateText', () => {
  it('on the server (and while hydrating) shows the ISO date, which does not depend on the browser’s locale', () => {
    const html = renderToString(<DateText value="2025-03-12T14:05:00.000Z" />);
    expect(html).toContain('dateTime="2025-03-12T14:05:00.000Z"');
    expect(html).toContain('>2025-03-12</time>');
    expect(isoLabel('2025-03-12T14:05:00.000Z', true)).toBe('2025-03-12 14:05 UTC');
    expect(isoLabel(new Date('2025-03-12T14:05:00.000Z'))).toBe('2025-03-12');
    expect(isoLabel('not a date')).toBe('—');
  });

  it('in a page the browser renders, shows the date in the browser’s locale', () => {
    renderWithProviders(<DateText value="2025-03-12T14:05:00.000Z" />);
    expect(screen.getByText(formatDate('2025-03-12T14:05:00.000Z')).getAttribute('datetime')).toBe('2025-03-12T14:05:00.000Z');
  });
});
