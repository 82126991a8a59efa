import { Link } from 'react-router';
import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheckFilled, IconCircleXFilled, IconServer2 } from '@tabler/icons-react';
import type { InstanceHint } from './types';

const ENV: Record<InstanceHint['environment'], { label: string; color: string }> = {
  production: { label: 'Production', color: 'red' },
  staging: { label: 'Staging', color: 'orange' },
  development: { label: 'Development', color: 'gray' },
};

/** "Compatible with your instances": for signed-in members who may view their org's instances. */
export function InstanceHints({ hints }: { hints: InstanceHint[] }) {
  if (!hints.length) return null;
  const fits = hints.filter((h) => h.isCompatible).length;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="your-instances-title" data-testid="instance-hints">
      <Stack gap="sm">
        <Group gap="xs">
          <IconServer2 size={20} aria-hidden />
          <Title order={2} fz="lg" id="your-instances-title">
            Compatible with your instances
          </Title>
        </Group>
        <Alert variant="light" color={fits === hints.length ? 'teal' : fits ? 'yellow' : 'red'} p="xs">
          {fits === hints.length
            ? hints.length === 1
              ? 'Your instance can run this module.'
              : `All ${hints.length} of your instances can run this module.`
            : fits
              ? `${fits} of your ${hints.length} instances can run this module.`
              : 'None of your instances runs a core this module supports.'}
        </Alert>
        <Stack
          gap={0}
          component="ul"
          aria-label="Your instances and the version each can run"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {hints.map((h, i) => (
            <Group
              key={h.instanceId}
              component="li"
              justify="space-between"
              align="flex-start"
              gap="xs"
              py="xs"
              style={{ borderTop: i ? '1px solid var(--mantine-color-gray-3)' : undefined }}
            >
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap={6} wrap="wrap">
                  <Text fw={600} size="sm">
                    {h.instanceName}
                  </Text>
                  <Badge size="xs" variant="light" color={ENV[h.environment].color}>
                    {ENV[h.environment].label}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {h.organizationName}
                  {h.domain ? ` · ${h.domain}` : ''} · {h.softwareName} {h.coreVersion}
                </Text>
              </Stack>
              {h.isCompatible ? (
                <Group gap={6} wrap="nowrap">
                  <IconCircleCheckFilled size={18} color="var(--mantine-color-teal-8)" aria-hidden />
                  <Text size="sm" fw={600}>
                    v{h.recommendedVersion}
                    {h.compatibleVersions.length > 1 ? (
                      <Text span size="xs" c="dimmed" fw={400}>
                        {' '}
                        (also{' '}
                        {h.compatibleVersions
                          .filter((v) => v !== h.recommendedVersion)
                          .map((v) => `v${v}`)
                          .join(', ')}
                        )
                      </Text>
                    ) : null}
                  </Text>
                </Group>
              ) : (
                <Group gap={6} wrap="nowrap">
                  <IconCircleXFilled size={18} color="var(--mantine-color-red-8)" aria-hidden />
                  <Text size="sm">No compatible version</Text>
                </Group>
              )}
            </Group>
          ))}
        </Stack>
        <Text size="xs" c="dimmed">
          From the instances of your organizations. <Link to="/org">Open your organization</Link>
        </Text>
      </Stack>
    </Card>
  );
}
