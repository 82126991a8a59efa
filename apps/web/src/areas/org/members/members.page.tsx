import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDoorExit, IconUserPlus } from '@tabler/icons-react';
import { useFormErrors } from '../../../shared/components/form-errors';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, PageError, QueryStates } from '../../../shared/components/page-states';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { orgRoleLabel } from '../../../shared/session/labels';
import { ChangeRoleDialog } from './change-role-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { InviteDialog } from './invite-dialog';
import { MembersTable, type Member } from './members-table';
import { PendingInvites } from './pending-invites';
import { ROLE_COLOR } from './roles';
import { MembershipRemoveMutation } from './graphql/membership-remove.mutation';
import { OrganizationMembersQuery } from './graphql/organization-members.query';
import { TeamInvitesQuery } from './graphql/team-invites.query';

const PAGE = 100;

/**
 * `/org/members`: everyone in the current organization. Members who may manage members also
 * get the invite dialog, role changes, removal and pending invitations (the API refuses the
 * others anyway).
 */
export function MembersPage() {
  const { organization, membership } = useCurrentOrg();
  const client = useApolloClient();
  const navigate = useNavigate();
  const orgId = organization?.id ?? 0;
  const canManage = !!membership?.effectivePermissions.includes('manage_members');
  const viewerIsAdmin = membership?.role === 'admin';

  const members = useQuery(OrganizationMembersQuery, { variables: { orgId, first: PAGE }, skip: !orgId });
  const invites = useQuery(TeamInvitesQuery, { variables: { orgId }, skip: !orgId || !canManage });
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const removeErrors = useFormErrors([]);
  const [remove, removeState] = useMutation(MembershipRemoveMutation);

  const refresh = () => {
    void members.refetch().catch(() => undefined);
    if (canManage) void invites.refetch().catch(() => undefined);
  };

  const onRemove = async () => {
    if (!removing) return;
    removeErrors.clear();
    try {
      const { data } = await remove({ variables: { membershipId: removing.id } });
      const p = data?.membershipRemove;
      if (!p) return;
      if (p.errors.length) return removeErrors.setFromPayload(p.errors);
      const left = removing.isYou;
      notifications.show({ color: 'green', message: left ? `You left ${organization?.name}.` : `${removing.name} was removed.` });
      setRemoving(null);
      if (left) {
        await client.refetchQueries({ include: [CurrentUserQuery] });
        await navigate('/');
      } else refresh();
    } catch (e) {
      removeErrors.setFromException(e);
    }
  };

  const onRoleSaved = async () => {
    const self = editing?.isYou;
    setEditing(null);
    notifications.show({ color: 'green', message: 'Role updated.' });
    refresh();
    // Your own permissions changed: the header, the switcher and this page must know.
    if (self) await client.refetchQueries({ include: [CurrentUserQuery] });
  };

  const loadMore = async () => {
    const cursor = members.data?.organizationMembers.pageInfo.endCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      await members.fetchMore({
        variables: { after: cursor },
        updateQuery: (prev, { fetchMoreResult }) => ({
          organizationMembers: {
            ...fetchMoreResult.organizationMembers,
            edges: [...(prev.organizationMembers?.edges ?? []), ...fetchMoreResult.organizationMembers.edges],
          },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  if (!organization || !membership)
    return <PageEmpty title="You are not a member of any organization" description="Ask an organization admin to invite you." />;
  const me = members.data?.organizationMembers.edges.find((e) => e.node.isYou)?.node;

  return (
    <>
      <PageHeader
        title="Members"
        documentTitle={`Members · ${organization.name}`}
        description={
          canManage
            ? `Who is in ${organization.name}, what each person may do, and who is invited.`
            : `Who is in ${organization.name}. Ask an admin to change roles or invite someone.`
        }
        actions={
          <>
            {canManage && (
              <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => setInviting(true)}>
                Invite member
              </Button>
            )}
            {me && (
              <Button variant="subtle" color="red" leftSection={<IconDoorExit size={18} aria-hidden />} onClick={() => setRemoving(me)}>
                Leave
              </Button>
            )}
          </>
        }
      />

      <Stack gap="xl">
        <Card withBorder padding="lg" component="section" aria-labelledby="members-title">
          <Group justify="space-between" mb="md" gap="xs">
            <Title order={2} fz="lg" id="members-title">
              Team
            </Title>
            {members.data && (
              <Group gap={6} aria-label="Members by role">
                {(['admin', 'developer', 'viewer'] as const).map((r) => {
                  const n = members.data!.organizationMembers.edges.filter((e) => e.node.role === r).length;
                  return n ? (
                    <Badge key={r} variant="light" color={ROLE_COLOR[r]}>
                      {n} {orgRoleLabel[r].toLowerCase()}
                      {n > 1 ? 's' : ''}
                    </Badge>
                  ) : null;
                })}
              </Group>
            )}
          </Group>
          <QueryStates query={members} isEmpty={(d) => d.organizationMembers.edges.length === 0} empty={<PageEmpty title="No members" />}>
            {(d) => (
              <Stack gap="md">
                <MembersTable
                  members={d.organizationMembers.edges.map((e) => e.node)}
                  canManage={canManage}
                  viewerIsAdmin={viewerIsAdmin}
                  onChangeRole={setEditing}
                  onRemove={setRemoving}
                />
                {d.organizationMembers.pageInfo.hasNextPage && (
                  <Group justify="center">
                    <Button variant="default" onClick={() => void loadMore()} loading={loadingMore}>
                      Show more members
                    </Button>
                  </Group>
                )}
                {!canManage && (
                  <Text size="sm" c="dimmed">
                    You are {orgRoleLabel[membership.role].toLowerCase()} here. Only members who may manage members see e-mail addresses and
                    invitations.
                  </Text>
                )}
              </Stack>
            )}
          </QueryStates>
        </Card>

        {canManage && (
          <Card withBorder padding="lg" component="section" aria-labelledby="invites-title">
            <Title order={2} fz="lg" id="invites-title" mb="md">
              Pending invitations
            </Title>
            {invites.error && !invites.data ? (
              <PageError error={invites.error} onRetry={() => void invites.refetch().catch(() => undefined)} />
            ) : (
              <QueryStates query={invites}>
                {(d) => <PendingInvites invites={d.teamInvites.edges.map((e) => e.node)} onChanged={refresh} />}
              </QueryStates>
            )}
          </Card>
        )}
      </Stack>

      {canManage && (
        <InviteDialog
          orgId={organization.id}
          orgName={organization.name}
          opened={inviting}
          onClose={() => setInviting(false)}
          onInvited={refresh}
          canGrantAdmin={viewerIsAdmin}
        />
      )}
      {canManage && (
        <ChangeRoleDialog
          member={editing}
          onClose={() => setEditing(null)}
          onSaved={() => void onRoleSaved()}
          canGrantAdmin={viewerIsAdmin}
        />
      )}
      <ConfirmDialog
        opened={!!removing}
        title={removing?.isYou ? `Leave ${organization.name}` : 'Remove member'}
        confirmLabel={removing?.isYou ? 'Leave organization' : 'Remove'}
        onConfirm={() => void onRemove()}
        onClose={() => {
          setRemoving(null);
          removeErrors.clear();
        }}
        loading={removeState.loading}
        errors={removeErrors.all}
      >
        {removing?.isYou
          ? `You will lose access to ${organization.name}: its licenses, instances and members.`
          : `${removing?.name} will lose access to ${organization.name} at once.`}
      </ConfirmDialog>
    </>
  );
}
