import type { ReactNode } from 'react';
import { Badge, Box, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { IconBuildingPlus, IconLogout, IconUserCircle } from '@tabler/icons-react';
import type { CurrentUser } from '../../session/session-provider';
import { useCurrentOrg } from '../../session/current-org';
import { useSignOut } from '../../session/use-sign-out';
import { orgRoleLabel, platformRoleLabel } from '../../session/labels';
import classes from './layout.module.css';

/** @param face what the closed button shows: AccountButtonFace, from header-parts.tsx (as its placeholder shows it). */
export function UserMenu({ me, face }: { me: CurrentUser; face: ReactNode }) {
  const { membership } = useCurrentOrg();
  const { signOut, pending } = useSignOut();
  return (
    <Menu position="bottom-end" width={280} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton className={classes.userButton} aria-label={`Account menu: ${me.name}`} data-testid="user-menu">
          {face}
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Box px="sm" py="xs" data-testid="user-menu-details">
          <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {me.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {me.email}
          </Text>
          <Group gap={6} mt="xs">
            <Badge
              variant={me.platformRole === 'platform_admin' ? 'filled' : 'outline'}
              color={me.platformRole === 'platform_admin' ? 'grape.8' : 'gray.7'}
              size="sm"
            >
              {platformRoleLabel[me.platformRole]}
            </Badge>
            {membership && (
              <Badge variant="outline" color="indigo.8" size="sm" title={`Your role in ${membership.organization.name}`}>
                {orgRoleLabel[membership.role]} · {membership.organization.name}
              </Badge>
            )}
          </Group>
        </Box>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} aria-hidden />}>
          Your profile
        </Menu.Item>
        <Menu.Item component={Link} to="/org/new" leftSection={<IconBuildingPlus size={16} aria-hidden />}>
          Create an organization
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()} disabled={pending}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
