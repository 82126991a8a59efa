import { Link } from 'react-router';
import { Badge, Box, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBuildingStore, IconCertificate, IconPlugConnected, IconSearch, IconShieldCheck } from '@tabler/icons-react';
import { CatalogBrowser } from '../catalog/catalog-browser';
import { useSession } from '../../../shared/session/session-provider';
import classes from './storefront-home.module.css';

const PROMISES = [
  {
    icon: IconShieldCheck,
    title: 'Reviewed before release',
    text: 'Every version is checked by the platform team before buyers can see it.',
  },
  {
    icon: IconPlugConnected,
    title: 'Compatible with your core',
    text: 'Versions declare the core versions and modules they need, checked at activation.',
  },
  {
    icon: IconCertificate,
    title: 'Licenses you control',
    text: 'Activate what you buy on your production, staging and development instances.',
  },
];

export function StorefrontHomePage() {
  useDocumentTitle('Webkernel Marketplace');
  const session = useSession();
  return (
    <Stack gap={48}>
      <Box component="section" aria-labelledby="hero-title" className={classes.hero}>
        <Stack gap="md" maw={680}>
          <Badge variant="white" color="indigo.9" size="lg" w="fit-content">
            For Webkernel and more
          </Badge>
          <Title id="hero-title" order={1} className={classes.heroTitle}>
            Extend your platform with modules you can trust
          </Title>
          <Text size="lg" className={classes.heroText}>
            Find modules and plugins for your modular software, compare versions, compatibility and pricing, and activate them on your
            instances. Vendors publish, the platform team reviews, your organization stays in control.
          </Text>
          <Group gap="sm" mt="xs" className={classes.heroActions}>
            <Button
              component="a"
              href="#browse"
              size="md"
              variant="white"
              color="indigo.9"
              leftSection={<IconSearch size={18} aria-hidden />}
            >
              Browse modules
            </Button>
            {session.status === 'signed-out' && (
              <Button component={Link} to="/sign-up" size="md" variant="outline" className={classes.heroSecondary}>
                Create an account
              </Button>
            )}
            {session.status !== 'signed-in' || session.me.vendors.length === 0 ? (
              <Button
                component={Link}
                to="/become-a-vendor"
                size="md"
                variant="outline"
                className={classes.heroSecondary}
                leftSection={<IconBuildingStore size={18} aria-hidden />}
              >
                Sell your modules
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Box>

      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg" component="section" aria-label="Why buy here">
        {PROMISES.map(({ icon: Icon, title, text }) => (
          <Card key={title} withBorder padding="lg">
            <ThemeIcon size={44} radius="md" variant="light" aria-hidden>
              <Icon size={24} />
            </ThemeIcon>
            <Text fw={600} mt="md">
              {title}
            </Text>
            <Text size="sm" c="dimmed" mt={4}>
              {text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>

      <Box component="section" id="browse" aria-labelledby="browse-title" className={classes.browse}>
        <Title id="browse-title" order={2} mb="xs">
          Browse modules
        </Title>
        <Text c="dimmed" mb="lg">
          Every module listed here has a version reviewed by the platform team. Pick your core version to see only what runs on it.
        </Text>
        <CatalogBrowser />
      </Box>
    </Stack>
  );
}
