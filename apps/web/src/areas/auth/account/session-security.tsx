import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Card, Group, Modal, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDevices, IconHistory } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { PageEmpty, PageError } from '../../../shared/components/page-states';
import { describeError } from '../../../shared/errors/describe-error';
import { MySessionsQuery } from './graphql/my-sessions.query';
import { MySignInsQuery } from './graphql/my-sign-ins.query';
import { SessionEndMutation, SessionsEndOthersMutation } from './graphql/session-end.mutation';

function CardLoading({ label }: { label: string }) {
  return (
    <Stack gap="xs" role="status" aria-busy="true" aria-label={label}>
      <Skeleton height={14} width="70%" />
      <Skeleton height={14} width="55%" />
      <Skeleton height={14} width="62%" />
    </Stack>
  );
}

/** Where the user is signed in; ends one other session or all of them. */
export function ActiveSessionsCard() {
  const query = useQuery(MySessionsQuery, { fetchPolicy: 'cache-and-network' });
  const refetch = { refetchQueries: [MySessionsQuery, MySignInsQuery], awaitRefetchQueries: true };
  const [endOne] = useMutation(SessionEndMutation, refetch);
  const [endOthers, { loading: endingOthers }] = useMutation(SessionsEndOthersMutation, refetch);
  const [busy, setBusy] = useState<number | null>(null);
  const sessions = query.data?.mySessions ?? [];
  const others = sessions.filter((s) => !s.current).length;

  const end = async (id: number, device: string) => {
    setBusy(id);
    try {
      const { data } = await endOne({ variables: { input: { sessionId: id } } });
      const p = data?.sessionEnd;
      if (p?.errors.length) notifications.show({ message: p.errors[0]!.message, color: 'red' });
      else notifications.show({ message: `The session on ${device} was ended.`, color: 'green' });
    } catch (e) {
      notifications.show({ message: describeError(e), color: 'red' });
    } finally {
      setBusy(null);
    }
  };

  const [confirming, setConfirming] = useState(false);
  const confirmEndOthers = async () => {
    try {
      const { data } = await endOthers();
      const n = data?.sessionsEndOthers.ended ?? 0;
      notifications.show({ message: `${n} other session${n === 1 ? ' was' : 's were'} ended.`, color: 'green' });
    } catch (e) {
      notifications.show({ message: describeError(e), color: 'red' });
    } finally {
      setConfirming(false);
    }
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="sessions-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="xs">
            <IconDevices size={20} aria-hidden />
            <Title order={2} fz="lg" id="sessions-title">
              Where you are signed in
            </Title>
          </Group>
          {others > 0 && (
            <Button size="xs" variant="light" color="red" onClick={() => setConfirming(true)}>
              Sign out other sessions
            </Button>
          )}
        </Group>
        <Modal opened={confirming} onClose={() => setConfirming(false)} title="Sign out everywhere else?" centered>
          <Stack gap="md">
            <Text size="sm">
              Every other browser and device signed in to your account ({others}) is signed out. This one stays signed in.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button color="red" loading={endingOthers} onClick={() => void confirmEndOthers()}>
                Sign out other sessions
              </Button>
            </Group>
          </Stack>
        </Modal>
        {query.error && !query.data ? (
          <PageError
            error={query.error}
            title="Your sessions could not be loaded"
            onRetry={() => void query.refetch().catch(() => undefined)}
          />
        ) : !query.data ? (
          <CardLoading label="Loading your sessions…" />
        ) : (
          <Stack gap={0}>
            {sessions.map((s) => (
              <Group
                key={s.id}
                justify="space-between"
                wrap="nowrap"
                gap="sm"
                py="sm"
                style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
                data-testid="session-row"
              >
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600} size="sm">
                      {s.device}
                    </Text>
                    {s.current && (
                      <Badge color="green.8" variant="outline" size="sm">
                        This device
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {s.ipAddress ?? 'Unknown IP'} · signed in <DateText value={s.createdAt} withTime /> · last active{' '}
                    <DateText value={s.lastSeenAt} withTime />
                  </Text>
                </Stack>
                {!s.current && (
                  <Button
                    size="xs"
                    variant="default"
                    style={{ flexShrink: 0 }}
                    loading={busy === s.id}
                    onClick={() => void end(s.id, s.device)}
                    aria-label={`End the session on ${s.device} (${s.ipAddress ?? 'unknown IP'})`}
                  >
                    End
                  </Button>
                )}
              </Group>
            ))}
            {others === 0 && (
              <Text size="sm" c="dimmed" pt="sm">
                You are signed in only here.
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

const OUTCOME = {
  SUCCESS: { label: 'Signed in', color: 'green.8' },
  FAILURE: { label: 'Wrong password', color: 'orange.9' },
  THROTTLED: { label: 'Blocked: too many attempts', color: 'red.8' },
} as const;

/** The recent sign-in attempts on the account, successful or not. */
export function RecentSignInsCard() {
  const query = useQuery(MySignInsQuery, { variables: { first: 10 }, fetchPolicy: 'cache-and-network' });
  const conn = query.data?.mySignIns;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="sign-ins-title">
      <Stack gap="md">
        <Group gap="xs">
          <IconHistory size={20} aria-hidden />
          <Title order={2} fz="lg" id="sign-ins-title">
            Recent sign-ins
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          Every attempt to sign in to your account. We e-mail you when a sign-in comes from a device or network not seen before.
        </Text>
        {query.error && !conn ? (
          <PageError error={query.error} title="Sign-ins could not be loaded" onRetry={() => void query.refetch().catch(() => undefined)} />
        ) : !conn ? (
          <CardLoading label="Loading your sign-ins…" />
        ) : conn.edges.length === 0 ? (
          <PageEmpty title="No sign-in yet" icon={<IconHistory aria-hidden />} />
        ) : (
          <>
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="xs" aria-label="Sign-in attempts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th miw={190}>Result</Table.Th>
                    <Table.Th>Device</Table.Th>
                    <Table.Th>IP address</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {conn.edges.map(({ node: e }) => (
                    <Table.Tr key={e.id} data-testid="sign-in-row">
                      <Table.Td>
                        <DateText value={e.at} withTime />
                      </Table.Td>
                      <Table.Td>
                        <Badge color={OUTCOME[e.outcome].color} variant="outline" size="sm">
                          {OUTCOME[e.outcome].label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.device}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.ipAddress ?? '—'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                Showing {conn.edges.length} of {conn.totalCount}
              </Text>
              {conn.pageInfo.hasNextPage && (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() =>
                    void query
                      .fetchMore({
                        variables: { after: conn.pageInfo.endCursor },
                        updateQuery: (prev, { fetchMoreResult }) => ({
                          mySignIns: { ...fetchMoreResult.mySignIns, edges: [...prev.mySignIns.edges, ...fetchMoreResult.mySignIns.edges] },
                        }),
                      })
                      .catch(() => undefined)
                  }
                >
                  Show older
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
