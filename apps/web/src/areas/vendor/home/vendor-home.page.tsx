import '@mantine/charts/styles.css';
import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { DonutChart } from '@mantine/charts';
import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlus } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { VendorOverviewQuery } from './graphql/vendor-overview.query';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { percent as percentOf } from '../../../shared/format/rate.format';
import { CheckResults, ReviewBadge } from '../components/status-badges';
import { ModulesTable } from '../modules/modules-table';
import { DashboardFigures } from './dashboard-figures';

const STAGE_COLORS = { DRAFT: 'gray.5', IN_REVIEW: 'orange.6', APPROVED: 'green.7', REJECTED: 'red.7' } as const;
const STAGE_LABELS = { DRAFT: 'Draft', IN_REVIEW: 'In review', APPROVED: 'Approved', REJECTED: 'Rejected' } as const;

/** The vendor dashboard: modules with their status, versions by stage, submissions with the reviewers' notes. */
export function VendorHomePage() {
  const { vendor } = useCurrentVendor();
  const query = useQuery(VendorOverviewQuery, {
    variables: { vendorId: vendor?.id ?? 0 },
    skip: !vendor,
    fetchPolicy: 'cache-and-network',
  });
  if (!vendor) return <PageEmpty title="You do not manage any vendor yet" />;
  return (
    <>
      <PageHeader
        title="Vendor portal"
        description="Your business at a glance: revenue, subscriptions, installs, reviews, and what is in review."
        actions={
          <>
            <Button component={Link} to="modules/new" leftSection={<IconPlus size={16} aria-hidden />}>
              New module
            </Button>
          </>
        }
      />
      <QueryStates query={query}>
        {(d) => {
          const modules = d.vendorModules.edges.map((e) => e.node);
          const versions = modules.flatMap((m) => m.versions);
          const byStage = (['DRAFT', 'IN_REVIEW', 'APPROVED', 'REJECTED'] as const).map((s) => ({
            name: STAGE_LABELS[s],
            value: versions.filter((v) => v.stage === s).length,
            color: STAGE_COLORS[s],
          }));
          const submissions = d.vendorSubmissions.edges.map((e) => e.node);
          const rejected = submissions.filter((s) => s.status === 'rejected');
          const latestRejected = rejected.filter(
            (s) =>
              !modules
                .find((m) => m.id === s.module.id)
                ?.versions.some((v) => v.stage === 'IN_REVIEW' || (v.stage === 'APPROVED' && v.id > s.version.id)),
          );
          return (
            <Stack gap="xl">
              {latestRejected.length > 0 && (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertTriangle aria-hidden />}
                  title="Versions rejected by the reviewers"
                  data-testid="rejected-alert"
                >
                  <Stack gap={4}>
                    {latestRejected.map((s) => (
                      <Text key={s.id} size="sm">
                        <Anchor component={Link} to={`versions/${s.version.id}`}>
                          {s.module.name} {s.version.version}
                        </Anchor>
                        : {s.notes}
                      </Text>
                    ))}
                    <Text size="sm" c="dimmed">
                      Fix what the reviewers noted and upload a new version.
                    </Text>
                  </Stack>
                </Alert>
              )}
              <Card withBorder padding="lg" data-testid="vendor-card" aria-labelledby="vendor-name">
                <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
                  <Stack gap={4}>
                    <Group gap="xs" wrap="wrap">
                      <Title order={2} fz="xl" id="vendor-name" style={{ overflowWrap: 'anywhere' }}>
                        {d.managedVendor.name}
                      </Title>
                      {d.managedVendor.isOfficial && (
                        <Badge color="indigo.8" variant="filled">
                          Official
                        </Badge>
                      )}
                      {d.managedVendor.isVerified ? (
                        <Badge color="green.9" variant="filled">
                          Verified
                        </Badge>
                      ) : (
                        <Badge color="orange.9" variant="outline">
                          Not verified
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {d.managedVendor.slug} · commission {percentOf(d.managedVendor.commissionRate)} of each sale
                    </Text>
                  </Stack>
                  <VendorSwitcher />
                </Group>
              </Card>
              <DashboardFigures vendorId={vendor.id} />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Card withBorder padding="lg">
                  <Text size="sm" c="dimmed">
                    Modules
                  </Text>
                  <Text fz={28} fw={700}>
                    {d.vendorModules.totalCount}
                  </Text>
                  <Text size="sm">{modules.filter((m) => m.status === 'published').length} published</Text>
                </Card>
                <Card withBorder padding="lg">
                  <Text size="sm" c="dimmed">
                    Awaiting review
                  </Text>
                  <Text fz={28} fw={700}>
                    {versions.filter((v) => v.stage === 'IN_REVIEW').length}
                  </Text>
                  <Text size="sm">version(s) in the queue</Text>
                </Card>
                <Card withBorder padding="lg" aria-label="Versions by stage">
                  <Text size="sm" c="dimmed" mb={4}>
                    Versions by stage
                  </Text>
                  {versions.length ? (
                    <Group gap="md" wrap="nowrap">
                      <DonutChart data={byStage.filter((x) => x.value > 0)} size={84} thickness={14} withTooltip={false} aria-hidden />
                      <Stack gap={2}>
                        {byStage.map((s) => (
                          <Text key={s.name} size="xs">
                            <Text span c={s.color} fw={700} aria-hidden>
                              ●{' '}
                            </Text>
                            {s.name}: {s.value}
                          </Text>
                        ))}
                      </Stack>
                    </Group>
                  ) : (
                    <Text size="sm">No versions yet</Text>
                  )}
                </Card>
              </SimpleGrid>

              <section aria-labelledby="modules-title">
                <Title order={2} fz="lg" mb="sm" id="modules-title">
                  Modules
                </Title>
                <ModulesTable modules={modules} />
              </section>

              <section aria-labelledby="submissions-title">
                <Title order={2} fz="lg" mb="sm" id="submissions-title">
                  Submissions
                </Title>
                {submissions.length === 0 ? (
                  <PageEmpty title="Nothing submitted yet" description="Submitted versions and the reviewers' notes appear here." />
                ) : (
                  <Stack gap="sm">
                    {submissions.map((s) => (
                      <Card key={s.id} withBorder padding="md" data-testid="submission-card">
                        <Group justify="space-between" wrap="wrap" gap="xs">
                          <Anchor component={Link} to={`versions/${s.version.id}`} fw={600}>
                            {s.module.name} {s.version.version}
                          </Anchor>
                          <ReviewBadge status={s.status} />
                        </Group>
                        <Text size="xs" c="dimmed" mb="xs">
                          Submitted <DateText value={s.submittedAt} withTime />
                          {s.reviewedAt && (
                            <>
                              {' '}
                              · reviewed <DateText value={s.reviewedAt} withTime />
                              {s.reviewerName ? ` by ${s.reviewerName}` : ''}
                            </>
                          )}
                        </Text>
                        {s.notes && s.status !== 'pending' && (
                          <Text size="sm" mb="xs" style={{ whiteSpace: 'pre-wrap' }} data-testid="reviewer-notes">
                            <Text span fw={600}>
                              Reviewer’s notes:{' '}
                            </Text>
                            {s.notes}
                          </Text>
                        )}
                        {s.status !== 'pending' && <CheckResults checks={s.checks} />}
                      </Card>
                    ))}
                  </Stack>
                )}
              </section>
            </Stack>
          );
        }}
      </QueryStates>
    </>
  );
}
