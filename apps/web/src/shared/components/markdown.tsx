import type { ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Anchor, Blockquote, Code, List, Stack, Table, Text, Title } from '@mantine/core';

/**
 * Markdown written by vendors (descriptions, changelogs, contracts), rendered with react-markdown and
 * GitHub-flavoured Markdown. It never renders HTML: raw HTML in the source is shown as text, so
 * `<script>` in a description is visible and inert. Links keep only http, https and mailto targets;
 * any other (javascript:, data:, relative) becomes plain text. Images are shown as their alt text.
 */

/** Raw HTML nodes become text nodes, so they are displayed, never interpreted. */
function remarkHtmlAsText() {
  type Node = { type: string; children?: Node[] };
  const walk = (node: Node) => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return (tree: Node) => walk(tree);
}

const SAFE_URL = /^(https?:|mailto:)/i;

/** Only absolute http(s) and mailto links survive; everything else is dropped (rendered as text). */
export function safeHref(url: string): string {
  return SAFE_URL.test(url.trim()) ? url.trim() : '';
}

/** The text of a hast node (a fenced code block is shown verbatim, as one block). */
function textOf(node: unknown): string {
  const n = node as { type?: string; value?: string; children?: unknown[] } | undefined;
  if (!n) return '';
  if (n.type === 'text') return n.value ?? '';
  return (n.children ?? []).map(textOf).join('');
}

type HeadingOrder = 1 | 2 | 3 | 4 | 5 | 6;

function components(size: 'sm' | 'md', headingOffset: number): Components {
  const heading =
    (level: number) =>
    ({ children }: { children?: ReactNode }) => {
      const order = Math.min(6, level + headingOffset) as HeadingOrder;
      return (
        <Title order={order} fz={order <= 3 ? 'lg' : 'md'}>
          {children}
        </Title>
      );
    };
  return {
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
    p: ({ children }) => <Text size={size}>{children}</Text>,
    a: ({ href, children }) =>
      href ? (
        <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </Anchor>
      ) : (
        <>{children}</>
      ),
    ul: ({ children }) => (
      <List type="unordered" size={size} spacing={2} withPadding>
        {children}
      </List>
    ),
    ol: ({ children }) => (
      <List type="ordered" size={size} spacing={2} withPadding>
        {children}
      </List>
    ),
    li: ({ children }) => <List.Item>{children}</List.Item>,
    code: ({ children }) => <Code>{children}</Code>,
    pre: ({ node }) => <Code block>{textOf(node)}</Code>,
    blockquote: ({ children }) => <Blockquote p="xs">{children}</Blockquote>,
    table: ({ children }) => (
      <Table withTableBorder fz={size}>
        {children}
      </Table>
    ),
    img: ({ alt }) => <>{alt ?? ''}</>,
  };
}

export interface MarkdownProps {
  source: string | null | undefined;
  /** Added to each heading's level: a `#` heading inside a section titled h2 uses offset 2 → h3. */
  headingOffset?: number;
  size?: 'sm' | 'md';
  /** Drops a leading heading that only repeats this title (the page already shows it). */
  skipTitle?: string;
  /** Shown when there is nothing to render (default: nothing). */
  emptyText?: string;
}

export function Markdown({ source, headingOffset = 2, size = 'md', skipTitle, emptyText }: MarkdownProps) {
  let text = source?.replace(/\r\n?/g, '\n') ?? '';
  if (skipTitle) {
    const first = /^#{1,6}[ \t]+(.*)\n?/.exec(text.trimStart());
    if (first && first[1]!.trim().toLowerCase() === skipTitle.trim().toLowerCase()) text = text.trimStart().slice(first[0].length);
  }
  if (!text.trim())
    return emptyText ? (
      <Text c="dimmed" size="sm">
        {emptyText}
      </Text>
    ) : null;
  return (
    <Stack gap="xs" className="wk-markdown" style={{ overflowWrap: 'anywhere' }}>
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} urlTransform={safeHref} components={components(size, headingOffset)}>
        {text}
      </ReactMarkdown>
    </Stack>
  );
}
