import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import { Markdown, safeHref } from './markdown';

describe('Markdown', () => {
  it('renders headings (offset), paragraphs, lists, emphasis and code', () => {
    const { container } = renderWithProviders(
      <Markdown
        source={'# Release notes\n\nSome **bold** and *italic* and `code`.\n\n- one\n- two\n\n1. first\n\n```\nnpm i\n```'}
        headingOffset={2}
      />,
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Release notes' })).toBeTruthy();
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('em')?.textContent).toBe('italic');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['one', 'two', 'first']);
    expect(container.textContent).toContain('npm i');
  });

  it('renders GitHub tables', () => {
    renderWithProviders(<Markdown source={'| plan | price |\n| --- | --- |\n| Pro | $19 |'} />);
    expect(screen.getByRole('table').textContent).toContain('Pro');
  });

  it('shows raw HTML as text and never creates its elements', () => {
    const { container } = renderWithProviders(
      <Markdown source={'Hello <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> <b>bold</b>'} />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<script>window.__pwned=1</script>');
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('keeps http(s) and mailto links, opening in a new tab without referrer', () => {
    renderWithProviders(<Markdown source={'[docs](https://docs.example/x) and [mail](mailto:help@example.com)'} />);
    const docs = screen.getByRole('link', { name: 'docs' });
    expect(docs.getAttribute('href')).toBe('https://docs.example/x');
    expect(docs.getAttribute('target')).toBe('_blank');
    expect(docs.getAttribute('rel')).toContain('noopener');
    expect(screen.getByRole('link', { name: 'mail' }).getAttribute('href')).toBe('mailto:help@example.com');
  });

  it('turns javascript:, data: and relative links into plain text', () => {
    const { container } = renderWithProviders(
      <Markdown source={'[a](javascript:alert(1)) [b](data:text/html,<script>x</script>) [c](/admin) [d](JaVaScRiPt:alert(1))'} />,
    );
    expect(container.querySelectorAll('a')).toHaveLength(0);
    expect(container.textContent).toContain('a b c d');
  });

  it('shows images as their alt text only (no request to a vendor-chosen host)', () => {
    const { container } = renderWithProviders(<Markdown source={'![diagram](https://tracker.example/pixel.png)'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.wk-markdown')!.textContent).toBe('diagram');
  });

  it('drops a leading heading that repeats the title, and shows the empty text when nothing is left', () => {
    const { container } = renderWithProviders(<Markdown source={'# CRM Pro\n\nThe best CRM.'} skipTitle="crm pro" />);
    expect(container.querySelector('h1,h2,h3,h4,h5,h6')).toBeNull();
    expect(container.querySelector('.wk-markdown')!.textContent).toBe('The best CRM.');
    renderWithProviders(<Markdown source={'   '} emptyText="Nothing written yet." />);
    expect(screen.getByText('Nothing written yet.')).toBeTruthy();
  });
});

describe('safeHref', () => {
  it.each([
    ['https://a.example', 'https://a.example'],
    ['http://a.example', 'http://a.example'],
    ['mailto:x@y.z', 'mailto:x@y.z'],
    ['javascript:alert(1)', ''],
    [' javascript:alert(1)', ''],
    ['vbscript:x', ''],
    ['data:text/html,x', ''],
    ['/relative', ''],
  ])('%j → %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });
});
