import { Link, useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Anchor, Breadcrumbs, Group, SimpleGrid, Stack } from '@mantine/core';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { LicenseDetailQuery } from './graphql/license-detail.query';
import { LicenseStatusBadge } from './license-status';
import { PlanChangeCard } from './plan-change-card';
import { LicenseFileCard } from './license-file-card';
import { LicenseAlerts } from './license-alerts';
import { LicenseKeyCard } from './license-key-card';
import { LicenseActivationsCard, LicenseStatusHistoryCard } from './license-history-cards';
import { LicenseAcceptancesCard, LicenseReceiptsCard, LicenseRenewalsCard } from './license-billing-cards';
import { RenewalCard } from './renewal-card';

const BILLING = ['manage_billing', 'purchase_modules', 'manage_licenses'];

/** `/org/licenses/:id`: key, period, renewal controls, status history, renewals, receipts. */
export function LicenseDetailPage() {
  const { id: rawId } = useParams();
  const id = Number(rawId);
  const { memberships } = useCurrentOrg();
  // Receipts need a billing permission in the license's org: ask for them only when we may.
  const canSeeBilling = memberships.some((m) => m.effectivePermissions.some((p) => BILLING.includes(p)));
  const query = useQuery(LicenseDetailQuery, {
    variables: { id, withReceipts: canSeeBilling },
    skip: !Number.isInteger(id) || id < 1,
    errorPolicy: 'all',
  });

  return (
    // errorPolicy "all": a FORBIDDEN on `receipts` alone (another org's billing) still shows the license.
    <QueryStates
      query={{ ...query, data: query.data?.license ? query.data : undefined, error: query.data?.license ? undefined : query.error }}
    >
      {(d) => {
        const l = d.license;
        const membership = memberships.find((m) => m.organization.id === l.orgId) ?? null;
        const canManage = !!membership?.effectivePermissions.includes('manage_licenses');
        const renewable =
          !!l.expiresAt && (l.plan?.billingCycle === 'monthly' || l.plan?.billingCycle === 'yearly') && l.plan.planType === 'subscription';
        return (
          <>
            <Breadcrumbs mb="sm" aria-label="Breadcrumb">
              <Anchor component={Link} to="/org/licenses" size="sm">
                Licenses
              </Anchor>
              <span aria-current="page">{l.module.name}</span>
            </Breadcrumbs>
            <PageHeader
              title={
                <Group gap="sm" component="span" wrap="wrap">
                  <span>{l.module.name}</span>
                  <LicenseStatusBadge status={l.status} size="lg" data-testid="license-status" />
                </Group>
              }
              documentTitle={`${l.module.name} license`}
              description={`${l.plan?.name ?? 'Plan'} · by ${l.module.vendorName}${membership ? ` · ${membership.organization.name}` : ''}`}
            />
            <LicenseAlerts license={l} />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" mb="lg">
              <LicenseKeyCard license={l} />
              <RenewalCard license={l} canManage={canManage} renewable={renewable} onChanged={() => void query.refetch()} />
            </SimpleGrid>
            {renewable && (l.status === 'active' || l.planChanges.length > 0) && (
              <PlanChangeCard
                license={{
                  id: l.id,
                  moduleSlug: l.module.slug,
                  planId: l.plan?.id ?? null,
                  expiresAt: l.expiresAt,
                  planChanges: l.planChanges,
                }}
                canManage={canManage && l.status === 'active'}
                onChanged={() => void query.refetch()}
              />
            )}

            <LicenseFileCard licenseId={l.id} usable={l.isUsable} canManage={canManage} />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" mb="lg">
              <LicenseStatusHistoryCard license={l} />
              <Stack gap="lg">
                <LicenseReceiptsCard license={l} canSeeBilling={canSeeBilling} />
                <LicenseAcceptancesCard license={l} />
              </Stack>
            </SimpleGrid>

            <LicenseRenewalsCard license={l} renewable={renewable} />

            <LicenseActivationsCard license={l} />
          </>
        );
      }}
    </QueryStates>
  );
}
