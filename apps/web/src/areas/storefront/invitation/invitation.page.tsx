import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Center, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconLinkOff, IconMailOpened } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PageError, PageLoading } from '../../../shared/components/page-states';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { orgRoleLabel } from '../../../shared/session/labels';
import { useSession } from '../../../shared/session/session-provider';
import { useSignOut } from '../../../shared/session/use-sign-out';
import { InvitationQuery } from './graphql/invitation.query';
import { InvitationAcceptMutation } from './graphql/invitation-accept.mutation';
import { InvitationDeclineMutation } from './graphql/invitation-decline.mutation';

const CLOSED: Record<string, { title: string; text: string }> = {
  expired: {
    title: 'This invitation has expired',
    text: 'Invitations are valid for 7 days. Ask an admin of the organization to send you a new one.',
  },
  accepted: { title: 'This invitation was already used', text: 'Each invitation link works once.' },
  declined: { title: 'This invitation was declined', text: 'Ask an admin of the organization if you want to join after all.' },
  revoked: { title: 'This invitation was withdrawn', text: 'The organization cancelled it. Ask one of its admins if this is a mistake.' },
};

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Center py="xl">
      <Card withBorder padding="xl" maw={560} w="100%" component="section" aria-labelledby="invitation-title">
        {children}
      </Card>
    </Center>
  );
}

/** `/invitations/:token`: the link from an invitation e-mail. Public; joining needs the invited account. */
export function InvitationPage() {
  const { token = '' } = useParams();
  useDocumentTitle('Invitation · Webkernel Marketplace');
  const session = useSession();
  const navigate = useNavigate();
  const { setCurrentOrgId } = useCurrentOrg();
  const { signOut, pending: signingOut } = useSignOut();
  const errors = useFormErrors([]);
  const [declined, setDeclined] = useState(false);
  const query = useQuery(InvitationQuery, { variables: { token }, fetchPolicy: 'network-only' });
  const [accept, accepting] = useMutation(InvitationAcceptMutation, { refetchQueries: [CurrentUserQuery], awaitRefetchQueries: true });
  const [decline, declining] = useMutation(InvitationDeclineMutation);
  const here = `/invitations/${token}`;

  if (!query.data) {
    if (query.error && hasErrorCode(query.error, 'NOT_FOUND')) {
      return (
        <Frame>
          <Stack align="center" ta="center" gap="sm">
            <ThemeIcon size={56} radius="xl" variant="light" color="gray" aria-hidden>
              <IconLinkOff size={28} />
            </ThemeIcon>
            <Title order={1} fz="xl" id="invitation-title">
              This invitation link is not valid
            </Title>
            <Text c="dimmed">Check that you copied the whole link. A link stops working when the organization sends a new one.</Text>
            <Button component={Link} to="/" variant="light">
              Go to the storefront
            </Button>
          </Stack>
        </Frame>
      );
    }
    if (query.error) return <PageError error={query.error} onRetry={() => void query.refetch().catch(() => undefined)} />;
    return <PageLoading label="Opening the invitation…" cards={1} />;
  }

  const inv = query.data.invitation;
  const role = orgRoleLabel[inv.role];
  const closed = declined ? CLOSED.declined : inv.status !== 'pending' ? CLOSED[inv.status] : null;

  const onAccept = async () => {
    errors.clear();
    try {
      const { data } = await accept({ variables: { token } });
      const payload = data?.teamInviteAccept;
      if (!payload) return;
      if (payload.errors.length || !payload.organization) {
        errors.setFromPayload(payload.errors);
        void query.refetch().catch(() => undefined);
        return;
      }
      setCurrentOrgId(payload.organization.id);
      notifications.show({
        color: 'green',
        message: `Welcome to ${payload.organization.name}! You joined as ${orgRoleLabel[payload.membership!.role].toLowerCase()}.`,
      });
      await navigate('/org');
    } catch (e) {
      errors.setFromException(e);
    }
  };

  const onDecline = async () => {
    errors.clear();
    try {
      const { data } = await decline({ variables: { token } });
      if (data?.teamInviteDecline.errors.length) errors.setFromPayload(data.teamInviteDecline.errors);
      else setDeclined(true);
    } catch (e) {
      errors.setFromException(e);
    }
  };

  return (
    <Frame>
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
            <IconMailOpened size={26} />
          </ThemeIcon>
          <Title order={1} fz={{ base: 22, sm: 26 }} id="invitation-title">
            {closed ? closed.title : `Join ${inv.organizationName}`}
          </Title>
        </Group>
        <Text>
          {inv.invitedByName ?? 'An admin'} invited you to join <strong>{inv.organizationName}</strong> as <strong>{role}</strong>.
        </Text>
        {closed ? (
          <Alert color="gray" variant="light" icon={<IconAlertTriangle aria-hidden />} data-testid="invitation-closed">
            {closed.text}
          </Alert>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              The invitation is valid until <DateText value={inv.expiresAt} withTime />.
            </Text>
            <FormErrorAlert errors={errors.general} />
            {session.status === 'loading' ? null : session.status !== 'signed-in' ? (
              <Stack gap="sm">
                <Text>Sign in with the invited e-mail address to accept, or create your account with it.</Text>
                <Group grow>
                  <Button component={Link} to={`/sign-in?next=${encodeURIComponent(here)}`}>
                    Sign in to accept
                  </Button>
                  <Button component={Link} to={`/sign-up?next=${encodeURIComponent(here)}`} variant="default">
                    Create an account
                  </Button>
                </Group>
              </Stack>
            ) : inv.alreadyMember ? (
              <Stack gap="sm">
                <Alert color="teal" variant="light">
                  You are already a member of {inv.organizationName}.
                </Alert>
                <Button component={Link} to="/org">
                  Open the organization
                </Button>
              </Stack>
            ) : !inv.isForYou ? (
              <Stack gap="sm">
                <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} data-testid="invitation-mismatch">
                  This invitation was sent to another e-mail address than yours ({session.me.email}). Sign in with the invited account to
                  accept it.
                </Alert>
                <Button variant="default" loading={signingOut} onClick={() => void signOut(`/sign-in?next=${encodeURIComponent(here)}`)}>
                  Sign out and use another account
                </Button>
              </Stack>
            ) : (
              <Stack gap="sm">
                <Text size="sm">
                  Signed in as <strong>{inv.email}</strong>.
                </Text>
                <Group grow>
                  <Button onClick={() => void onAccept()} loading={accepting.loading} disabled={declining.loading}>
                    Accept and join
                  </Button>
                  <Button variant="default" onClick={() => void onDecline()} loading={declining.loading} disabled={accepting.loading}>
                    Decline
                  </Button>
                </Group>
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Frame>
  );
}
