import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconCheck, IconListCheck, IconMinus, IconX } from '@tabler/icons-react';
import type { ValidationStatus } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { formatRelative } from '../../../shared/format/date.format';
import { AdminValidationQueueQuery } from './graphql/admin-validation-queue.query';
import { AdminVendorOptionsQuery } from './graphql/admin-vendor-options.query';
import { AdminCrumbs } from '../components/admin-crumbs';
import { RescanPanel } from './rescan-panel';

const STATUS: Record<ValidationStatus, { label: string; color: string }> = {
  pending: { label: 'Awaiting review', color: 'orange.8' },
  approved: { label: 'Approved', color: 'green.9' },
  rejected: { label: 'Rejected', color: 'red.8' },
};
const CHECK = { SECURITY_SCAN: 'Security scan', CODE_REVIEW: 'Code review', PERFORMANCE_TEST: 'Performance test' } as const;

/** Submitted versions, oldest first; filters in the URL (shareable). */
export function ValidationQueuePage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'pending') as ValidationStatus | 'all';
  const vendorId = params.get('vendor');
  const filter = { status: status === 'all' ? null : status, vendorId: vendorId ? Number(vendorId) : null };
  const query = useQuery(AdminValidationQueueQuery, { variables: { filter, first: 50 }, fetchPolicy: 'cache-and-network' });
  const vendors = useQuery(AdminVendorOptionsQuery);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <>
      <AdminCrumbs current="Validation queue" />
      <PageHeader
        title="Validation queue"
        description="Every submitted version, oldest first. Nothing reaches buyers before it is approved here."
      />
      <RescanPanel />
      <Group mb="md" align="flex-end" wrap="wrap">
        <Select
          label="Status"
          data={[
            { value: 'pending', label: 'Awaiting review' },
            { value: 'approved', label: 'Approved' },
            { value: 'rejected', label: 'Rejected' },
            { value: 'all', label: 'All' },
          ]}
          value={status}
          allowDeselect={false}
          onChange={(v) => set('status', v === 'pending' ? null : v)}
          w={180}
        />
        <Select
          label="Vendor"
          placeholder="All vendors"
          data={(vendors.data?.adminVendors.edges ?? []).map((e) => ({ value: String(e.node.id), label: e.node.name }))}
          value={vendorId}
          onChange={(v) => set('vendor', v)}
          clearable
          searchable
          w={220}
        />
      </Group>
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminValidationQueue.edges.length === 0}
        empty={
          <PageEmpty
            icon={<IconListCheck aria-hidden />}
            title={status === 'pending' ? 'The queue is empty' : 'No submissions match'}
            description={status === 'pending' ? 'New submissions appear here and you are notified.' : undefined}
          />
        }
      >
        {(d) => {
          const rows = d.adminValidationQueue.edges.map((e) => e.node);
          const oldest = rows.find((r) => r.status === 'pending');
          return (
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {d.adminValidationQueue.totalCount} submission(s)
                {oldest && status === 'pending' ? ` · oldest waiting since ${formatRelative(oldest.submittedAt)}` : ''}
              </Text>
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="sm" highlightOnHover aria-label="Submissions">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Module</Table.Th>
                      <Table.Th>Vendor</Table.Th>
                      <Table.Th>Submitted</Table.Th>
                      <Table.Th>Checks</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((s) => (
                      <Table.Tr key={s.id} data-testid="queue-row">
                        <Table.Td>
                          <Text fw={600}>
                            {s.module.name} {s.version.version}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {s.module.slug} · {s.version.channel}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {s.vendor.name}{' '}
                          {s.vendor.isVerified && (
                            <Badge size="xs" color="green.9" variant="outline">
                              verified
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <DateText value={s.submittedAt} withTime />
                          <Text size="xs" c="dimmed">
                            {formatRelative(s.submittedAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            {s.checks.map((c) => (
                              <Tooltip
                                key={c.kind}
                                label={`${CHECK[c.kind]}: ${c.passed === true ? 'passed' : c.passed === false ? 'failed' : 'not recorded'}`}
                                withArrow
                              >
                                <ThemeIcon
                                  size={22}
                                  radius="xl"
                                  color={c.passed === true ? 'green.9' : c.passed === false ? 'red.8' : 'gray.5'}
                                  aria-label={`${CHECK[c.kind]}: ${c.passed === true ? 'passed' : c.passed === false ? 'failed' : 'not recorded'}`}
                                >
                                  {c.passed === true ? (
                                    <IconCheck size={14} />
                                  ) : c.passed === false ? (
                                    <IconX size={14} />
                                  ) : (
                                    <IconMinus size={14} />
                                  )}
                                </ThemeIcon>
                              </Tooltip>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={STATUS[s.status].color} variant="outline">
                            {STATUS[s.status].label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Button
                            component={Link}
                            to={`/admin/validation/${s.id}`}
                            size="xs"
                            variant={s.status === 'pending' ? 'filled' : 'default'}
                            aria-label={`Review ${s.module.name} ${s.version.version}`}
                          >
                            {s.status === 'pending' ? 'Review' : 'Open'}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {d.adminValidationQueue.pageInfo.hasNextPage && (
                <Group>
                  <Button
                    variant="default"
                    onClick={() =>
                      void query.fetchMore({
                        variables: { after: d.adminValidationQueue.pageInfo.endCursor },
                        updateQuery: (prev, { fetchMoreResult }) => ({
                          adminValidationQueue: {
                            ...fetchMoreResult.adminValidationQueue,
                            edges: [...prev.adminValidationQueue.edges, ...fetchMoreResult.adminValidationQueue.edges],
                          },
                        }),
                      })
                    }
                  >
                    Load more
                  </Button>
                </Group>
              )}
              <Anchor component={Link} to="/admin" size="sm">
                Back to admin
              </Anchor>
            </Stack>
          );
        }}
      </QueryStates>
    </>
  );
}
