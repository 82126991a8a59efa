import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { formatRelative } from '../format/date.format';
import { describeError } from '../errors/describe-error';
import { UnreadNotificationCountQuery } from './graphql/unread-notification-count.query';
import { MyNotificationsQuery } from './graphql/my-notifications.query';
import { NotificationMarkAllReadMutation } from './graphql/notification-mark-all-read.mutation';
import { NotificationMarkReadMutation } from './graphql/notification-mark-read.mutation';
import { notificationLink } from './notification-labels';

/** The header bell: unread count (refreshed every minute) and the latest notifications. */
export function NotificationBell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const count = useQuery(UnreadNotificationCountQuery, { pollInterval: 60_000, fetchPolicy: 'cache-and-network' });
  const latest = useQuery(MyNotificationsQuery, { variables: { first: 5 }, skip: !opened, fetchPolicy: 'network-only' });
  const refetchQueries = [UnreadNotificationCountQuery, MyNotificationsQuery];
  const [markAll, { loading: markingAll }] = useMutation(NotificationMarkAllReadMutation, { refetchQueries });
  const [markRead] = useMutation(NotificationMarkReadMutation, { refetchQueries: [UnreadNotificationCountQuery] });
  const unread = count.data?.myUnreadNotificationCount ?? 0;
  const label = unread ? `Notifications: ${unread} unread` : 'Notifications';

  return (
    <Popover
      opened={opened}
      onChange={(o) => !o && close()}
      position="bottom-end"
      width={340}
      shadow="md"
      withinPortal
      trapFocus
      returnFocus
    >
      <Popover.Target>
        <Indicator label={unread > 99 ? '99+' : unread} size={18} offset={4} disabled={!unread} color="red.8" inline>
          <ActionIcon
            variant="subtle"
            color="gray.8"
            size="lg"
            onClick={toggle}
            aria-label={label}
            aria-expanded={opened}
            aria-haspopup="dialog"
            data-testid="notification-bell"
          >
            <IconBell size={20} stroke={1.8} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label="Latest notifications">
        <Group justify="space-between" px="md" py="sm">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={() => void markAll()} loading={markingAll} disabled={!unread}>
            Mark all read
          </Button>
        </Group>
        <Divider />
        <Box mah={360} style={{ overflowY: 'auto' }} data-testid="notification-bell-list">
          {latest.loading && !latest.data && (
            <Group justify="center" p="md">
              <Loader size="sm" aria-label="Loading notifications" />
            </Group>
          )}
          {latest.error && !latest.data && (
            <Text size="sm" c="red.8" p="md" role="alert">
              {describeError(latest.error)}
            </Text>
          )}
          {latest.data && latest.data.myNotifications.edges.length === 0 && (
            <Text size="sm" c="dimmed" p="md">
              You are all caught up.
            </Text>
          )}
          <Stack gap={0}>
            {latest.data?.myNotifications.edges.map(({ node: n }) => {
              const to = notificationLink(n);
              const body = (
                <Box px="md" py="sm" bg={n.isRead ? undefined : 'indigo.0'}>
                  <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={n.isRead ? 500 : 700} lineClamp={2}>
                      {n.title}
                    </Text>
                    {!n.isRead && (
                      <Badge size="xs" color="indigo.8" variant="filled">
                        New
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {n.message}
                  </Text>
                  <Text size="xs" c="dimmed" mt={2}>
                    {formatRelative(n.sentAt)}
                  </Text>
                </Box>
              );
              const onOpen = () => {
                if (!n.isRead) void markRead({ variables: { input: { id: n.id } } });
                close();
              };
              return to ? (
                <UnstyledButton key={n.id} component={Link} to={to} onClick={onOpen} display="block">
                  {body}
                </UnstyledButton>
              ) : (
                <UnstyledButton key={n.id} onClick={onOpen} display="block" w="100%">
                  {body}
                </UnstyledButton>
              );
            })}
          </Stack>
        </Box>
        <Divider />
        <Group justify="space-between" px="md" py="sm">
          <Anchor component={Link} to="/notifications" size="sm" onClick={close}>
            See all
          </Anchor>
          <Anchor component={Link} to="/notifications/preferences" size="sm" onClick={close}>
            Preferences
          </Anchor>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
