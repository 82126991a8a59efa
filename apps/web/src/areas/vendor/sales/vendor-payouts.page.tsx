import { useQuery } from '@apollo/client/react';
import { Badge, Card, Table, Text } from '@mantine/core';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { VendorPayoutsQuery } from './graphql/vendor-payouts.query';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthShort = (ym: string) => {
  const [y, m] = ym.split('-').map(Number);
  return `${MONTH_NAMES[(m ?? 1) - 1]} ${String(y).slice(2)}`;
};

/** `/vendor/payouts`: the vendor's monthly payouts (total sales, commission, payout, paid or pending). */
export function VendorPayoutsPage() {
  const { vendor } = useCurrentVendor();
  const id = vendor?.id ?? 0;
  const payouts = useQuery(VendorPayoutsQuery, { variables: { vendorId: id, first: 24 }, skip: !id });
  if (!vendor) return <PageEmpty title="You do not manage any vendor yet" />;
  return (
    <>
      <PageHeader
        title="Payouts"
        documentTitle={`Payouts · ${vendor.name}`}
        description="Each month's sales, less the platform commission, are paid out after the month ends."
        actions={<VendorSwitcher />}
      />
      <Card withBorder padding="lg" component="section" aria-label="Payouts">
        <QueryStates
          query={payouts}
          isEmpty={(d) => d.vendorPayouts.edges.length === 0}
          empty={<PageEmpty title="No payouts yet" description="Payouts are built on the 1st of each month for the month before." />}
        >
          {(d) => (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Month</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Total sales
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      Commission
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      Payout
                    </Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.vendorPayouts.edges.map(({ node: p }) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{monthShort(p.month)}</Table.Td>
                      <Table.Td ta="right">
                        <Money value={p.totalSales} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money value={p.commission} />
                      </Table.Td>
                      <Table.Td ta="right" fw={600}>
                        <Money value={p.payout} />
                      </Table.Td>
                      <Table.Td>
                        {p.status === 'paid' ? (
                          <Text size="sm">
                            <Badge color="green.8" variant="outline" mr={6}>
                              Paid
                            </Badge>
                            <DateText value={p.paidAt} /> · {p.paymentReference}
                          </Text>
                        ) : (
                          <Badge color="orange.9" variant="outline">
                            Pending
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryStates>
      </Card>
    </>
  );
}
