import { useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconBellOff, IconSettings } from '@tabler/icons-react';
import { PageHeader } from '../components/page-header';
import { PageEmpty, PageError, PageLoading, QueryStates } from '../components/page-states';
import { DateText } from '../components/date-text';
import { formatRelative } from '../format/date.format';
import { useSession } from '../session/session-provider';
import { signInPath } from '../session/safe-next';
import { MyNotificationsQuery } from './graphql/my-notifications.query';
import { NotificationMarkAllReadMutation } from './graphql/notification-mark-all-read.mutation';
import { NotificationMarkReadMutation } from './graphql/notification-mark-read.mutation';
import { UnreadNotificationCountQuery } from './graphql/unread-notification-count.query';
import { notificationLink, notificationTypeLabel } from './notification-labels';

const PAGE = 20;

/** `/notifications`: the signed-in user's notifications and their organizations' ones. */
export function NotificationsPage() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'error') return <PageError error={session.error} onRetry={session.refetch} />;
  if (session.status === 'signed-out') return <Navigate to={signInPath(location.pathname)} replace />;
  return <NotificationList />;
}

function NotificationList() {
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const query = useQuery(MyNotificationsQuery, { variables: { first: PAGE, unreadOnly: filter === 'unread' } });
  const [markRead] = useMutation(NotificationMarkReadMutation, { refetchQueries: [UnreadNotificationCountQuery] });
  const [markAll, { loading: markingAll }] = useMutation(NotificationMarkAllReadMutation, {
    refetchQueries: [UnreadNotificationCountQuery, MyNotificationsQuery],
  });
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = async () => {
    const end = query.data?.myNotifications.pageInfo.endCursor;
    if (!end) return;
    setLoadingMore(true);
    try {
      await query.fetchMore({
        variables: { after: end },
        updateQuery: (prev, { fetchMoreResult }) =>
          fetchMoreResult
            ? {
                myNotifications: {
                  ...fetchMoreResult.myNotifications,
                  edges: [...prev.myNotifications.edges, ...fetchMoreResult.myNotifications.edges],
                },
              }
            : prev,
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Licenses, renewals, purchases, payouts and reviews that concern you or your organizations."
        actions={
          <>
            <Button variant="default" component={Link} to="/notifications/preferences" leftSection={<IconSettings size={16} aria-hidden />}>
              Preferences
            </Button>
            <Button onClick={() => void markAll()} loading={markingAll} variant="light">
              Mark all read
            </Button>
          </>
        }
      />
      <SegmentedControl
        mb="md"
        value={filter}
        onChange={(v) => setFilter(v as 'all' | 'unread')}
        data={[
          { value: 'all', label: 'All' },
          { value: 'unread', label: 'Unread' },
        ]}
        aria-label="Show"
      />
      <QueryStates
        query={query}
        isEmpty={(d) => d.myNotifications.edges.length === 0}
        empty={
          <PageEmpty title={filter === 'unread' ? 'No unread notifications' : 'No notifications yet'} icon={<IconBellOff aria-hidden />} />
        }
      >
        {(d) => (
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {d.myNotifications.totalCount} notification{d.myNotifications.totalCount === 1 ? '' : 's'}
            </Text>
            {d.myNotifications.edges.map(({ node: n }) => {
              const to = notificationLink(n);
              return (
                <Card
                  key={n.id}
                  withBorder
                  padding="md"
                  bg={n.isRead ? undefined : 'indigo.0'}
                  component="article"
                  aria-label={n.title}
                  data-testid="notification-item"
                >
                  <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                    <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
                      <Group gap="xs" wrap="wrap">
                        <Title order={2} fz="md" fw={n.isRead ? 600 : 700}>
                          {n.title}
                        </Title>
                        {!n.isRead && (
                          <Badge size="sm" color="indigo.8">
                            Unread
                          </Badge>
                        )}
                        <Badge size="sm" variant="outline" color="gray.7" tt="none">
                          {notificationTypeLabel[n.type]}
                        </Badge>
                        {n.recipientType === 'organization' && (
                          <Badge size="sm" variant="outline" color="gray.7" tt="none">
                            Organization
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm">{n.message}</Text>
                      <Text size="xs" c="dimmed">
                        <DateText value={n.sentAt} withTime /> · {formatRelative(n.sentAt)}
                      </Text>
                    </Stack>
                    <Group gap="xs">
                      {to && (
                        <Button
                          size="xs"
                          variant="default"
                          component={Link}
                          to={to}
                          onClick={() => !n.isRead && void markRead({ variables: { input: { id: n.id } } })}
                        >
                          Open
                        </Button>
                      )}
                      {!n.isRead && (
                        <Button size="xs" variant="subtle" onClick={() => void markRead({ variables: { input: { id: n.id } } })}>
                          Mark read
                        </Button>
                      )}
                    </Group>
                  </Group>
                </Card>
              );
            })}
            {d.myNotifications.pageInfo.hasNextPage && (
              <Group justify="center">
                <Button variant="default" onClick={() => void loadMore()} loading={loadingMore}>
                  Load more
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </QueryStates>
    </>
  );
}
