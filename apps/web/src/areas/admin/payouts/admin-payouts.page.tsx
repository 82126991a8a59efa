import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCoin, IconRefresh } from '@tabler/icons-react';
import type { PayoutStatus } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { AdminPayoutsQuery } from './graphql/admin-payouts.query';
import { PayoutsGenerateMutation } from './graphql/payouts-generate.mutation';
import { PayoutMarkPaidMutation } from './graphql/payout-mark-paid.mutation';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function previousMonth(now = new Date()): { year: number; month: number } {
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - 1;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function monthLabel(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return `${MONTHS[(m ?? 1) - 1]} ${y}`;
}

type PayoutRow = { id: number; vendorName: string; month: string; payout: { amount: string; currency: string } };

/** `/admin/payouts`: generate a month's vendor payouts, review them, mark them paid. */
export function AdminPayoutsPage() {
  const prev = previousMonth();
  const [year, setYear] = useState(String(prev.year));
  const [month, setMonth] = useState(String(prev.month));
  const [status, setStatus] = useState<PayoutStatus | null>(null);
  const [paying, setPaying] = useState<PayoutRow | null>(null);
  const genErrors = useFormErrors(['year', 'month']);
  const query = useQuery(AdminPayoutsQuery, { variables: { first: 100, filter: status ? { status } : null } });
  const [generate, { loading: generating }] = useMutation(PayoutsGenerateMutation, { refetchQueries: [AdminPayoutsQuery] });
  const years = useMemo(() => {
    const current = new Date().getUTCFullYear();
    return Array.from({ length: 4 }, (_, i) => String(current - i));
  }, []);

  const onGenerate = async () => {
    genErrors.clear();
    try {
      const { data } = await generate({ variables: { input: { year: Number(year), month: Number(month) } } });
      const p = data?.payoutsGenerate;
      if (!p) return;
      if (p.errors.length) {
        genErrors.setFromPayload(p.errors);
        return;
      }
      const label = monthLabel(`${year}-${month.padStart(2, '0')}`);
      notifications.show({
        color: 'green',
        message:
          p.createdCount || p.updatedCount
            ? `${label}: ${p.createdCount} payout(s) created, ${p.updatedCount} updated.`
            : p.payouts.length
              ? `${label}: payouts were already up to date (${p.payouts.length}).`
              : `${label}: no sales, so no payouts.`,
      });
    } catch (e) {
      genErrors.setFromException(e);
    }
  };

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/admin" size="sm">
          Admin
        </Anchor>
        <span aria-current="page">Payouts</span>
      </Breadcrumbs>
      <PageHeader
        title="Payouts"
        description="Monthly vendor payouts: total sales, platform commission and the amount paid out. Generated automatically on the 1st; you can (re)generate any ended month."
      />

      <Card withBorder padding="lg" mb="lg" component="section" aria-labelledby="generate-title">
        <Title order={2} fz="lg" id="generate-title" mb="sm">
          Generate for a month
        </Title>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Month"
            data={MONTHS.map((m, i) => ({ value: String(i + 1), label: m }))}
            value={month}
            onChange={(v) => v && setMonth(v)}
            allowDeselect={false}
            w={160}
            error={genErrors.field('month')}
          />
          <Select
            label="Year"
            data={years}
            value={year}
            onChange={(v) => v && setYear(v)}
            allowDeselect={false}
            w={110}
            error={genErrors.field('year')}
          />
          <Button
            onClick={() => void onGenerate()}
            loading={generating}
            leftSection={<IconRefresh size={16} aria-hidden />}
            data-testid="generate-payouts"
          >
            Generate
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          Safe to repeat: pending payouts are refreshed, paid ones never change.
        </Text>
        <FormErrorAlert errors={genErrors.general} />
      </Card>

      <Group mb="md">
        <Select
          label="Status"
          placeholder="All"
          clearable
          data={[
            { value: 'pending', label: 'Pending' },
            { value: 'paid', label: 'Paid' },
          ]}
          value={status}
          onChange={(v) => setStatus((v as PayoutStatus) ?? null)}
          w={180}
        />
      </Group>

      <QueryStates
        query={query}
        isEmpty={(d) => d.adminPayouts.edges.length === 0}
        empty={
          <PageEmpty
            title="No payouts"
            description="Generate a month above, or wait for the monthly job."
            icon={<IconCoin aria-hidden />}
          />
        }
      >
        {(d) => (
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Vendor</Table.Th>
                    <Table.Th scope="col">Month</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Sales
                    </Table.Th>
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
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.adminPayouts.edges.map(({ node: p }) => (
                    <Table.Tr key={p.id} data-testid="payout-row">
                      <Table.Td fw={500}>{p.vendorName}</Table.Td>
                      <Table.Td>{monthLabel(p.month)}</Table.Td>
                      <Table.Td ta="right">{p.salesCount}</Table.Td>
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
                          <Stack gap={0}>
                            <Badge color="green.8" variant="outline">
                              Paid
                            </Badge>
                            <Text size="xs" c="dimmed">
                              <DateText value={p.paidAt} /> · {p.paymentReference}
                            </Text>
                          </Stack>
                        ) : (
                          <Badge color="orange.9" variant="outline">
                            Pending
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {p.status === 'pending' && (
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => setPaying(p)}
                            aria-label={`Mark the ${monthLabel(p.month)} payout of ${p.vendorName} paid`}
                          >
                            Mark paid
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        )}
      </QueryStates>
      <MarkPaidModal payout={paying} onClose={() => setPaying(null)} />
    </>
  );
}

function MarkPaidModal({ payout, onClose }: { payout: PayoutRow | null; onClose: () => void }) {
  const [reference, setReference] = useState('');
  const errors = useFormErrors(['paymentReference']);
  const [markPaid, { loading }] = useMutation(PayoutMarkPaidMutation, { refetchQueries: [AdminPayoutsQuery] });
  const close = () => {
    setReference('');
    errors.clear();
    onClose();
  };
  const submit = async () => {
    if (!payout) return;
    errors.clear();
    try {
      const { data } = await markPaid({ variables: { input: { payoutId: payout.id, paymentReference: reference } } });
      const p = data?.payoutMarkPaid;
      if (p?.errors.length) {
        errors.setFromPayload(p.errors);
        return;
      }
      notifications.show({
        color: 'green',
        message: `${payout.vendorName} (${monthLabel(payout.month)}) marked paid; the vendor was notified.`,
      });
      close();
    } catch (e) {
      errors.setFromException(e);
    }
  };
  return (
    <Modal opened={payout !== null} onClose={close} title="Mark payout paid" centered>
      {payout && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Text size="sm">
              {payout.vendorName}, {monthLabel(payout.month)}: <Money value={payout.payout} fw={600} />
            </Text>
            <TextInput
              label="Payment reference"
              description="The bank transfer or payment reference, shown to the vendor."
              value={reference}
              onChange={(e) => {
                setReference(e.currentTarget.value);
                errors.clearField('paymentReference');
              }}
              error={errors.field('paymentReference')}
              maxLength={100}
              data-autofocus
              required
            />
            <FormErrorAlert errors={errors.general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={loading}>
                Mark paid
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
