import '@mantine/charts/styles.css';
import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { BarChart } from '@mantine/charts';
import { Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartHistogram } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { Money } from '../../../shared/components/money';
import { formatMoney, isZero, toAmount } from '@wk/domain';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { VendorAnalyticsQuery } from './graphql/vendor-analytics.query';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthShort = (ym: string) => {
  const [y, m] = ym.split('-').map(Number);
  return `${MONTH_NAMES[(m ?? 1) - 1]} ${String(y).slice(2)}`;
};

/**
 * `/vendor/analytics`: revenue by month split into new, renewal and refund (stacked), MRR and
 * churn per month, trials started and converted per plan. Amounts are the API's exact strings; the
 * chart uses numbers for its geometry only.
 */
export function AnalyticsPage() {
  const { vendor } = useCurrentVendor();
  const [months, setMonths] = useState('12');
  const [chosenCurrency, setCurrency] = useState<string | null>(null);
  const id = vendor?.id ?? 0;
  const query = useQuery(VendorAnalyticsQuery, { variables: { vendorId: id, months: Number(months) }, skip: !id });
  if (!vendor) return <PageEmpty title="You do not manage a vendor" />;

  return (
    <>
      <PageHeader
        title="Analytics"
        documentTitle={`Analytics · ${vendor.name}`}
        description="Revenue by kind, recurring revenue, cancellations and trials, per month (UTC). The same sales as the Sales page."
        actions={<VendorSwitcher />}
      />
      <Group mb="md" justify="space-between" wrap="wrap">
        <SegmentedControl
          size="xs"
          value={months}
          onChange={setMonths}
          aria-label="Period"
          data={[
            { value: '6', label: '6 months' },
            { value: '12', label: '12 months' },
            { value: '24', label: '24 months' },
          ]}
        />
      </Group>
      <QueryStates
        query={query}
        isEmpty={(d) =>
          d.vendorAnalytics.revenue.every((r) => isZero(r.total.amount) && isZero(r.refund.amount)) &&
          d.vendorAnalytics.mrr.every((m) => m.subscriptions === 0) &&
          d.vendorAnalytics.trials.length === 0 &&
          d.vendorAnalytics.churn.every((c) => c.cancellations === 0)
        }
        empty={
          <PageEmpty
            icon={<IconChartHistogram aria-hidden />}
            title="No activity in this period"
            description="Sales, subscriptions and trials of your modules will show here."
          />
        }
      >
        {(d) => {
          const a = d.vendorAnalytics;
          const currencies = [...new Set(a.revenue.map((r) => r.currency))];
          const currency = chosenCurrency && currencies.includes(chosenCurrency) ? chosenCurrency : (currencies[0] ?? 'USD');
          const rows = a.revenue.filter((r) => r.currency === currency);
          const mrr = a.mrr.filter((m) => m.currency === currency);
          const exact = new Map(rows.map((r) => [monthShort(r.month), r]));
          const data = rows.map((r) => ({
            month: monthShort(r.month),
            New: Number(r.newRevenue.amount),
            Renewal: Number(r.renewal.amount),
            Refund: Number(r.refund.amount),
          }));
          const lastMrr = mrr[mrr.length - 1];
          const cancellations = a.churn.reduce((n, c) => n + c.cancellations, 0);
          const started = a.trials.reduce((n, t) => n + t.started, 0);
          const converted = a.trials.reduce((n, t) => n + t.converted, 0);
          return (
            <Stack gap="lg">
              {currencies.length > 1 && (
                <Select label="Currency" data={currencies} value={currency} onChange={setCurrency} allowDeselect={false} w={160} />
              )}
              <SimpleGrid cols={{ base: 1, xs: 3 }}>
                <Card withBorder padding="md">
                  <Text size="sm" c="dimmed">
                    MRR now
                  </Text>
                  <Text fz="xl" fw={700} data-testid="analytics-mrr">
                    {lastMrr ? formatMoney(lastMrr.mrr) : '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {lastMrr?.subscriptions ?? 0} subscription{lastMrr?.subscriptions === 1 ? '' : 's'}
                  </Text>
                </Card>
                <Card withBorder padding="md">
                  <Text size="sm" c="dimmed">
                    Cancellations ({a.months.length} months)
                  </Text>
                  <Text fz="xl" fw={700}>
                    {cancellations}
                  </Text>
                </Card>
                <Card withBorder padding="md">
                  <Text size="sm" c="dimmed">
                    Trials converted
                  </Text>
                  <Text fz="xl" fw={700}>
                    {converted} of {started}
                  </Text>
                </Card>
              </SimpleGrid>

              <Card withBorder padding="lg" component="section" aria-labelledby="kind-title">
                <Title order={2} fz="lg" id="kind-title" mb="md">
                  Revenue by month: new, renewal, refund
                </Title>
                <div
                  data-testid="analytics-revenue-chart"
                  role="img"
                  aria-label={`Revenue by month in ${currency}: ${
                    rows
                      .filter((r) => !isZero(r.total.amount) || !isZero(r.refund.amount))
                      .map(
                        (r) =>
                          `${monthShort(r.month)} new ${formatMoney(r.newRevenue)}, renewal ${formatMoney(r.renewal)}, refund ${formatMoney(r.refund)}`,
                      )
                      .join('; ') || 'no sales'
                  }`}
                >
                  <BarChart
                    h={280}
                    data={data}
                    dataKey="month"
                    type="stacked"
                    withLegend
                    legendProps={{ verticalAlign: 'bottom' }}
                    series={[
                      { name: 'New', color: 'indigo.6' },
                      { name: 'Renewal', color: 'teal.6' },
                      { name: 'Refund', color: 'red.6' },
                    ]}
                    valueFormatter={(v) => formatMoney({ amount: toAmount(v), currency })}
                    yAxisProps={{ width: 96 }}
                    tooltipProps={{
                      content: ({ label }) => {
                        const r = exact.get(String(label));
                        if (!r) return null;
                        return (
                          <Card withBorder shadow="md" padding="xs">
                            <Text size="sm" fw={600}>
                              {label}
                            </Text>
                            <Text size="xs">New {formatMoney(r.newRevenue)}</Text>
                            <Text size="xs">Renewal {formatMoney(r.renewal)}</Text>
                            <Text size="xs">Refund {formatMoney(r.refund)}</Text>
                            <Text size="xs" fw={600}>
                              Total {formatMoney(r.total)}
                            </Text>
                          </Card>
                        );
                      },
                    }}
                  />
                </div>
              </Card>

              <Card withBorder padding="lg" component="section" aria-labelledby="monthly-title">
                <Title order={2} fz="lg" id="monthly-title" mb="md">
                  Month by month
                </Title>
                <Table.ScrollContainer minWidth={640}>
                  <Table verticalSpacing="xs" aria-label="Analytics by month" data-testid="analytics-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Month</Table.Th>
                        <Table.Th ta="right">New</Table.Th>
                        <Table.Th ta="right">Renewal</Table.Th>
                        <Table.Th ta="right">Refund</Table.Th>
                        <Table.Th ta="right">Total</Table.Th>
                        <Table.Th ta="right">MRR (month end)</Table.Th>
                        <Table.Th ta="right">Cancellations</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {[...rows].reverse().map((r) => {
                        const m = mrr.find((x) => x.month === r.month);
                        const c = a.churn.find((x) => x.month === r.month);
                        return (
                          <Table.Tr key={r.month} data-testid="analytics-month">
                            <Table.Td>{monthShort(r.month)}</Table.Td>
                            <Table.Td ta="right">
                              <Money value={r.newRevenue} />
                            </Table.Td>
                            <Table.Td ta="right">
                              <Money value={r.renewal} />
                            </Table.Td>
                            <Table.Td ta="right">
                              <Money value={r.refund} />
                            </Table.Td>
                            <Table.Td ta="right" fw={600}>
                              <Money value={r.total} />
                            </Table.Td>
                            <Table.Td ta="right">
                              <Money value={m?.mrr} />
                            </Table.Td>
                            <Table.Td ta="right">{c?.cancellations ?? 0}</Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>

              <Card withBorder padding="lg" component="section" aria-labelledby="trials-title">
                <Title order={2} fz="lg" id="trials-title" mb="md">
                  Trials per plan
                </Title>
                {a.trials.length === 0 ? (
                  <Text c="dimmed" size="sm">
                    No trial started in this period.
                  </Text>
                ) : (
                  <Table.ScrollContainer minWidth={420}>
                    <Table verticalSpacing="xs" aria-label="Trials per plan">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Plan</Table.Th>
                          <Table.Th ta="right">Started</Table.Th>
                          <Table.Th ta="right">Converted</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {a.trials.map((t) => (
                          <Table.Tr key={t.planId}>
                            <Table.Td>
                              {t.moduleName} — {t.planName}
                            </Table.Td>
                            <Table.Td ta="right">{t.started}</Table.Td>
                            <Table.Td ta="right">{t.converted}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Card>
            </Stack>
          );
        }}
      </QueryStates>
    </>
  );
}
