import { Link, useLocation } from 'react-router';
import { Anchor, Button, Center, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import type { AreaRequirement } from '../components/role-guard';
import { useSignOut } from '../session/use-sign-out';
import { signInPath } from '../session/safe-next';

const WHO: Record<AreaRequirement, string> = {
  'signed-in': 'signed-in people',
  member: 'members of an organization',
  vendor: 'people who manage a vendor',
  platform_admin: 'platform administrators',
};

/** 403: signed in, but not allowed here. Never renders any of the area. */
export function NoAccessPage({ areaName, requirement, email }: { areaName: string; requirement: AreaRequirement; email: string }) {
  useDocumentTitle('No access · Webkernel Marketplace');
  const location = useLocation();
  const { signOut, pending } = useSignOut();
  return (
    <Center mih="55vh" data-testid="no-access">
      <Stack align="center" gap="md" maw={560} ta="center" px="md">
        <ThemeIcon size={64} radius="xl" color="red" variant="light" aria-hidden>
          <IconLock size={32} />
        </ThemeIcon>
        <Text fw={700} c="red.8" size="sm" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
          403 · No access
        </Text>
        <Title order={1} fz={{ base: 26, sm: 32 }}>
          You don&apos;t have access to this area
        </Title>
        <Text>
          The {areaName} is for {WHO[requirement]}. You are signed in as{' '}
          <Text span fw={600} style={{ overflowWrap: 'anywhere' }}>
            {email}
          </Text>
          .
        </Text>
        {requirement === 'member' && (
          <Text>Not in an organization yet? Create one to buy modules for your team, or ask an admin to invite you.</Text>
        )}
        {requirement === 'vendor' && (
          <Text>
            Want to sell your modules here?{' '}
            <Anchor component={Link} to="/become-a-vendor" fw={600}>
              Become a vendor
            </Anchor>
          </Text>
        )}
        <Group justify="center" gap="sm" mt="sm">
          {requirement === 'member' && (
            <Button component={Link} to="/org/new">
              Create an organization
            </Button>
          )}
          <Button component={Link} to="/" variant={requirement === 'member' ? 'default' : 'filled'}>
            Go to the storefront
          </Button>
          <Button variant="default" loading={pending} onClick={() => void signOut(signInPath(location.pathname + location.search))}>
            Sign in with another account
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
