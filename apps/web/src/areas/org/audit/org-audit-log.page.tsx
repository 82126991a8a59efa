import { useQuery } from '@apollo/client/react';
import { Stack } from '@mantine/core';
import { IconFileSearch } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { AuditCount, AuditEntriesTable, AuditFilterForm, LoadOlderEntries, useAuditFilters } from '../../../shared/components/audit-log';
import { OrgCrumbs, OrgPermissionGate } from '../components/billing-guard';
import { OrgAuditLogQuery } from './graphql/org-audit-log.query';
import { OrgAuditFacetsQuery } from './graphql/org-audit-facets.query';

/** `/org/audit-log` (org admins): the organization's audit rows, with the admin page's filters. */
export function OrgAuditLogPage() {
  return (
    <>
      <OrgCrumbs current="Audit log" />
      <OrgPermissionGate need="admin" what="the audit log">
        {(m) => <OrgAuditLog key={m.organization.id} orgId={m.organization.id} orgName={m.organization.name} />}
      </OrgPermissionGate>
    </>
  );
}

function OrgAuditLog({ orgId, orgName }: { orgId: number; orgName: string }) {
  const filters = useAuditFilters();
  const facets = useQuery(OrgAuditFacetsQuery, { variables: { orgId } });
  const query = useQuery(OrgAuditLogQuery, { variables: { orgId, filter: filters.filter, first: 50 }, fetchPolicy: 'cache-and-network' });
  return (
    <>
      <PageHeader
        title="Audit log"
        documentTitle={`Audit log · ${orgName}`}
        description={`Every change made in ${orgName}: who, what, when, from where, and the values before and after.`}
      />
      <AuditFilterForm filters={filters} facets={facets.data?.orgAuditFacets} cols={3} />
      <QueryStates
        query={query}
        isEmpty={(d) => d.orgAuditLog.edges.length === 0}
        empty={
          <PageEmpty icon={<IconFileSearch aria-hidden />} title="No entries match" description="Widen the dates or clear a filter." />
        }
      >
        {(d) => {
          const rows = d.orgAuditLog.edges.map((e) => e.node);
          return (
            <Stack gap="sm">
              <AuditCount total={d.orgAuditLog.totalCount} shown={rows.length} />
              <AuditEntriesTable rows={rows} />
              {d.orgAuditLog.pageInfo.hasNextPage && (
                <LoadOlderEntries
                  onLoad={() =>
                    void query.fetchMore({
                      variables: { after: d.orgAuditLog.pageInfo.endCursor },
                      updateQuery: (prev, { fetchMoreResult }) => ({
                        orgAuditLog: {
                          ...fetchMoreResult.orgAuditLog,
                          edges: [...prev.orgAuditLog.edges, ...fetchMoreResult.orgAuditLog.edges],
                        },
                      }),
                    })
                  }
                />
              )}
            </Stack>
          );
        }}
      </QueryStates>
    </>
  );
}
