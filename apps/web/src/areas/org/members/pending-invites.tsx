import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Badge, Button, Card, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconLink, IconMailOff } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { useFormErrors } from '../../../shared/components/form-errors';
import { PageEmpty } from '../../../shared/components/page-states';
import { formatRelative } from '../../../shared/format/date.format';
import { orgRoleLabel } from '../../../shared/session/labels';
import type { TeamInvitesQuery } from '../../../gql/graphql';
import { TeamInviteResendMutation } from './graphql/team-invite-resend.mutation';
import { TeamInviteRevokeMutation } from './graphql/team-invite-revoke.mutation';
import { ConfirmDialog } from './confirm-dialog';
import { InviteLink } from './invite-link';
import { ROLE_COLOR } from './roles';

type Invite = TeamInvitesQuery['teamInvites']['edges'][number]['node'];

/** Pending invitations: a new link (the old one stops working) or revoke. */
export function PendingInvites({ invites, onChanged }: { invites: Invite[]; onChanged: () => void }) {
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const revokeErrors = useFormErrors([]);
  const resendErrors = useFormErrors([]);
  const [revoke, revokeState] = useMutation(TeamInviteRevokeMutation);
  const [resend] = useMutation(TeamInviteResendMutation);

  const onResend = async (i: Invite) => {
    setBusyId(i.id);
    resendErrors.clear();
    try {
      const { data } = await resend({ variables: { id: i.id } });
      const p = data?.teamInviteResend;
      if (p?.inviteUrl && p.invite) setLink({ url: p.inviteUrl, email: p.invite.email });
      else if (p) resendErrors.setFromPayload(p.errors);
      onChanged();
    } catch (e) {
      resendErrors.setFromException(e);
    } finally {
      setBusyId(null);
    }
  };

  const onRevoke = async () => {
    if (!revoking) return;
    revokeErrors.clear();
    try {
      const { data } = await revoke({ variables: { id: revoking.id } });
      if (data?.teamInviteRevoke.errors.length) return revokeErrors.setFromPayload(data.teamInviteRevoke.errors);
      setRevoking(null);
      onChanged();
    } catch (e) {
      revokeErrors.setFromException(e);
    }
  };

  if (!invites.length) {
    return (
      <PageEmpty
        icon={<IconMailOff aria-hidden />}
        title="No pending invitations"
        description="Invitations you send appear here until they are accepted, declined or revoked."
      />
    );
  }

  const row = (i: Invite) => {
    const expired = i.status === 'expired';
    return {
      status: (
        <Badge color={expired ? 'red' : 'yellow'} variant="light">
          {expired ? 'Expired' : 'Pending'}
        </Badge>
      ),
      expires: (
        <Text size="sm" title={i.expiresAt}>
          {expired ? (
            <>
              expired <DateText value={i.expiresAt} />
            </>
          ) : (
            `expires ${formatRelative(i.expiresAt)}`
          )}
        </Text>
      ),
      actions: (
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconLink size={14} aria-hidden />}
            loading={busyId === i.id}
            onClick={() => void onResend(i)}
            aria-label={`New link for ${i.email}`}
          >
            New link
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(i)} aria-label={`Revoke the invitation of ${i.email}`}>
            Revoke
          </Button>
        </Group>
      ),
    };
  };

  return (
    <>
      {resendErrors.all.length > 0 && (
        <Text c="red.8" size="sm" role="alert">
          {resendErrors.all[0]!.message}
        </Text>
      )}
      <Table.ScrollContainer minWidth={640} visibleFrom="sm">
        <Table aria-label="Pending invitations" data-testid="pending-invites">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">E-mail</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Invited by</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Expiry</Table.Th>
              <Table.Th scope="col" ta="right">
                Actions
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invites.map((i) => {
              const r = row(i);
              return (
                <Table.Tr key={i.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{i.email}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={ROLE_COLOR[i.role]}>
                      {orgRoleLabel[i.role]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{i.invitedByName ?? '—'}</Table.Td>
                  <Table.Td>{r.status}</Table.Td>
                  <Table.Td>{r.expires}</Table.Td>
                  <Table.Td>{r.actions}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="sm" hiddenFrom="sm" component="ul" aria-label="Pending invitations" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {invites.map((i) => {
          const r = row(i);
          return (
            <Card key={i.id} withBorder padding="md" component="li">
              <Stack gap={6}>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {i.email}
                </Text>
                <Group gap="xs">
                  <Badge variant="light" color={ROLE_COLOR[i.role]}>
                    {orgRoleLabel[i.role]}
                  </Badge>
                  {r.status}
                </Group>
                {r.expires}
                {r.actions}
              </Stack>
            </Card>
          );
        })}
      </Stack>

      <ConfirmDialog
        opened={!!revoking}
        title="Revoke invitation"
        confirmLabel="Revoke"
        onConfirm={() => void onRevoke()}
        onClose={() => {
          setRevoking(null);
          revokeErrors.clear();
        }}
        loading={revokeState.loading}
        errors={revokeErrors.all}
      >
        The link sent to {revoking?.email} will stop working.
      </ConfirmDialog>
      <Modal opened={!!link} onClose={() => setLink(null)} title="New invitation link" size="lg">
        {link && (
          <Stack>
            <InviteLink url={link.url} email={link.email} />
            <Group justify="flex-end">
              <Button onClick={() => setLink(null)}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
