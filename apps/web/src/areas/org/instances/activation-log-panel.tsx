import { useQuery } from '@apollo/client/react';
import { Badge, Button, Code, Group, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconArrowBackUp, IconCircleCheck, IconCircleX, IconPlayerStop, IconPlugConnected, IconRefresh } from '@tabler/icons-react';
import type { ActivationEventType } from '../../../gql/graphql';
import { DateText } from '../../../shared/components/date-text';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { InstanceActivationLogQuery } from './graphql/activation-log.query';

const eventLabel: Record<ActivationEventType, string> = {
  activation: 'Activation',
  deactivation: 'Deactivation',
  update: 'Update',
  rollback: 'Rollback',
};
const eventIcon: Record<ActivationEventType, typeof IconPlugConnected> = {
  activation: IconPlugConnected,
  deactivation: IconPlayerStop,
  update: IconRefresh,
  rollback: IconArrowBackUp,
};

/** Metadata worth showing: hashes of a mismatch, limits, versions; never the raw JSON dump. */
function MetadataLine({ metadata }: { metadata: unknown }) {
  if (!metadata || typeof metadata !== 'object') return null;
  const m = metadata as Record<string, unknown>;
  const parts: React.ReactNode[] = [];
  if ('expected' in m || 'got' in m) {
    parts.push(
      <span key="hash">
        expected <Code fz="xs">{String(m.expected ?? '—')}</Code>, got <Code fz="xs">{String(m.got ?? '—')}</Code>
      </span>,
    );
  }
  if (typeof m.from === 'string' && typeof m.to === 'string')
    parts.push(
      <span key="fromto">
        {m.from} → {m.to}
      </span>,
    );
  if (typeof m.max_instances === 'number')
    parts.push(
      <span key="limit">
        plan limit {String(m.max_instances)}, active on {String(m.active_instances)}
      </span>,
    );
  if (typeof m.supported === 'string') parts.push(<span key="range">supports core {m.supported}</span>);
  if (typeof m.reason === 'string') parts.push(<span key="reason">{m.reason}</span>);
  if (m.via === 'instance_api') parts.push(<span key="via">reported by the instance</span>);
  if (typeof m.ip === 'string') parts.push(<span key="ip">from {m.ip}</span>);
  if (!parts.length) return null;
  return (
    <Text size="xs" c="dimmed">
      {parts.map((p, i) => (
        <span key={i}>
          {i > 0 ? ' · ' : ''}
          {p}
        </span>
      ))}
    </Text>
  );
}

/** Every activation, deactivation, update and rollback attempt on the instance, newest first. */
export function ActivationLogPanel({ instanceId }: { instanceId: number }) {
  const query = useQuery(InstanceActivationLogQuery, { variables: { id: instanceId, first: 20 } });

  const more = () => {
    const cursor = query.data?.instance.activationLog.pageInfo.endCursor;
    if (!cursor) return;
    void query.fetchMore({
      variables: { after: cursor },
      updateQuery: (prev, { fetchMoreResult }) => {
        if (!fetchMoreResult) return prev;
        return {
          ...prev,
          instance: {
            ...prev.instance,
            activationLog: {
              ...fetchMoreResult.instance.activationLog,
              edges: [...prev.instance.activationLog.edges, ...fetchMoreResult.instance.activationLog.edges],
            },
          },
        };
      },
    });
  };

  return (
    <QueryStates
      query={query}
      isEmpty={(d) => d.instance.activationLog.edges.length === 0}
      empty={
        <PageEmpty
          title="Nothing happened on this instance yet"
          description="Activations, deactivations, updates and rollbacks appear here, failed attempts included."
        />
      }
    >
      {(d) => (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {d.instance.activationLog.totalCount} recorded attempt{d.instance.activationLog.totalCount === 1 ? '' : 's'}
          </Text>
          <Timeline bulletSize={28} lineWidth={2} aria-label="Activity log">
            {d.instance.activationLog.edges.map(({ node: e }) => {
              const Icon = eventIcon[e.eventType];
              const ok = e.status === 'success';
              return (
                <Timeline.Item
                  key={e.id}
                  data-testid="activation-log-entry"
                  bullet={
                    <ThemeIcon size={28} radius="xl" color={ok ? 'green.8' : 'red.8'} aria-hidden>
                      <Icon size={16} />
                    </ThemeIcon>
                  }
                  title={
                    <Group gap="xs" wrap="wrap">
                      <Text fw={600} size="sm">
                        {eventLabel[e.eventType]} of {e.module.name}
                        {e.version ? ` ${e.version.version}` : ''}
                      </Text>
                      <Badge
                        size="sm"
                        color={ok ? 'green.9' : 'red.9'}
                        variant="outline"
                        leftSection={ok ? <IconCircleCheck size={12} aria-hidden /> : <IconCircleX size={12} aria-hidden />}
                      >
                        {ok ? 'Succeeded' : 'Failed'}
                      </Badge>
                      {e.errorCode && <Code fz="xs">{e.errorCode}</Code>}
                    </Group>
                  }
                >
                  {e.errorMessage && (
                    <Text size="sm" c="red.9">
                      {e.errorMessage}
                    </Text>
                  )}
                  <MetadataLine metadata={e.metadata} />
                  <Text size="xs" c="dimmed" mt={2}>
                    <DateText value={e.performedAt} withTime /> · {e.performedByName ?? 'the instance / system'}
                  </Text>
                </Timeline.Item>
              );
            })}
          </Timeline>
          {d.instance.activationLog.pageInfo.hasNextPage && (
            <Group>
              <Button variant="default" onClick={more} loading={query.loading}>
                Show older entries
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </QueryStates>
  );
}
