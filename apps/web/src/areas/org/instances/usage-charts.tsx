import '@mantine/charts/styles.css';
import { AreaChart, BarChart, LineChart } from '@mantine/charts';
import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import type { InstanceUsageQuery } from '../../../gql/graphql';
import { formatCount, shortDay } from './format';

type Day = InstanceUsageQuery['instanceUsage']['modules'][number]['days'][number];

function ChartCard({ title, summary, children }: { title: string; summary: string; children: React.ReactNode }) {
  return (
    <Card withBorder padding="md" component="figure" m={0} aria-label={`${title}: ${summary}`}>
      <Title order={3} fz="sm" mb={4}>
        {title}
      </Title>
      <Text size="xs" c="dimmed" mb="sm" component="figcaption">
        {summary}
      </Text>
      {children}
    </Card>
  );
}

/** Daily active users, API calls, errors and response time of one instance module. */
export function UsageCharts({ days }: { days: Day[] }) {
  const data = days.map((d) => ({
    day: shortDay(d.date),
    users: d.activeUsers,
    calls: d.apiCalls,
    errors: d.errors,
    ms: d.avgResponseTimeMs,
  }));
  const peak = Math.max(0, ...days.map((d) => d.activeUsers));
  const calls = days.reduce((s, d) => s + d.apiCalls, 0);
  const errs = days.reduce((s, d) => s + d.errors, 0);
  const rts = days.filter((d) => d.avgResponseTimeMs !== null).map((d) => d.avgResponseTimeMs!);
  const common = { h: 200, dataKey: 'day', tickLine: 'y' as const, tooltipAnimationDuration: 150, yAxisProps: { allowDecimals: false } };
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="usage-charts">
      <ChartCard
        title="Daily active users"
        summary={`Peak ${formatCount(peak)} over ${days.length} reported day${days.length === 1 ? '' : 's'}`}
      >
        <AreaChart
          {...common}
          data={data}
          series={[{ name: 'users', label: 'Active users', color: 'indigo.6' }]}
          curveType="monotone"
          valueFormatter={formatCount}
        />
      </ChartCard>
      <ChartCard title="API calls" summary={`${formatCount(calls)} in the period`}>
        <BarChart {...common} data={data} series={[{ name: 'calls', label: 'API calls', color: 'teal.6' }]} valueFormatter={formatCount} />
      </ChartCard>
      <ChartCard title="Errors" summary={`${formatCount(errs)} in the period`}>
        <BarChart {...common} data={data} series={[{ name: 'errors', label: 'Errors', color: 'red.6' }]} valueFormatter={formatCount} />
      </ChartCard>
      <ChartCard
        title="Response time"
        summary={rts.length ? `Between ${Math.min(...rts)} and ${Math.max(...rts)} ms (daily average)` : 'Not reported'}
      >
        <LineChart
          {...common}
          data={data}
          series={[{ name: 'ms', label: 'Average response time', color: 'orange.6' }]}
          unit=" ms"
          connectNulls
          curveType="monotone"
        />
      </ChartCard>
    </SimpleGrid>
  );
}
