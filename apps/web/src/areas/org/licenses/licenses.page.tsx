import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Anchor, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { IconCertificate } from '@tabler/icons-react';
import type { LicenseStatus } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { OrgLicensesQuery } from './graphql/org-licenses.query';
import { LicenseStatusBadge, licenseStatusLabel } from './license-status';

const STATUSES: LicenseStatus[] = ['active', 'suspended', 'expired', 'revoked', 'pending'];
const PAGE = 25;

function renewalText(l: { expiresAt?: string | null; autoRenew: boolean; cancelledAt?: string | null; status: LicenseStatus }) {
  if (!l.expiresAt) return 'Never expires';
  if (l.status === 'expired' || l.status === 'revoked') return 'Ended';
  if (l.autoRenew) return 'Renews';
  return l.cancelledAt ? 'Cancelled, ends' : 'Ends';
}

/** `/org/licenses`: the current organization's licenses. */
export function LicensesPage() {
  const { organization } = useCurrentOrg();
  const [status, setStatus] = useState<LicenseStatus | null>(null);
  const query = useQuery(OrgLicensesQuery, {
    variables: { orgId: organization?.id ?? 0, first: PAGE, filter: status ? { status } : null },
    skip: !organization,
  });
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = async () => {
    const after = query.data?.orgLicenses.pageInfo.endCursor;
    if (!after) return;
    setLoadingMore(true);
    try {
      await query.fetchMore({
        variables: { after },
        updateQuery: (prev, { fetchMoreResult }) =>
          fetchMoreResult
            ? { orgLicenses: { ...fetchMoreResult.orgLicenses, edges: [...prev.orgLicenses.edges, ...fetchMoreResult.orgLicenses.edges] } }
            : prev,
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Licenses"
        description={`Modules ${organization?.name ?? 'your organization'} owns: keys, plans, renewals and receipts.`}
      />
      <Group mb="md" align="flex-end">
        <Select
          label="Status"
          placeholder="All statuses"
          clearable
          data={STATUSES.map((s) => ({ value: s, label: licenseStatusLabel[s] }))}
          value={status}
          onChange={(v) => setStatus((v as LicenseStatus) ?? null)}
          w={200}
        />
      </Group>
      <QueryStates
        query={query}
        isEmpty={(d) => d.orgLicenses.edges.length === 0}
        empty={
          <PageEmpty
            title={status ? `No ${licenseStatusLabel[status].toLowerCase()} licenses` : 'No licenses yet'}
            description="Licenses appear here when your organization buys a module."
            icon={<IconCertificate aria-hidden />}
            action={
              <Button component={Link} to="/modules" variant="light">
                Browse the catalog
              </Button>
            }
          />
        }
      >
        {(d) => (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {d.orgLicenses.totalCount} license{d.orgLicenses.totalCount === 1 ? '' : 's'}
            </Text>
            <Card withBorder padding={0}>
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Module</Table.Th>
                      <Table.Th scope="col">Plan</Table.Th>
                      <Table.Th scope="col">Status</Table.Th>
                      <Table.Th scope="col">Period</Table.Th>
                      <Table.Th scope="col">License key</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.orgLicenses.edges.map(({ node: l }) => (
                      <Table.Tr key={l.id} data-testid="license-row">
                        <Table.Td>
                          <Anchor component={Link} to={`/org/licenses/${l.id}`} fw={600}>
                            {l.module.name}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {l.module.vendorName}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{l.plan?.name ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          <LicenseStatusBadge status={l.status} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {renewalText(l)} {l.expiresAt && <DateText value={l.expiresAt} />}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {l.licenseKey}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
            {d.orgLicenses.pageInfo.hasNextPage && (
              <Group justify="center">
                <Button variant="default" onClick={() => void loadMore()} loading={loadingMore}>
                  Load more
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </QueryStates>
    </>
  );
}
