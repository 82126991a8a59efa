import { Badge, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconGitCommit } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { Markdown } from '../../../shared/components/markdown';
import { formatRange } from './compat-range';
import type { ModuleVersion } from './types';

/** Version history: newest first, with status, release date, compatibility and changelog. */
export function VersionsSection({ versions }: { versions: ModuleVersion[] }) {
  if (!versions.length) return <Text c="dimmed">No approved version yet.</Text>;
  return (
    <Timeline bulletSize={24} lineWidth={2} active={versions.length} aria-label="Version history">
      {versions.map((v) => (
        <Timeline.Item
          key={v.id}
          bullet={<IconGitCommit size={14} aria-hidden />}
          color={v.isDeprecated ? 'gray' : v.status === 'beta' ? 'orange' : 'indigo'}
          data-testid="version-item"
          title={
            <Group gap="xs" wrap="wrap">
              <Title order={3} fz="md">
                Version {v.version}
              </Title>
              <Badge size="sm" variant="light" color={v.status === 'beta' ? 'orange' : 'teal'}>
                {v.status === 'beta' ? 'Beta' : 'Stable'}
              </Badge>
              {v.isDeprecated && (
                <Badge size="sm" variant="filled" color="gray">
                  Deprecated
                </Badge>
              )}
              {!v.isCompatibleWithPrevious && (
                <Badge size="sm" variant="light" color="red">
                  Breaking changes
                </Badge>
              )}
            </Group>
          }
        >
          <Stack gap={6} mt={4}>
            <Text size="sm" c="dimmed">
              {v.releaseDate ? (
                <>
                  Released <DateText value={v.releaseDate} />
                </>
              ) : (
                'Release date not set'
              )}
              {v.deprecatedAt && (
                <>
                  {' '}
                  · deprecated <DateText value={v.deprecatedAt} />
                </>
              )}
            </Text>
            {v.compatibility.length > 0 && (
              <Text size="sm">
                Runs on{' '}
                {v.compatibility.map((c, i) => (
                  <span key={c.id}>
                    {i > 0 && '; '}
                    {c.software.name} {formatRange(c.minCoreVersion, c.maxCoreVersion)}
                    {c.isVerified ? ' (tested)' : ''}
                  </span>
                ))}
              </Text>
            )}
            <Markdown source={v.changelog} size="sm" headingOffset={3} />
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
