import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle } from '@tabler/icons-react';

/** The invitation link, shown once (only a hash of its token is stored), with a copy button. */
export function InviteLink({ url, email }: { url: string; email: string }) {
  return (
    <Stack gap="sm">
      <Text>
        We e-mailed an invitation to <strong>{email}</strong>. You can also send them this link yourself:
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="invite-url">
          {url}
        </Code>
        <CopyButton value={url} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy link'} withArrow>
              <ActionIcon
                size="lg"
                variant={copied ? 'filled' : 'default'}
                color={copied ? 'teal' : undefined}
                onClick={copy}
                aria-label={copied ? 'Link copied' : 'Copy invitation link'}
              >
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />} p="xs">
        This link is shown only now and works for 7 days. Lost it? Use “New link” in pending invitations.
      </Alert>
    </Stack>
  );
}
