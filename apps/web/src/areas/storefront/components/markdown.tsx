import { Fragment, type ReactNode } from 'react';
import { Anchor, Code, List, Stack, Text, Title } from '@mantine/core';

/**
 * A small Markdown renderer for vendor texts (descriptions, changelogs) that never renders HTML:
 * it builds React elements, so `<script>` or `<img onerror>` in a description shows as text.
 * Supported: headings, paragraphs, bullet and numbered lists, fenced code, **bold**, *italic*,
 * `code` and [links](https://…) (http, https and mailto only; opened with rel="noopener").
 */
type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string };

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', text: para.join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^```/.test(line.trim())) {
      flush();
      const code: string[] = [];
      for (i += 1; i < lines.length && !/^```/.test(lines[i]!.trim()); i++) code.push(lines[i]!);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]!.trim() });
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      flush();
      const ordered = !!numbered;
      const last = blocks[blocks.length - 1];
      const item = (bullet ?? numbered)![1]!;
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item);
      else blocks.push({ kind: 'list', ordered, items: [item] });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return blocks;
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Inline formatting → React nodes (text is never interpreted as HTML). */
export function renderInline(text: string, key = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /(\*\*([^*]+)\*\*|__([^_]+)__|\*([^*]+)\*|_([^_]+)_|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\))/g;
  let last = 0;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const k = `${key}-${n++}`;
    if (m[2] ?? m[3]) out.push(<strong key={k}>{renderInline(m[2] ?? m[3]!, k)}</strong>);
    else if (m[4] ?? m[5]) out.push(<em key={k}>{renderInline(m[4] ?? m[5]!, k)}</em>);
    else if (m[6]) out.push(<Code key={k}>{m[6]}</Code>);
    else if (m[7] && m[8]) {
      out.push(
        SAFE_URL.test(m[8]) ? (
          <Anchor key={k} href={m[8]} target="_blank" rel="noopener noreferrer nofollow">
            {m[7]}
          </Anchor>
        ) : (
          <Fragment key={k}>{m[7]}</Fragment>
        ),
      );
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({
  source,
  headingOffset = 2,
  size = 'md',
  skipTitle,
}: {
  source: string | null | undefined;
  headingOffset?: number;
  size?: 'sm' | 'md';
  /** Drops a leading heading that only repeats this title (the page already shows it). */
  skipTitle?: string;
}) {
  if (!source?.trim()) return null;
  let blocks = parseBlocks(source);
  const first = blocks[0];
  if (skipTitle && first?.kind === 'heading' && first.text.trim().toLowerCase() === skipTitle.trim().toLowerCase())
    blocks = blocks.slice(1);
  return (
    <Stack gap="xs" className="wk-markdown">
      {blocks.map((b, i) => {
        const key = `b${i}`;
        switch (b.kind) {
          case 'heading': {
            const order = Math.min(6, b.level + headingOffset) as 1 | 2 | 3 | 4 | 5 | 6;
            return (
              <Title key={key} order={order} fz={order <= 3 ? 'lg' : 'md'} mt={i ? 'sm' : 0}>
                {renderInline(b.text, key)}
              </Title>
            );
          }
          case 'list':
            return (
              <List key={key} type={b.ordered ? 'ordered' : 'unordered'} size={size} spacing={2}>
                {b.items.map((item, j) => (
                  <List.Item key={j}>{renderInline(item, `${key}-${j}`)}</List.Item>
                ))}
              </List>
            );
          case 'code':
            return (
              <Code key={key} block>
                {b.text}
              </Code>
            );
          default:
            return (
              <Text key={key} size={size}>
                {renderInline(b.text, key)}
              </Text>
            );
        }
      })}
    </Stack>
  );
}
