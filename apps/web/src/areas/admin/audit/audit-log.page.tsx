import '@mantine/charts/styles.css';
import { useQuery } from '@apollo/client/react';
import { BarChart } from '@mantine/charts';
import { Card, Stack, TextInput } from '@mantine/core';
import { IconFileSearch } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { AuditCount, AuditEntriesTable, AuditFilterForm, LoadOlderEntries, useAuditFilters } from '../../../shared/components/audit-log';
import { AdminAuditLogQuery } from './graphql/admin-audit-log.query';
import { AdminAuditFacetsQuery } from './graphql/admin-audit-facets.query';
import { AdminCrumbs } from '../components/admin-crumbs';

const EXTRA_KEYS = ['org'] as const;

/** Search the audit log of every organization (filters in the URL), newest first, with old and new values. */
export function AuditLogPage() {
  const filters = useAuditFilters(EXTRA_KEYS);
  const facets = useQuery(AdminAuditFacetsQuery);
  const org = filters.param('org');
  const filter = { ...filters.filter, orgId: org && /^\d+$/.test(org) ? Number(org) : null };
  const query = useQuery(AdminAuditLogQuery, { variables: { filter, first: 50 }, fetchPolicy: 'cache-and-network' });
  return (
    <>
      <AdminCrumbs current="Audit log" />
      <PageHeader title="Audit log" description="Every state-changing action: who, where, what, and the values before and after." />
      <AuditFilterForm
        filters={filters}
        facets={facets.data?.adminAuditFacets}
        cols={4}
        extra={
          <TextInput
            label="Organization id"
            inputMode="numeric"
            value={filters.draft.org}
            onChange={(e) => filters.setDraft({ ...filters.draft, org: e.currentTarget.value })}
          />
        }
      />
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminAuditLog.edges.length === 0}
        empty={
          <PageEmpty icon={<IconFileSearch aria-hidden />} title="No entries match" description="Widen the dates or clear a filter." />
        }
      >
        {(d) => {
          const rows = d.adminAuditLog.edges.map((e) => e.node);
          const byAction = Object.entries(
            rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.actionType]: (acc[r.actionType] ?? 0) + 1 }), {}),
          )
            .map(([action, count]) => ({ action, count }))
            .sort((a, b) => b.count - a.count)
            .slice(0, 8);
          return (
            <Stack gap="sm">
              <AuditCount total={d.adminAuditLog.totalCount} shown={rows.length} />
              {byAction.length > 1 && (
                <Card withBorder padding="sm" aria-label="Actions among the entries shown">
                  <BarChart
                    h={140}
                    data={byAction}
                    dataKey="action"
                    series={[{ name: 'count', label: 'Entries', color: 'indigo.6' }]}
                    tickLine="none"
                    gridAxis="none"
                  />
                </Card>
              )}
              <AuditEntriesTable rows={rows} withOrganization />
              {d.adminAuditLog.pageInfo.hasNextPage && (
                <LoadOlderEntries
                  onLoad={() =>
                    void query.fetchMore({
                      variables: { after: d.adminAuditLog.pageInfo.endCursor },
                      updateQuery: (prev, { fetchMoreResult }) => ({
                        adminAuditLog: {
                          ...fetchMoreResult.adminAuditLog,
                          edges: [...prev.adminAuditLog.edges, ...fetchMoreResult.adminAuditLog.edges],
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
