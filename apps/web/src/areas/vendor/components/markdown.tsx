import { Fragment, useState, type ReactNode } from 'react';
import { Anchor, Box, Code, List, SegmentedControl, Stack, Text, Textarea, Title, type TextareaProps } from '@mantine/core';

/**
 * A small Markdown renderer for the vendor's own texts (descriptions, changelogs) that never
 * renders HTML: it builds React elements, so `<script>` in a description shows as text.
 * Headings, paragraphs, bullet/numbered lists, fenced code, **bold**, *italic*, `code`, and
 * [links](https://…) (http, https and mailto only).
 */
type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string };

function parseBlocks(source: string): Block[] {
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
    if (!line.trim()) flush();
    else para.push(line.trim());
  }
  flush();
  return blocks;
}

const INLINE = /(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`|\[[^\]]+\]\([^)\s]+\))/g;

function inline(text: string): ReactNode[] {
  return text.split(INLINE).map((part, i) => {
    if (/^\*\*[^*]+\*\*$/.test(part)) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (/^\*[^*]+\*$/.test(part)) return <em key={i}>{part.slice(1, -1)}</em>;
    if (/^`[^`]+`$/.test(part)) return <Code key={i}>{part.slice(1, -1)}</Code>;
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) {
      const href = link[2]!;
      return /^(https?:|mailto:)/i.test(href) ? (
        <Anchor key={i} href={href} target="_blank" rel="noopener noreferrer">
          {link[1]}
        </Anchor>
      ) : (
        <Fragment key={i}>{link[1]}</Fragment>
      );
    }
    return <Fragment key={i}>{part}</Fragment>;
  });
}

export function Markdown({ source, headingOffset = 2 }: { source: string | null | undefined; headingOffset?: number }) {
  if (!source?.trim())
    return (
      <Text c="dimmed" size="sm">
        Nothing written yet.
      </Text>
    );
  return (
    <Stack gap="xs" style={{ overflowWrap: 'anywhere' }}>
      {parseBlocks(source).map((b, i) => {
        switch (b.kind) {
          case 'heading':
            return (
              <Title key={i} order={Math.min(6, b.level + headingOffset - 1) as 2 | 3 | 4 | 5 | 6} fz={b.level === 1 ? 'lg' : 'md'}>
                {inline(b.text)}
              </Title>
            );
          case 'list':
            return (
              <List key={i} type={b.ordered ? 'ordered' : 'unordered'} size="sm" withPadding>
                {b.items.map((it, j) => (
                  <List.Item key={j}>{inline(it)}</List.Item>
                ))}
              </List>
            );
          case 'code':
            return (
              <Code key={i} block>
                {b.text}
              </Code>
            );
          default:
            return (
              <Text key={i} size="sm">
                {inline(b.text)}
              </Text>
            );
        }
      })}
    </Stack>
  );
}

/** A Markdown textarea with a Write / Preview switch. */
export function MarkdownEditor({
  value,
  onChange,
  label,
  ...props
}: { value: string; onChange: (v: string) => void; label: string } & Omit<TextareaProps, 'value' | 'onChange' | 'label'>) {
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  return (
    <Stack gap={6}>
      <SegmentedControl
        size="xs"
        value={mode}
        onChange={(v) => setMode(v as 'write' | 'preview')}
        data={[
          { value: 'write', label: 'Write' },
          { value: 'preview', label: 'Preview' },
        ]}
        aria-label={`${label}: write or preview`}
        style={{ alignSelf: 'flex-start' }}
      />
      {mode === 'write' ? (
        <Textarea
          label={label}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={5}
          maxRows={18}
          {...props}
        />
      ) : (
        <Box>
          <Text size="sm" fw={500} mb={4}>
            {label} (preview)
          </Text>
          <Box
            p="sm"
            bd="1px solid var(--mantine-color-gray-3)"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
            data-testid="markdown-preview"
          >
            <Markdown source={value} headingOffset={3} />
          </Box>
        </Box>
      )}
    </Stack>
  );
}
