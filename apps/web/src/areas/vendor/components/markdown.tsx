import { useState } from 'react';
import { Box, SegmentedControl, Stack, Text, Textarea, type TextareaProps } from '@mantine/core';
import { Markdown } from '../../../shared/components/markdown';

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
            <Markdown source={value} headingOffset={2} size="sm" emptyText="Nothing written yet." />
          </Box>
        </Box>
      )}
    </Stack>
  );
}
