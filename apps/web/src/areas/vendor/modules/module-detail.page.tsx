import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Avatar, Badge, Breadcrumbs, Button, Card, Group, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCurrencyDollar, IconEye, IconPlus, IconUpload } from '@tabler/icons-react';
import type { VendorModuleQuery } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { useFormErrors } from '../../../shared/components/form-errors';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { VendorModuleQuery as VendorModuleDocument } from './graphql/vendor-module.query';
import { ModuleUpdateMutation } from './graphql/module-update.mutation';
import { PricingPlanDeleteMutation } from './graphql/pricing-plan-delete.mutation';
import { LISTING_FIELDS, ListingForm, type ListingValues } from './listing-form';
import { ModuleStatusBadge, StageBadge } from '../components/status-badges';
import { PlanEditor, PLAN_TYPES, emptyPlan, type PlanDraft } from './plan-editor';
import { ContractsPanel } from './contracts-panel';
import { formatBytes } from './upload-artifact';
import { ListingExtras } from './listing-extras';

type Mod = NonNullable<VendorModuleQuery['vendorModule']>;

export function ModuleDetailPage() {
  const moduleId = Number(useParams().moduleId);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'versions';
  const query = useQuery(VendorModuleDocument, {
    variables: { id: moduleId },
    skip: !Number.isSafeInteger(moduleId),
    fetchPolicy: 'cache-and-network',
  });
  if (!Number.isSafeInteger(moduleId) || hasErrorCode(query.error, 'NOT_FOUND')) return <NotFoundPage />;
  return (
    <QueryStates query={query}>
      {(d) => {
        const m = d.vendorModule;
        return (
          <>
            <Breadcrumbs mb="sm" aria-label="Breadcrumb">
              <Anchor component={Link} to="/vendor" size="sm">
                Vendor portal
              </Anchor>
              <Anchor component={Link} to="/vendor/modules" size="sm">
                Modules
              </Anchor>
              <span aria-current="page">{m.name}</span>
            </Breadcrumbs>
            <PageHeader
              title={
                <Group gap="sm" component="span">
                  <Avatar src={m.iconUrl} radius="sm" alt="" component="span">
                    {m.name.slice(0, 2)}
                  </Avatar>
                  {m.name}
                </Group>
              }
              documentTitle={m.name}
              description={
                <Group gap="xs" component="span">
                  <ModuleStatusBadge status={m.status} />
                  <span>
                    {m.slug} · {m.type === 'custom' ? 'custom development' : 'ready-made'}
                    {m.publishedAt ? ' · published ' : ''}
                  </span>
                  {m.publishedAt && <DateText value={m.publishedAt} />}
                  {m.status === 'published' && (
                    <Anchor component={Link} to={`/modules/${m.slug}`} size="sm">
                      View in the storefront
                    </Anchor>
                  )}
                </Group>
              }
              actions={
                <>
                  <Button
                    component={Link}
                    to={`/modules/preview/${m.id}`}
                    variant="default"
                    leftSection={<IconEye size={16} aria-hidden />}
                  >
                    Preview listing
                  </Button>
                  <Button component={Link} to="versions/new" leftSection={<IconUpload size={16} aria-hidden />}>
                    Upload a version
                  </Button>
                </>
              }
            />
            <Tabs value={tab} onChange={(t) => setParams(t && t !== 'versions' ? { tab: t } : {}, { replace: true })} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="versions">Versions ({m.versions.length})</Tabs.Tab>
                <Tabs.Tab value="listing">Listing</Tabs.Tab>
                <Tabs.Tab value="pricing">Pricing ({m.pricingPlans.length})</Tabs.Tab>
                <Tabs.Tab value="contracts">Contracts ({m.contracts.length})</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="versions">
                <VersionsPanel m={m} />
              </Tabs.Panel>
              <Tabs.Panel value="listing">
                <ListingPanel m={m} />
                <ListingExtras moduleId={m.id} />
              </Tabs.Panel>
              <Tabs.Panel value="pricing">
                <PlansPanel m={m} />
              </Tabs.Panel>
              <Tabs.Panel value="contracts">
                <ContractsPanel moduleId={m.id} contracts={m.contracts} />
              </Tabs.Panel>
            </Tabs>
          </>
        );
      }}
    </QueryStates>
  );
}

function VersionsPanel({ m }: { m: Mod }) {
  if (!m.versions.length) {
    return (
      <PageEmpty
        icon={<IconUpload aria-hidden />}
        title="No versions yet"
        description="Upload a zip with its webkernel-module.json manifest."
        action={
          <Button component={Link} to="versions/new">
            Upload the first version
          </Button>
        }
      />
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" aria-label="Versions" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th>Released</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>Review</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {m.versions.map((v) => (
            <Table.Tr key={v.id} data-testid="version-row">
              <Table.Td>
                <Anchor component={Link} to={`/vendor/versions/${v.id}`} fw={600}>
                  {v.version}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <StageBadge stage={v.stage} channel={v.channel} deprecated={!!v.deprecatedAt} />
              </Table.Td>
              <Table.Td>
                <DateText value={v.releaseDate} />
              </Table.Td>
              <Table.Td>{formatBytes(v.sizeBytes)}</Table.Td>
              <Table.Td maw={320}>
                {v.latestSubmission?.status === 'rejected' ? (
                  <Text size="sm" c="red.8" lineClamp={2}>
                    {v.latestSubmission.notes}
                  </Text>
                ) : v.stage === 'DRAFT' ? (
                  <Text size="sm" c="dimmed">
                    Not submitted
                  </Text>
                ) : v.latestSubmission ? (
                  <Text size="sm" c="dimmed">
                    Submitted <DateText value={v.latestSubmission.submittedAt} />
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ListingPanel({ m }: { m: Mod }) {
  const errors = useFormErrors(LISTING_FIELDS);
  const [update, { loading }] = useMutation(ModuleUpdateMutation);
  const submit = async (v: ListingValues) => {
    errors.clear();
    try {
      const { data } = await update({
        variables: {
          input: {
            moduleId: m.id,
            name: v.name,
            type: v.type,
            shortDescription: v.shortDescription,
            description: v.description,
            category: v.category,
            iconUrl: v.iconUrl,
          },
        },
      });
      if (data?.moduleUpdate.errors.length) return errors.setFromPayload(data.moduleUpdate.errors);
      notifications.show({ color: 'green', title: 'Listing saved', message: `${v.name} is up to date.` });
    } catch (e) {
      errors.setFromException(e);
    }
  };
  return (
    <ListingForm
      initial={{
        slug: m.slug,
        name: m.name,
        type: m.type,
        shortDescription: m.shortDescription ?? '',
        description: m.description ?? '',
        category: m.category ?? '',
        iconUrl: m.iconUrl ?? '',
      }}
      withSlug={false}
      errors={errors}
      submitting={loading}
      submitLabel="Save listing"
      onSubmit={submit}
    />
  );
}

function PlansPanel({ m }: { m: Mod }) {
  const [editing, setEditing] = useState<PlanDraft | null>(null);
  const [remove] = useMutation(PricingPlanDeleteMutation, { refetchQueries: ['VendorModule'] });
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing(emptyPlan())}>
      New plan
    </Button>
  );
  return (
    <Stack>
      {m.pricingPlans.length === 0 ? (
        <PageEmpty
          icon={<IconCurrencyDollar aria-hidden />}
          title="No pricing plans"
          description="Buyers need at least one active plan to buy this module."
          action={newButton}
        />
      ) : (
        <>
          <Group justify="flex-end">{newButton}</Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {m.pricingPlans.map((p) => (
              <Card key={p.id} withBorder padding="lg" data-testid="plan-card" opacity={p.isActive ? 1 : 0.7}>
                <Group justify="space-between" mb={4}>
                  <Text fw={700}>{p.name}</Text>
                  {p.isActive ? (
                    <Badge color="green.9" variant="outline">
                      Active
                    </Badge>
                  ) : (
                    <Badge color="gray.7" variant="outline">
                      Inactive
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {PLAN_TYPES.find((t) => t.value === p.planType)?.label}
                </Text>
                <Text fz="xl" fw={700} my="xs">
                  {p.customRatePerDay ? (
                    <>
                      <Money value={p.customRatePerDay} /> / day
                    </>
                  ) : p.price ? (
                    <>
                      <Money value={p.price} />
                      {p.billingCycle === 'monthly' ? ' / month' : p.billingCycle === 'yearly' ? ' / year' : ''}
                    </>
                  ) : (
                    '—'
                  )}
                </Text>
                <Stack gap={2} mb="sm">
                  {p.features.map((f) => (
                    <Text key={f.key} size="sm">
                      {f.key}: <strong>{typeof f.value === 'boolean' ? (f.value ? 'yes' : 'no') : String(f.value)}</strong>
                    </Text>
                  ))}
                  {(p.maxUsers || p.maxInstances) && (
                    <Text size="sm" c="dimmed">
                      Limits: {p.maxUsers ? `${p.maxUsers} users` : 'unlimited users'},{' '}
                      {p.maxInstances ? `${p.maxInstances} instances` : 'unlimited instances'}
                    </Text>
                  )}
                  <Text size="sm" c="dimmed">
                    Seats:{' '}
                    {p.seatPolicy === 'floating'
                      ? `floating, freed after ${p.heartbeatWindowMinutes} min without a heartbeat`
                      : 'node-locked, held until deactivated'}
                  </Text>
                  <Text size="sm" c="dimmed" data-testid="plan-entitlements">
                    Entitlements{p.entitlementsFromFeatures ? ' (from the features)' : ''}:{' '}
                    {p.entitlements.length ? p.entitlements.join(', ') : 'none'} · license files valid{' '}
                    {p.licenseFileTtlDays ? `${p.licenseFileTtlDays} days` : 'for the platform default'}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {p.purchaseCount} purchase(s)
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() =>
                      setEditing({
                        ...p,
                        price: p.price?.amount ?? '',
                        customRatePerDay: p.customRatePerDay?.amount ?? '',
                        currency: p.currency,
                      })
                    }
                  >
                    Edit
                  </Button>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red.8"
                    onClick={async () => {
                      const { data } = await remove({ variables: { planId: p.id } });
                      const r = data?.pricingPlanDelete;
                      if (r?.errors.length) notifications.show({ color: 'red', title: 'Not deleted', message: r.errors[0]!.message });
                      else if (r?.deactivatedPlan)
                        notifications.show({
                          color: 'orange',
                          title: 'Plan deactivated',
                          message: `${p.name} was bought, so it is kept but no longer offered.`,
                        });
                      else notifications.show({ color: 'gray', title: 'Plan deleted', message: p.name });
                    }}
                  >
                    {p.purchaseCount > 0 ? 'Deactivate' : 'Delete'}
                  </Button>
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        </>
      )}
      <PlanEditor moduleId={m.id} plan={editing} opened={!!editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
