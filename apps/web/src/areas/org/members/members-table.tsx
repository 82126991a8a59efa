import { ActionIcon, Badge, Card, Group, Menu, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconDots, IconUserCog, IconUserMinus } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { orgRoleLabel, permissionLabel } from '../../../shared/session/labels';
import type { OrganizationMembersQuery } from '../../../gql/graphql';
import { hasCustomPermissions, ROLE_COLOR } from './roles';

export type Member = OrganizationMembersQuery['organizationMembers']['edges'][number]['node'];

interface Props {
  members: Member[];
  /** Management controls (change role, remove): members who may manage members only. */
  canManage: boolean;
  /** Admins may act on admins; other managers may not. */
  viewerIsAdmin: boolean;
  onChangeRole: (m: Member) => void;
  onRemove: (m: Member) => void;
}

function MemberActions({ m, onChangeRole, onRemove }: { m: Member } & Pick<Props, 'onChangeRole' | 'onRemove'>) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${m.name}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconUserCog size={16} aria-hidden />} onClick={() => onChangeRole(m)}>
          Change role
        </Menu.Item>
        <Menu.Item color="red" leftSection={<IconUserMinus size={16} aria-hidden />} onClick={() => onRemove(m)}>
          {m.isYou ? 'Leave organization' : 'Remove from organization'}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function RoleBadge({ m }: { m: Member }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={ROLE_COLOR[m.role]} variant={m.role === 'admin' ? 'filled' : 'light'} data-testid="member-role">
        {orgRoleLabel[m.role]}
      </Badge>
      {hasCustomPermissions(m.role, m.permissions) && (
        <Badge variant="outline" color="gray" size="sm" tt="none">
          custom
        </Badge>
      )}
    </Group>
  );
}

const permissionsText = (m: Member) =>
  m.role === 'admin' ? 'Everything' : m.effectivePermissions.map((p) => permissionLabel[p]).join(', ');

/** The members, as a table from `sm` up and as cards on phones. */
export function MembersTable({ members, canManage, viewerIsAdmin, onChangeRole, onRemove }: Props) {
  const actionable = (m: Member) => canManage && (viewerIsAdmin || m.role !== 'admin');
  return (
    <>
      <Table.ScrollContainer minWidth={640} visibleFrom="sm">
        <Table verticalSpacing="sm" aria-label="Members" data-testid="members-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Member</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Permissions</Table.Th>
              <Table.Th scope="col">Joined</Table.Th>
              {canManage && (
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((m) => (
              <Table.Tr key={m.id} data-testid="member-row">
                <Table.Td>
                  <Stack gap={0}>
                    <Group gap={6}>
                      <Text fw={600} size="sm">
                        {m.name}
                      </Text>
                      {m.isYou && (
                        <Badge size="xs" variant="outline">
                          You
                        </Badge>
                      )}
                    </Group>
                    {m.email && (
                      <Text size="xs" c="dimmed">
                        {m.email}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <RoleBadge m={m} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" maw={320}>
                    {permissionsText(m)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <DateText value={m.joinedAt} />
                  </Text>
                </Table.Td>
                {canManage && (
                  <Table.Td ta="right">{actionable(m) && <MemberActions m={m} onChangeRole={onChangeRole} onRemove={onRemove} />}</Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="sm" hiddenFrom="sm" component="ul" aria-label="Members" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {members.map((m) => (
          <Card key={m.id} withBorder padding="md" component="li">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Text fw={600}>{m.name}</Text>
                  {m.isYou && (
                    <Badge size="xs" variant="outline">
                      You
                    </Badge>
                  )}
                </Group>
                {m.email && (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {m.email}
                  </Text>
                )}
                <RoleBadge m={m} />
                <Text size="xs" c="dimmed">
                  {permissionsText(m)} · joined <DateText value={m.joinedAt} />
                </Text>
              </Stack>
              {actionable(m) && <MemberActions m={m} onChangeRole={onChangeRole} onRemove={onRemove} />}
            </Group>
          </Card>
        ))}
      </Stack>
    </>
  );
}
