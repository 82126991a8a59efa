import '@mantine/charts/styles.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { useSession } from '../../../shared/session/session-provider';
import { VendorUsageSummaryQuery } from './graphql/vendor-usage-summary.query';
import { PeriodForm } from './period-form';
import { formatCount, formatMs } from './usage-format';

/** Usage of every module of a vendor, summed over all installs (no customer data). */
export function VendorUsagePage() {
  const session = useSession();
  const vendors = session.me?.vendors ?? [];
  const [vendorId, setVendorId] = useState<string | null>(vendors[0] ? String(vendors[0].id) : null);
  const [period, setPeriod] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const query = useQuery(VendorUsageSummaryQuery, { variables: { vendorId: Number(vendorId), ...period }, skip: !vendorId });
  const report = query.data?.vendorUsageSummary;

  return (
    <>
      <PageHeader
        title="Usage and errors"
        description="How your modules are used across every install, per module version and core version. Only aggregates: never a customer, an instance or a user."
      />
      <Stack gap="md">
        {vendors.length > 1 && (
          <Select
            label="Vendor"
            data={vendors.map((v) => ({ value: String(v.id), label: v.name }))}
            value={vendorId}
            onChange={setVendorId}
            allowDeselect={false}
            maw={320}
          />
        )}
        <PeriodForm from={report?.from} to={report?.to} onChange={setPeriod} />
        <QueryStates
          query={query}
          isEmpty={(d) => d.vendorUsageSummary.modules.length === 0}
          empty={
            <PageEmpty
              icon={<IconChartBar aria-hidden />}
              title="No module yet"
              description="Usage appears here once your modules are installed and report."
            />
          }
        >
          {(d) => {
            const withData = d.vendorUsageSummary.modules.filter((m) => m.totals.reportedDays > 0);
            return (
              <Stack gap="md">
                <Text size="sm" c="dimmed">
                  {d.vendorUsageSummary.from} – {d.vendorUsageSummary.to}
                </Text>
                {withData.length > 0 ? (
                  <Card withBorder padding="md" component="figure" m={0} aria-label="API calls per module">
                    <Title order={2} fz="sm" mb="sm">
                      API calls per module
                    </Title>
                    <BarChart
                      h={Math.max(140, 50 * withData.length)}
                      data={withData.map((m) => ({ module: m.module.name, calls: m.totals.apiCalls }))}
                      dataKey="module"
                      orientation="vertical"
                      yAxisProps={{ width: 110 }}
                      series={[{ name: 'calls', label: 'API calls', color: 'indigo.6' }]}
                      valueFormatter={formatCount}
                    />
                  </Card>
                ) : (
                  <Text size="sm" c="dimmed">
                    No install reported usage in this period.
                  </Text>
                )}
                <Table.ScrollContainer minWidth={620}>
                  <Table verticalSpacing="sm" aria-label="Modules">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Module</Table.Th>
                        <Table.Th>Installs reporting</Table.Th>
                        <Table.Th>API calls</Table.Th>
                        <Table.Th>Errors</Table.Th>
                        <Table.Th>Avg response</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.vendorUsageSummary.modules.map((m) => (
                        <Table.Tr key={m.module.id} data-testid="vendor-usage-module">
                          <Table.Td>
                            <Anchor component={Link} to={`/vendor/usage/${m.module.id}`} fw={600}>
                              {m.module.name}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{formatCount(m.installs)}</Table.Td>
                          <Table.Td>{formatCount(m.totals.apiCalls)}</Table.Td>
                          <Table.Td>{formatCount(m.totals.errors)}</Table.Td>
                          <Table.Td>{formatMs(m.totals.avgResponseTimeMs)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            );
          }}
        </QueryStates>
      </Stack>
    </>
  );
}
