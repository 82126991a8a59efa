import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Box, Breadcrumbs, Button, Card, Grid, Group, Rating, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconExternalLink, IconEye, IconFileCertificate, IconLock, IconPackageOff } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { PageEmpty, PageError, PageLoading } from '../../../shared/components/page-states';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { Markdown } from '../../../shared/components/markdown';
import { installsLabel } from '../catalog/module-card';
import { ModuleIcon } from '../components/module-icon';
import { VendorBadge } from '../components/vendor-badge';
import { OwnershipNotice } from './ownership-notice';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { ModulePageQuery } from './graphql/module-page.query';
import { CompatibilityMatrix } from './compatibility-matrix';
import { InstanceHints } from './instance-hints';
import { LinksSection } from './links-section';
import { PermissionsSection } from './permissions-section';
import { PlansSection } from './plans-section';
import { ReviewsSection } from './reviews-section';
import { ScreenshotsSection } from './screenshots-section';
import { SupportSection } from './support-section';
import type { ModuleDetail } from './types';
import { VersionsSection } from './versions-section';

const SECTIONS = [
  { id: 'overview', label: 'Overview' },
  { id: 'support', label: 'Support' },
  { id: 'pricing', label: 'Pricing' },
  { id: 'permissions', label: 'Permissions' },
  { id: 'versions', label: 'Versions' },
  { id: 'compatibility', label: 'Compatibility' },
  { id: 'dependencies', label: 'Dependencies' },
  { id: 'contract', label: 'Contract' },
  { id: 'reviews', label: 'Reviews' },
] as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Box component="section" id={id} aria-labelledby={`${id}-title`} style={{ scrollMarginTop: 80 }}>
      <Title order={2} fz="xl" id={`${id}-title`} mb="md">
        {title}
      </Title>
      {children}
    </Box>
  );
}

function ModuleHeader({ m }: { m: ModuleDetail }) {
  return (
    <Card withBorder padding="xl">
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <ModuleIcon name={m.name} iconUrl={m.iconUrl} size={72} />
        <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
          <Title order={1} fz={{ base: 26, sm: 34 }} style={{ overflowWrap: 'anywhere' }}>
            {m.name}
          </Title>
          <Group gap={8} wrap="wrap">
            <Text c="dimmed">by {m.vendor.name}</Text>
            <VendorBadge vendor={m.vendor} size="sm" />
          </Group>
          {m.shortDescription && <Text size="lg">{m.shortDescription}</Text>}
          {m.builtInto.length > 0 && (
            <Alert
              variant="light"
              color="grape"
              icon={<IconLock aria-hidden />}
              title={`Built into ${m.builtInto.map((s) => s.name).join(' and ')}`}
              data-testid="built-in-notice"
              mt={4}
            >
              {m.name} is a core module: it is active on every {m.builtInto.map((s) => s.name).join(' and ')} instance, without a license,
              and cannot be deactivated.{' '}
              {m.builtInEverywhere
                ? 'It runs on no other software, so it cannot be bought.'
                : `You do not need to buy it for ${m.builtInto.length > 1 ? 'these softwares' : 'that software'}.`}
            </Alert>
          )}
          <Group gap="xs" wrap="wrap" mt={4}>
            {m.category && (
              <Badge
                variant="light"
                color="gray"
                component={Link}
                to={`/modules?category=${encodeURIComponent(m.category)}`}
                style={{ cursor: 'pointer' }}
              >
                {m.category}
              </Badge>
            )}
            <Badge variant="light" color="grape">
              {m.type === 'custom' ? 'Custom development' : 'Ready-made'}
            </Badge>
            {m.latestVersion && (
              <Badge variant="outline" color="gray" tt="none">
                Latest v{m.latestVersion.version}
                {m.latestVersion.status === 'beta' ? ' (beta)' : ''}
              </Badge>
            )}
            {m.latestBetaVersion && m.latestStableVersion && (
              <Badge variant="light" color="orange" tt="none">
                Beta v{m.latestBetaVersion.version} available
              </Badge>
            )}
          </Group>
          <Group
            gap="xs"
            mt={4}
            aria-label={
              m.ratingAverage != null ? `Rated ${m.ratingAverage.toFixed(1)} out of 5 by ${m.ratingCount} reviewers` : 'Not rated yet'
            }
          >
            {m.ratingAverage != null ? (
              <>
                <Rating value={m.ratingAverage} fractions={4} readOnly size="sm" aria-hidden />
                <Text size="sm" c="dimmed" aria-hidden>
                  {m.ratingAverage.toFixed(1)} · {m.ratingCount} {m.ratingCount === 1 ? 'review' : 'reviews'}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed" aria-hidden>
                Not rated yet
              </Text>
            )}
          </Group>
          <Text size="sm" c="dimmed" data-testid="active-installs">
            {installsLabel(m.activeInstalls)}
          </Text>
        </Stack>
      </Group>
      <Group justify="space-between" mt="lg" gap="sm" wrap="wrap">
        <Text fw={700} fz="xl" data-testid="module-price-summary">
          {m.priceSummary.label}
        </Text>
        <Button component="a" href="#pricing" size="md">
          {m.plans.length > 1 ? 'Compare plans' : 'See pricing'}
        </Button>
      </Group>
    </Card>
  );
}

function ContractSection({ contract }: { contract: ModuleDetail['contract'] }) {
  if (!contract) return <Text c="dimmed">No contract is attached: the platform's standard terms apply.</Text>;
  return (
    <Card withBorder padding="lg">
      <Group gap="md" wrap="nowrap" align="flex-start">
        <IconFileCertificate size={28} aria-hidden />
        <Stack gap={4}>
          <Text fw={600}>
            {contract.contractType === 'eula' ? 'End User License Agreement' : 'Custom agreement'} · version {contract.version}
          </Text>
          <Text size="sm" c="dimmed">
            In effect since <DateText value={contract.effectiveFrom} />. You accept it at checkout.
          </Text>
          {contract.termsUrl && (
            <Anchor href={contract.termsUrl} target="_blank" rel="noopener noreferrer" size="sm">
              Read the full terms <IconExternalLink size={14} aria-hidden style={{ verticalAlign: 'middle' }} />
            </Anchor>
          )}
        </Stack>
      </Group>
    </Card>
  );
}

export function ModulePage() {
  const { slug = '' } = useParams();
  const query = useQuery(ModulePageQuery, { variables: { slug } });
  const m = query.data?.module;
  useDocumentTitle(m ? `${m.name} · Webkernel Marketplace` : 'Module · Webkernel Marketplace');

  if (!m) {
    if (query.error && hasErrorCode(query.error, 'NOT_FOUND')) {
      return (
        <Card withBorder>
          <PageEmpty
            icon={<IconPackageOff aria-hidden />}
            title="This module is not in the catalog"
            description="It may not be published yet, or its address changed."
            action={
              <Button component={Link} to="/modules">
                Browse modules
              </Button>
            }
          />
        </Card>
      );
    }
    if (query.error) return <PageError error={query.error} onRetry={() => void query.refetch().catch(() => undefined)} />;
    return <PageLoading label="Loading the module…" cards={3} />;
  }

  return <ModuleView m={m} />;
}

/**
 * The module page's content. `preview` is the vendor's view of its own listing before buyers see
 * it: the same page, with a banner, and reviews (which need a catalog module) left out.
 */
export function ModuleView({ m, preview }: { m: ModuleDetail; preview?: { listed: boolean; backTo: string } }) {
  return (
    <Stack gap="xl">
      {preview && (
        <Alert
          color="indigo"
          variant="light"
          icon={<IconEye aria-hidden />}
          title="Preview of your listing"
          data-testid="listing-preview-banner"
        >
          <Text size="sm">
            This is the module page exactly as buyers{' '}
            {preview.listed ? 'see it now' : 'will see it once a version is approved and the module is published'}. Versions appear once
            approved; reviews once customers write them.
          </Text>
          <Anchor component={Link} to={preview.backTo} size="sm">
            Back to editing the listing
          </Anchor>
        </Alert>
      )}
      <Breadcrumbs aria-label="Breadcrumb">
        <Anchor component={Link} to="/modules">
          Modules
        </Anchor>
        <Text span>{m.name}</Text>
      </Breadcrumbs>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, lg: m.compatibleInstances.length ? 7 : 12 }}>
          <ModuleHeader m={m} />
        </Grid.Col>
        {m.compatibleInstances.length > 0 && (
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <InstanceHints hints={m.compatibleInstances} />
          </Grid.Col>
        )}
      </Grid>

      <ModuleOwnership moduleId={m.id} />

      <Group gap="xs" wrap="wrap" component="nav" aria-label="On this page">
        {SECTIONS.map((s) => (
          <Button key={s.id} component="a" href={`#${s.id}`} variant="default" size="xs" radius="xl">
            {s.label}
          </Button>
        ))}
      </Group>

      <Section id="overview" title="Overview">
        {m.description ? (
          <Markdown source={m.description} skipTitle={m.name} />
        ) : (
          <Text c="dimmed">The vendor has not written a description yet.</Text>
        )}
        {m.vendor.description && (
          <Text size="sm" c="dimmed" mt="md">
            About {m.vendor.name}: {m.vendor.description}
            {m.vendor.website && (
              <>
                {' '}
                <Anchor href={m.vendor.website} target="_blank" rel="noopener noreferrer">
                  Website
                </Anchor>
              </>
            )}
          </Text>
        )}
        {m.screenshots.length > 0 && (
          <Box mt="lg">
            <ScreenshotsSection shots={m.screenshots} />
          </Box>
        )}
      </Section>
      <Section id="support" title="Support">
        <SupportSection support={m.support} vendorName={m.vendor.name} />
      </Section>
      <Section id="pricing" title="Pricing">
        <PlansSection slug={m.slug} plans={m.plans} buyable={!m.builtInEverywhere} />
      </Section>
      <Section id="permissions" title="Permissions">
        <PermissionsSection moduleName={m.name} version={m.latestVersion} />
      </Section>
      <Section id="versions" title={`Versions (${m.versions.length})`}>
        <VersionsSection versions={m.versions} />
      </Section>
      <Section id="compatibility" title="Compatibility">
        <CompatibilityMatrix matrices={m.compatibilityMatrix} />
      </Section>
      <Section id="dependencies" title="Dependencies and integrations">
        <LinksSection dependencies={m.dependencies} integrations={m.integrations} />
      </Section>
      <Section id="contract" title="Contract">
        <ContractSection contract={m.contract} />
      </Section>
      <Section id="reviews" title={`Reviews (${m.ratingCount})`}>
        {preview && !preview.listed ? (
          <Text c="dimmed">Reviews from customers appear here once the module is in the catalog.</Text>
        ) : (
          <ReviewsSection slug={m.slug} />
        )}
      </Section>
    </Stack>
  );
}

/** For a signed-in member who may see the current org's modules: "you already own this". */
function ModuleOwnership({ moduleId }: { moduleId: number }) {
  const { membership } = useCurrentOrg();
  if (!membership || !membership.effectivePermissions.includes('view_modules')) return null;
  return <OwnershipNotice orgId={membership.organization.id} moduleId={moduleId} orgName={membership.organization.name} />;
}
