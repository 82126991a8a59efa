import { Link } from 'react-router';
import { Badge, Card, Group, Rating, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheckFilled, IconCircleXFilled, IconLock } from '@tabler/icons-react';
import type { CatalogModulesQuery } from '../../../gql/graphql';
import { ModuleIcon } from '../components/module-icon';
import { VendorBadge } from '../components/vendor-badge';
import classes from './catalog.module.css';
import { formatCount } from '../../../shared/format/count.format';

export type CatalogCard = CatalogModulesQuery['catalogModules']['edges'][number]['node'];

/** A catalog card: icon, name, vendor + badge, short description, price, rating, latest version, compatibility. */
export function ModuleCard({ module: m, coreVersion }: { module: CatalogCard; coreVersion: string | null }) {
  const compatible = m.compatibleVersionsWith ?? null;
  return (
    <Card
      withBorder
      padding="lg"
      className={classes.card}
      component="article"
      aria-labelledby={`module-${m.id}-name`}
      data-testid="module-card"
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ModuleIcon name={m.name} iconUrl={m.iconUrl} />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Title order={3} fz="lg" id={`module-${m.id}-name`} style={{ overflowWrap: 'anywhere' }}>
            <Link to={`/modules/${m.slug}`} className={classes.cardLink}>
              {m.name}
            </Link>
          </Title>
          <Group gap={6} wrap="wrap">
            <Text size="sm" c="dimmed">
              by {m.vendor.name}
            </Text>
            <VendorBadge vendor={m.vendor} size="xs" />
            {m.builtInto.map((sw) => (
              <Badge key={sw.id} size="xs" variant="light" color="grape" tt="none" leftSection={<IconLock size={10} aria-hidden />}>
                Built into {sw.name}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Group>

      <Text size="sm" mt="md" className={classes.description}>
        {m.shortDescription ?? 'No description yet.'}
      </Text>

      <Stack gap={8} mt="auto" pt="md">
        {coreVersion && compatible && (
          <Badge
            variant="light"
            color={compatible.length ? 'teal' : 'red'}
            leftSection={compatible.length ? <IconCircleCheckFilled size={14} aria-hidden /> : <IconCircleXFilled size={14} aria-hidden />}
            tt="none"
            size="md"
            data-testid="compat-badge"
          >
            {compatible.length ? `Works with core ${coreVersion} (v${compatible.join(', v')})` : `Not for core ${coreVersion}`}
          </Badge>
        )}
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={700} data-testid="price-summary">
            {m.priceSummary.label}
          </Text>
          {m.latestVersion && (
            <Group gap={4}>
              <Badge variant="outline" color="gray" tt="none">
                v{m.latestVersion.version}
              </Badge>
              {m.latestVersion.status === 'beta' && (
                <Badge variant="light" color="orange">
                  Beta
                </Badge>
              )}
            </Group>
          )}
        </Group>
        <Group
          gap={6}
          aria-label={
            m.ratingAverage !== null && m.ratingAverage !== undefined
              ? `Rated ${m.ratingAverage.toFixed(1)} out of 5 by ${m.ratingCount} reviewers`
              : 'Not rated yet'
          }
        >
          {m.ratingAverage !== null && m.ratingAverage !== undefined ? (
            <>
              <Rating value={m.ratingAverage} fractions={4} readOnly size="xs" aria-hidden />
              <Text size="xs" c="dimmed" aria-hidden>
                {m.ratingAverage.toFixed(1)} ({m.ratingCount})
              </Text>
            </>
          ) : (
            <Text size="xs" c="dimmed" aria-hidden>
              Not rated yet
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed" data-testid="active-installs">
          {installsLabel(m.activeInstalls)}
        </Text>
      </Stack>
    </Card>
  );
}

/** "1 active install", "2,300 active installs". */
export function installsLabel(n: number): string {
  return `${formatCount(n)} active ${n === 1 ? 'install' : 'installs'}`;
}
