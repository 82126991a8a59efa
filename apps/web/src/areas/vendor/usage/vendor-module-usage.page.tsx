import '@mantine/charts/styles.css';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { BarChart, LineChart } from '@mantine/charts';
import { Anchor, Badge, Breadcrumbs, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { VendorModuleUsageQuery } from './graphql/vendor-module-usage.query';
import { PeriodForm } from './period-form';
import { formatCount, formatMs, formatPercentile, formatRate, groupLabel, seriesColor, shortDay } from './usage-format';
import { AlertRulesPanel } from './alert-rules-panel';
import { FeatureUsage } from './feature-usage';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** One module's usage and errors per module version × core version, summed over every install. */
export function VendorModuleUsagePage() {
  const { moduleId } = useParams();
  const id = Number(moduleId);
  const [period, setPeriod] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const query = useQuery(VendorModuleUsageQuery, { variables: { moduleId: id, ...period }, skip: !Number.isInteger(id) });

  if (!Number.isInteger(id) || (query.error && hasErrorCode(query.error, 'NOT_FOUND'))) return <NotFoundPage />;
  const r = query.data?.vendorModuleUsage;

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/vendor/usage" size="sm">
          Usage and errors
        </Anchor>
        <Text size="sm">{r?.module.name ?? '…'}</Text>
      </Breadcrumbs>
      <PageHeader
        title={r ? `${r.module.name}: usage and errors` : 'Module usage'}
        description="Summed over every install, per module version × core version. No customer, instance or user identifiers."
      />
      <Stack gap="md">
        <PeriodForm from={r?.from} to={r?.to} onChange={setPeriod} />
        <QueryStates
          query={query}
          isEmpty={(d) => d.vendorModuleUsage.groups.length === 0 && d.vendorModuleUsage.errors.length === 0}
          empty={
            <PageEmpty
              icon={<IconChartBar aria-hidden />}
              title={`No install reported between ${r?.from ?? '…'} and ${r?.to ?? '…'}`}
              description={
                r?.latestReportDate
                  ? `The latest report is from ${r.latestReportDate}.`
                  : 'No install of this module has reported usage yet.'
              }
            />
          }
        >
          {(d) => {
            const u = d.vendorModuleUsage;
            const keys = u.groups.map((g, i) => ({ key: `g${i}`, label: groupLabel(g), color: seriesColor(i) }));
            const dates = [...new Set(u.groups.flatMap((g) => g.days.map((x) => x.date)))].sort();
            const daily = (field: 'apiCalls' | 'activeUsers') =>
              dates.map((date) => {
                const row: Record<string, number | string> = { day: shortDay(date) };
                u.groups.forEach((g, i) => {
                  const day = g.days.find((x) => x.date === date);
                  if (day) row[`g${i}`] = day[field];
                });
                return row;
              });
            const series = keys.map((k) => ({ name: k.key, label: k.label, color: k.color }));
            return (
              <Stack gap="md">
                <Text size="sm" c="dimmed">
                  {u.from} – {u.to}
                </Text>
                <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="usage-stats">
                  <Stat label="Peak daily users" value={formatCount(u.totals.peakActiveUsers)} />
                  <Stat label="API calls" value={formatCount(u.totals.apiCalls)} />
                  <Stat label="Errors" value={formatCount(u.totals.errors)} />
                  <Stat label="Error rate" value={formatRate(u.totals.errorRatePercent)} />
                  <Stat label="p95 response" value={formatPercentile(u.latency.p95)} />
                  <Stat label="p99 response" value={formatPercentile(u.latency.p99)} />
                  <Stat label="Avg response" value={formatMs(u.totals.avgResponseTimeMs)} />
                  <Stat label="Data processed" value={`${u.totals.dataProcessedMb} MB`} />
                </SimpleGrid>
                {u.latency.calls === 0 && u.totals.apiCalls > 0 && (
                  <Text size="sm" c="dimmed">
                    No install sent a latency histogram in this period, so there are no percentiles (instances send{' '}
                    <code>latencyHistogram</code> with their usage report).
                  </Text>
                )}
                {u.groups.length > 0 && (
                  <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="vendor-usage-charts">
                    <Card withBorder padding="md" component="figure" m={0} aria-label="API calls per day, per version and core">
                      <Title order={2} fz="sm" mb="sm">
                        API calls per day
                      </Title>
                      <LineChart
                        h={220}
                        yAxisProps={{ allowDecimals: false }}
                        data={daily('apiCalls')}
                        dataKey="day"
                        series={series}
                        withLegend
                        connectNulls
                        curveType="monotone"
                        valueFormatter={formatCount}
                        legendProps={{ verticalAlign: 'bottom' }}
                      />
                    </Card>
                    <Card withBorder padding="md" component="figure" m={0} aria-label="Active users per day, per version and core">
                      <Title order={2} fz="sm" mb="sm">
                        Active users per day
                      </Title>
                      <LineChart
                        h={220}
                        yAxisProps={{ allowDecimals: false }}
                        data={daily('activeUsers')}
                        dataKey="day"
                        series={series}
                        withLegend
                        connectNulls
                        curveType="monotone"
                        valueFormatter={formatCount}
                        legendProps={{ verticalAlign: 'bottom' }}
                      />
                    </Card>
                    <Card
                      withBorder
                      padding="md"
                      component="figure"
                      m={0}
                      aria-label="Error rate per version and core"
                      data-testid="error-rate-chart"
                    >
                      <Title order={2} fz="sm" mb="sm">
                        Error rate per version × core
                      </Title>
                      <BarChart
                        h={220}
                        data={u.groups.map((g) => ({ group: groupLabel(g), rate: Number(g.totals.errorRatePercent ?? 0) }))}
                        dataKey="group"
                        unit=" %"
                        series={[{ name: 'rate', label: 'Error rate', color: 'red.7' }]}
                        valueFormatter={(v) => `${v.toFixed(2)}`}
                      />
                    </Card>
                    <Card
                      withBorder
                      padding="md"
                      component="figure"
                      m={0}
                      aria-label="Response time p95 and p99 per version and core"
                      data-testid="latency-chart"
                    >
                      <Title order={2} fz="sm" mb="sm">
                        Response time p95 / p99 per version × core (ms)
                      </Title>
                      <BarChart
                        h={220}
                        data={u.groups.map((g) => ({ group: groupLabel(g), p95: g.latency.p95?.ms ?? 0, p99: g.latency.p99?.ms ?? 0 }))}
                        dataKey="group"
                        yAxisProps={{ width: 56 }}
                        withLegend
                        legendProps={{ verticalAlign: 'bottom' }}
                        series={[
                          { name: 'p95', label: 'p95 (at most)', color: 'orange.6' },
                          { name: 'p99', label: 'p99 (at most)', color: 'grape.7' },
                        ]}
                        valueFormatter={formatCount}
                      />
                    </Card>
                  </SimpleGrid>
                )}
                <Title order={2} fz="md">
                  Per module version × core version
                </Title>
                <Table.ScrollContainer minWidth={880}>
                  <Table verticalSpacing="sm" aria-label="Usage per module version and core version">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Module version</Table.Th>
                        <Table.Th>Core version</Table.Th>
                        <Table.Th>Installs</Table.Th>
                        <Table.Th>Peak users</Table.Th>
                        <Table.Th>API calls</Table.Th>
                        <Table.Th>Errors</Table.Th>
                        <Table.Th>Error rate</Table.Th>
                        <Table.Th>p50</Table.Th>
                        <Table.Th>p95</Table.Th>
                        <Table.Th>p99</Table.Th>
                        <Table.Th>Avg response</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {u.groups.map((g) => (
                        <Table.Tr key={groupLabel(g)} data-testid="vendor-usage-group">
                          <Table.Td>{g.version}</Table.Td>
                          <Table.Td>{g.coreVersion}</Table.Td>
                          <Table.Td>{formatCount(g.installs)}</Table.Td>
                          <Table.Td>{formatCount(g.totals.peakActiveUsers)}</Table.Td>
                          <Table.Td>{formatCount(g.totals.apiCalls)}</Table.Td>
                          <Table.Td>{formatCount(g.totals.errors)}</Table.Td>
                          <Table.Td>{formatRate(g.totals.errorRatePercent)}</Table.Td>
                          <Table.Td>{formatPercentile(g.latency.p50)}</Table.Td>
                          <Table.Td>{formatPercentile(g.latency.p95)}</Table.Td>
                          <Table.Td>{formatPercentile(g.latency.p99)}</Table.Td>
                          <Table.Td>{formatMs(g.totals.avgResponseTimeMs)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Text size="xs" c="dimmed">
                  Percentiles come from the latency histograms instances report, added bucket by bucket across installs: “≤ 250 ms” means
                  that share of calls took at most 250 ms.
                </Text>
                <FeatureUsage features={u.features} />
                <Title order={2} fz="md">
                  Most frequent errors
                </Title>
                {u.errors.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No error reported in this period.
                  </Text>
                ) : (
                  <Table.ScrollContainer minWidth={640}>
                    <Table verticalSpacing="sm" aria-label="Most frequent errors">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Error</Table.Th>
                          <Table.Th>Version × core</Table.Th>
                          <Table.Th>Occurrences</Table.Th>
                          <Table.Th>Installs affected</Table.Th>
                          <Table.Th>Last seen</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {u.errors.map((e, i) => (
                          <Table.Tr key={i} data-testid="vendor-error-row">
                            <Table.Td maw={360}>
                              <Badge size="sm" variant="outline" color="gray.8" tt="none" mb={2}>
                                {e.errorType}
                              </Badge>
                              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                                {e.errorMessage}
                              </Text>
                            </Table.Td>
                            <Table.Td>{groupLabel(e)}</Table.Td>
                            <Table.Td>{formatCount(e.occurrences)}</Table.Td>
                            <Table.Td>{formatCount(e.affectedInstalls)}</Table.Td>
                            <Table.Td>
                              <DateText value={e.lastSeenAt} withTime />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Stack>
            );
          }}
        </QueryStates>
        {Number.isInteger(id) && <AlertRulesPanel moduleId={id} />}
      </Stack>
    </>
  );
}
