import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/**
 * A license key in full, with a button that copies it (the license page and the purchase confirmation).
 * Without a key (a purchase that did not complete) there is nothing to copy, so no button.
 */
export function LicenseKey({ value }: { value: string | null | undefined }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code fz="md" p="sm" style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid="license-key">
        {value}
      </Code>
      {value && (
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the key'} withArrow>
              <ActionIcon
                variant="light"
                size="lg"
                onClick={copy}
                aria-label={copied ? 'License key copied' : 'Copy the license key'}
                color={copied ? 'green' : undefined}
              >
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      )}
    </Group>
  );
}
