import { Link } from 'react-router';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { PageEmpty } from '../../../shared/components/page-states';
import { signInPath } from '../../../shared/session/safe-next';

/** Signed out: modules are bought for an organization, so sign in first (and come back here). */
export function SignInToBuy({ here }: { here: string }) {
  return (
    <Card withBorder padding="xl" maw={560} mx="auto" mt="xl">
      <Stack align="flex-start">
        <Title order={1} fz={24}>
          Sign in to buy
        </Title>
        <Text c="dimmed">Modules are bought for an organization. Sign in with an account that may purchase for it.</Text>
        <Button component={Link} to={signInPath(here)} leftSection={<IconLock size={16} aria-hidden />}>
          Sign in
        </Button>
      </Stack>
    </Card>
  );
}

/** Signed in without the “Purchase modules” permission in any organization. */
export function CannotBuyYet({ slug }: { slug: string }) {
  return (
    <Card withBorder padding="xl" mt="xl">
      <PageEmpty
        title="You cannot buy modules yet"
        description="Buying needs the “Purchase modules” permission in an organization. Ask an admin of your organization, or create one."
        action={
          <Group gap="sm" justify="center">
            <Button component={Link} to={`/org/new?next=${encodeURIComponent(`/checkout/${slug}`)}`}>
              Create an organization
            </Button>
            <Button component={Link} to={`/modules/${encodeURIComponent(slug)}`} variant="default">
              Back to the module
            </Button>
          </Group>
        }
      />
    </Card>
  );
}

/** Buying needs a verified e-mail address. */
export function VerifyEmailToBuy({ slug, email }: { slug: string; email: string }) {
  return (
    <Card withBorder padding="xl" mt="xl" data-testid="checkout-unverified">
      <PageEmpty
        title="Verify your e-mail address to buy"
        description={`Open the link we sent to ${email}. You can send a new one from your profile.`}
        action={
          <Group gap="sm" justify="center">
            <Button component={Link} to="/account">
              Your profile
            </Button>
            <Button component={Link} to={`/modules/${encodeURIComponent(slug)}`} variant="default">
              Back to the module
            </Button>
          </Group>
        }
      />
    </Card>
  );
}

/** The module does not exist or is not on sale. */
export function ModuleUnavailable() {
  return (
    <Card withBorder padding="xl" mt="xl">
      <PageEmpty
        title="This module is not available"
        description="It does not exist or cannot be bought right now."
        action={
          <Button component={Link} to="/" variant="default">
            Browse the catalog
          </Button>
        }
      />
    </Card>
  );
}
