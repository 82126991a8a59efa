import '@mantine/charts/styles.css';
import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { BarChart } from '@mantine/charts';
import { Badge, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar, IconReceipt2 } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { formatMoney, toAmount } from '@wk/domain';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { VendorSalesQuery } from './graphql/vendor-sales.query';
import { VendorRevenueQuery } from './graphql/vendor-revenue.query';
import { SalesExport } from './sales-export';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthShort = (ym: string) => {
  const [y, m] = ym.split('-').map(Number);
  return `${MONTH_NAMES[(m ?? 1) - 1]} ${String(y).slice(2)}`;
};

/**
 * `/vendor/sales`: revenue by month (gross, commission, net) and every sale. Sales are cached by
 * their global id (`purchase:12`, `renewal:12`): a purchase and a renewal may share a number.
 */
export function VendorSalesPage() {
  const { vendor } = useCurrentVendor();
  const [months, setMonths] = useState('12');
  const id = vendor?.id ?? 0;
  const revenue = useQuery(VendorRevenueQuery, { variables: { vendorId: id, months: Number(months) }, skip: !id });
  const sales = useQuery(VendorSalesQuery, { variables: { vendorId: id, first: 20 }, skip: !id });
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = async () => {
    const after = sales.data?.vendorSales.pageInfo.endCursor;
    if (!after) return;
    setLoadingMore(true);
    try {
      await sales.fetchMore({
        variables: { after },
        updateQuery: (prev, { fetchMoreResult }) =>
          fetchMoreResult
            ? { vendorSales: { ...fetchMoreResult.vendorSales, edges: [...prev.vendorSales.edges, ...fetchMoreResult.vendorSales.edges] } }
            : prev,
      });
    } finally {
      setLoadingMore(false);
    }
  };

  if (!vendor) return <PageEmpty title="You do not manage a vendor" />;

  return (
    <>
      <PageHeader
        title="Sales"
        documentTitle={`Sales · ${vendor?.name ?? 'Vendor'}`}
        description="What your modules earned: gross sales, the platform commission, and your net revenue. Payouts are on their own page."
        actions={<VendorSwitcher />}
      />

      <Card withBorder padding="lg" mb="lg" component="section" aria-labelledby="revenue-title">
        <Group justify="space-between" mb="md" wrap="wrap">
          <Group gap="xs">
            <IconChartBar size={20} aria-hidden />
            <Title order={2} fz="lg" id="revenue-title">
              Revenue by month
            </Title>
          </Group>
          <SegmentedControl
            size="xs"
            value={months}
            onChange={setMonths}
            data={[
              { value: '6', label: '6 months' },
              { value: '12', label: '12 months' },
              { value: '24', label: '24 months' },
            ]}
            aria-label="Period"
          />
        </Group>
        <QueryStates
          query={revenue}
          isEmpty={(d) => d.vendorRevenue.every((m) => m.salesCount === 0)}
          empty={<PageEmpty title="No sales in this period" description="Sales of your modules will show here." />}
        >
          {(d) => {
            const currency = d.vendorRevenue[0]?.currency ?? 'USD';
            const rows = d.vendorRevenue.filter((m) => m.currency === currency);
            // Chart geometry only: the exact amounts are in the table and tooltips come from the API strings.
            const exact = new Map(rows.map((m) => [monthShort(m.month), m]));
            const data = rows.map((m) => ({
              month: monthShort(m.month),
              Gross: Number(m.gross.amount),
              Commission: Number(m.commission.amount),
              Net: Number(m.net.amount),
            }));
            const totals = rows.reduce((acc, m) => acc + m.salesCount, 0);
            const last = rows[rows.length - 1];
            return (
              <Stack gap="md">
                <SimpleGrid cols={{ base: 1, xs: 3 }}>
                  <Stat label={`Sales (${rows.length} months)`} value={String(totals)} />
                  <Stat
                    label={`Gross ${last ? monthShort(last.month) : ''}`}
                    value={last ? formatMoney(last.gross) : '—'}
                    testId="stat-gross-this-month"
                    data={last ? { month: last.month, amount: last.gross.amount, count: String(last.salesCount) } : undefined}
                  />
                  <Stat label={`Net ${last ? monthShort(last.month) : ''}`} value={last ? formatMoney(last.net) : '—'} />
                </SimpleGrid>
                <div
                  data-testid="revenue-chart"
                  role="img"
                  aria-label={`Revenue by month in ${currency}: ${
                    rows
                      .filter((m) => m.salesCount)
                      .map((m) => `${monthShort(m.month)} gross ${formatMoney(m.gross)}, net ${formatMoney(m.net)}`)
                      .join('; ') || 'no sales'
                  }`}
                >
                  <BarChart
                    h={280}
                    data={data}
                    dataKey="month"
                    withLegend
                    legendProps={{ verticalAlign: 'bottom' }}
                    series={[
                      { name: 'Gross', color: 'indigo.6' },
                      { name: 'Commission', color: 'orange.6' },
                      { name: 'Net', color: 'teal.6' },
                    ]}
                    valueFormatter={(v) => formatMoney({ amount: toAmount(v), currency })}
                    yAxisProps={{ width: 96 }}
                    tooltipProps={{
                      content: ({ label }) => {
                        const m = exact.get(String(label));
                        if (!m) return null;
                        return (
                          <Card withBorder shadow="md" padding="xs">
                            <Text size="sm" fw={600}>
                              {label} · {m.salesCount} sale{m.salesCount === 1 ? '' : 's'}
                            </Text>
                            <Text size="xs">Gross {formatMoney(m.gross)}</Text>
                            <Text size="xs">Commission {formatMoney(m.commission)}</Text>
                            <Text size="xs">Net {formatMoney(m.net)}</Text>
                          </Card>
                        );
                      },
                    }}
                  />
                </div>
              </Stack>
            );
          }}
        </QueryStates>
      </Card>

      <SalesExport vendorId={id} />

      <Card withBorder padding="lg" mb="lg" component="section" aria-labelledby="sales-title">
        <Group gap="xs" mb="sm">
          <IconReceipt2 size={20} aria-hidden />
          <Title order={2} fz="lg" id="sales-title">
            Sales
          </Title>
        </Group>
        <QueryStates query={sales} isEmpty={(d) => d.vendorSales.edges.length === 0} empty={<PageEmpty title="No sales yet" />}>
          {(d) => (
            <Stack gap="sm">
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="xs" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Date</Table.Th>
                      <Table.Th scope="col">Module</Table.Th>
                      <Table.Th scope="col">Buyer</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Gross
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Commission
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Net
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.vendorSales.edges.map(({ node: s }) => (
                      <Table.Tr key={s.id} data-testid="sale-row" data-sale-id={s.id} data-sold-at={s.soldAt} data-gross={s.gross.amount}>
                        <Table.Td>
                          <DateText value={s.soldAt} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {s.moduleName}
                          </Text>
                          <Group gap={4}>
                            <Text size="xs" c="dimmed">
                              {s.planName}
                            </Text>
                            {s.kind === 'renewal' && (
                              <Badge size="xs" variant="outline" color="gray.7">
                                Renewal
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>{s.buyerName}</Table.Td>
                        <Table.Td ta="right">
                          <Money value={s.gross} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Money value={s.commission} />
                        </Table.Td>
                        <Table.Td ta="right" fw={600}>
                          <Money value={s.net} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group justify="space-between">
                <Text size="xs" c="dimmed">
                  {d.vendorSales.totalCount} sale{d.vendorSales.totalCount === 1 ? '' : 's'}
                </Text>
                {d.vendorSales.pageInfo.hasNextPage && (
                  <Button variant="default" size="xs" onClick={() => void loadMore()} loading={loadingMore}>
                    Load more
                  </Button>
                )}
              </Group>
            </Stack>
          )}
        </QueryStates>
      </Card>
    </>
  );
}

function Stat({
  label,
  value,
  testId,
  data,
}: {
  label: string;
  value: string;
  testId?: string;
  data?: { month: string; amount: string; count: string };
}) {
  return (
    <Card
      withBorder
      padding="sm"
      bg="gray.0"
      data-testid={testId}
      data-month={data?.month}
      data-amount={data?.amount}
      data-count={data?.count}
    >
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="lg">
        {value}
      </Text>
    </Card>
  );
}
