import { Link, useLocation } from 'react-router';
import { Button, Center, Code, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMapSearch } from '@tabler/icons-react';

export function NotFoundPage() {
  useDocumentTitle('Page not found · Webkernel Marketplace');
  const { pathname } = useLocation();
  return (
    <Center mih="55vh" data-testid="not-found">
      <Stack align="center" gap="md" maw={560} ta="center" px="md">
        <ThemeIcon size={64} radius="xl" color="gray" variant="light" aria-hidden>
          <IconMapSearch size={32} />
        </ThemeIcon>
        <Text fw={700} c="dimmed" size="sm" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
          404 · Not found
        </Text>
        <Title order={1} fz={{ base: 26, sm: 32 }}>
          This page does not exist
        </Title>
        <Text>
          Nothing lives at <Code style={{ overflowWrap: 'anywhere' }}>{pathname}</Code>. Check the address, or start again from the
          storefront.
        </Text>
        <Button component={Link} to="/" mt="sm">
          Go to the storefront
        </Button>
      </Stack>
    </Center>
  );
}
