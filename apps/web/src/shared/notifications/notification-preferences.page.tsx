import { Link, Navigate, useLocation } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Breadcrumbs, Card, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import type { NotificationType } from '../../gql/graphql';
import { PageHeader } from '../components/page-header';
import { PageError, PageLoading, QueryStates } from '../components/page-states';
import { describeError } from '../errors/describe-error';
import { useSession } from '../session/session-provider';
import { signInPath } from '../session/safe-next';
import { NotificationPreferencesQuery } from './graphql/notification-preferences.query';
import { NotificationPreferenceUpdateMutation } from './graphql/notification-preference-update.mutation';
import { notificationTypeLabel } from './notification-labels';

type Channel = 'emailEnabled' | 'inAppEnabled' | 'smsEnabled';
const CHANNELS: { key: Channel; label: string }[] = [
  { key: 'inAppEnabled', label: 'In the app' },
  { key: 'emailEnabled', label: 'E-mail' },
  { key: 'smsEnabled', label: 'SMS' },
];

/** `/notifications/preferences`: channels per notification type for the signed-in user. */
export function NotificationPreferencesPage() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'error') return <PageError error={session.error} onRetry={session.refetch} />;
  if (session.status === 'signed-out') return <Navigate to={signInPath(location.pathname)} replace />;
  return <Preferences />;
}

function Preferences() {
  const query = useQuery(NotificationPreferencesQuery);
  const [update] = useMutation(NotificationPreferenceUpdateMutation);

  const toggle = async (type: NotificationType, channel: Channel, value: boolean) => {
    try {
      const { data } = await update({
        variables: { input: { notificationType: type, [channel]: value } },
        update(cache, { data: result }) {
          const saved = result?.notificationPreferenceUpdate.preference;
          if (!saved) return;
          cache.updateQuery({ query: NotificationPreferencesQuery }, (prev) =>
            prev
              ? {
                  notificationPreferences: prev.notificationPreferences.map((p) =>
                    p.notificationType === saved.notificationType ? saved : p,
                  ),
                }
              : prev,
          );
        },
      });
      const errs = data?.notificationPreferenceUpdate.errors ?? [];
      if (errs.length) notifications.show({ color: 'red', message: errs[0]!.message });
      else notifications.show({ color: 'green', message: `${notificationTypeLabel[type]}: saved.` });
    } catch (e) {
      notifications.show({ color: 'red', message: describeError(e) });
    }
  };

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/notifications" size="sm">
          Notifications
        </Anchor>
        <span aria-current="page">Preferences</span>
      </Breadcrumbs>
      <PageHeader title="Notification preferences" description="Choose how you hear about each kind of event. Changes are saved at once." />
      <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />} mb="md">
        SMS choices are stored for when text messages become available; no SMS is sent today.
      </Alert>
      <QueryStates query={query}>
        {(d) => (
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="sm" horizontalSpacing="md" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Event</Table.Th>
                    {CHANNELS.map((c) => (
                      <Table.Th key={c.key} scope="col" ta="center">
                        {c.label}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.notificationPreferences.map((p) => (
                    <Table.Tr key={p.notificationType}>
                      <Table.Th scope="row" fw={500}>
                        <Text size="sm" fw={500}>
                          {notificationTypeLabel[p.notificationType]}
                        </Text>
                        {!p.customized && (
                          <Text size="xs" c="dimmed">
                            Default
                          </Text>
                        )}
                      </Table.Th>
                      {CHANNELS.map((c) => (
                        <Table.Td key={c.key} ta="center">
                          <Switch
                            checked={p[c.key]}
                            onChange={(e) => void toggle(p.notificationType, c.key, e.currentTarget.checked)}
                            aria-label={`${notificationTypeLabel[p.notificationType]}: ${c.label}`}
                            style={{ display: 'inline-block' }}
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        )}
      </QueryStates>
    </>
  );
}
