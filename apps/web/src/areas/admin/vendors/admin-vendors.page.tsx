import '@mantine/charts/styles.css';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { LineChart } from '@mantine/charts';
import { Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconUsersGroup } from '@tabler/icons-react';
import type { AdminVendorsQuery as Data } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { formatDate, fromLocalInput } from '../../../shared/format/date.format';
import { AdminVendorsQuery } from './graphql/admin-vendors.query';
import { VendorVerifyMutation } from './graphql/vendor-verify.mutation';
import { VendorUnverifyMutation } from './graphql/vendor-unverify.mutation';
import { VendorCommissionUpdateMutation } from './graphql/vendor-commission-update.mutation';
import { AdminVendorCreateMutation } from './graphql/vendor-create.mutation';
import { percent, ratePercent } from '../../../shared/format/rate.format';
import { AdminCrumbs, shiftPercent } from '../components/admin-crumbs';

type Vendor = Data['adminVendors']['edges'][number]['node'];

export function AdminVendorsPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const verified = params.get('verified');
  const filter = { search: params.get('q') || null, verified: verified === null ? null : verified === 'yes' };
  const query = useQuery(AdminVendorsQuery, { variables: { filter, first: 100 }, fetchPolicy: 'cache-and-network' });
  const [verify] = useMutation(VendorVerifyMutation);
  const [unverify] = useMutation(VendorUnverifyMutation);
  const [editing, setEditing] = useState<Vendor | null>(null);
  const [creating, setCreating] = useState(false);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const toggle = async (v: Vendor) => {
    const { data } = v.isVerified ? await unverify({ variables: { vendorId: v.id } }) : await verify({ variables: { vendorId: v.id } });
    const payload = data && ('vendorVerify' in data ? data.vendorVerify : data.vendorUnverify);
    const err = payload?.errors[0];
    notifications.show(
      err
        ? { color: 'red', title: 'Not changed', message: err.message }
        : { color: 'green', title: v.isVerified ? 'Verification removed' : 'Vendor verified', message: v.name },
    );
  };
  return (
    <>
      <AdminCrumbs current="Vendors" />
      <PageHeader
        title="Vendors"
        description="Verify vendors and set their commission; each change is kept in the commission history that checkout uses."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New official vendor
          </Button>
        }
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          set('q', search.trim() || null);
        }}
        aria-label="Filter vendors"
      >
        <Group mb="md" align="flex-end" wrap="wrap">
          <TextInput label="Search" placeholder="Name or slug" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} />
          <Select
            label="Verification"
            placeholder="All"
            data={[
              { value: 'yes', label: 'Verified' },
              { value: 'no', label: 'Not verified' },
            ]}
            value={verified}
            onChange={(v) => set('verified', v)}
            clearable
            w={170}
          />
          <Button type="submit" variant="default">
            Search
          </Button>
        </Group>
      </form>
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminVendors.edges.length === 0}
        empty={<PageEmpty icon={<IconUsersGroup aria-hidden />} title="No vendor matches" />}
      >
        {(d) => (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Vendors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th>Run by</Table.Th>
                  <Table.Th>Modules</Table.Th>
                  <Table.Th>Commission</Table.Th>
                  <Table.Th>Verification</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.adminVendors.edges.map(({ node: v }) => (
                  <Table.Tr key={v.id} data-testid="admin-vendor-row">
                    <Table.Td>
                      <Text fw={600}>
                        {v.name}{' '}
                        {v.isOfficial && (
                          <Badge size="xs" color="indigo.8">
                            official
                          </Badge>
                        )}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {v.slug} · since <DateText value={v.createdAt} />
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {v.owner.kind === 'ORGANIZATION' ? v.owner.orgName : v.owner.kind === 'PLATFORM' ? 'Platform' : v.owner.userName}
                      </Text>
                      {v.owner.userEmail && (
                        <Text size="xs" c="dimmed">
                          {v.owner.userEmail}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{v.moduleCount}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text fw={600}>{percent(v.commissionRate)}</Text>
                        <Button size="xs" variant="subtle" onClick={() => setEditing(v)} aria-label={`Commission of ${v.name}`}>
                          Change / history
                        </Button>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {v.isVerified ? (
                          <Badge color="green.9">Verified</Badge>
                        ) : (
                          <Badge color="orange.9" variant="outline">
                            Not verified
                          </Badge>
                        )}
                        <Button
                          size="xs"
                          variant="light"
                          color={v.isVerified ? 'gray' : 'green'}
                          onClick={() => void toggle(v)}
                          aria-label={`${v.isVerified ? 'Unverify' : 'Verify'} ${v.name}`}
                        >
                          {v.isVerified ? 'Unverify' : 'Verify'}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStates>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New official vendor" centered>
        <OfficialVendorForm onDone={() => setCreating(false)} />
      </Modal>
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={editing ? `Commission of ${editing.name}` : ''} size="lg" centered>
        {editing && <CommissionEditor key={editing.id} v={d_find(query.data, editing.id) ?? editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

function d_find(data: Data | undefined, id: number): Vendor | undefined {
  return data?.adminVendors.edges.find((e) => e.node.id === id)?.node;
}

function CommissionEditor({ v, onDone }: { v: Vendor; onDone: () => void }) {
  const [rate, setRate] = useState('');
  const [from, setFrom] = useState('');
  const errors = useFormErrors(['rate', 'effectiveFrom']);
  const [update, { loading }] = useMutation(VendorCommissionUpdateMutation, { refetchQueries: ['AdminVendors'] });
  const history = [...v.commissionHistory].reverse();
  const points = history.flatMap((h) => [
    { date: formatDate(h.effectiveFrom), rate: Number(ratePercent(h.commissionRate)) },
    ...(h.effectiveTo ? [] : [{ date: 'now', rate: Number(ratePercent(h.commissionRate)) }]),
  ]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    const trimmed = rate.trim().replace(',', '.');
    // Entered as a percentage; sent as a fraction with exact decimal shifting (no float maths).
    const fraction = /^\d{1,3}(\.\d{1,2})?$/.test(trimmed) ? shiftPercent(trimmed) : trimmed;
    try {
      const { data } = await update({ variables: { input: { vendorId: v.id, rate: fraction, effectiveFrom: fromLocalInput(from) } } });
      if (data?.vendorCommissionUpdate.errors.length) return errors.setFromPayload(data.vendorCommissionUpdate.errors);
      notifications.show({
        color: 'green',
        title: 'Commission changed',
        message: `${v.name}: ${trimmed} %${from ? ` from ${formatDate(fromLocalInput(from))}` : ' from now'}`,
      });
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <Stack>
      {points.length > 1 && (
        <Card withBorder padding="sm" aria-label="Commission over time">
          <LineChart
            h={160}
            data={points}
            dataKey="date"
            series={[{ name: 'rate', label: 'Commission %', color: 'indigo.6' }]}
            curveType="stepAfter"
            unit=" %"
            withDots
            yAxisProps={{ domain: [0, 'auto'] }}
          />
        </Card>
      )}
      <Title order={3} fz="sm">
        History
      </Title>
      <Table aria-label="Commission history" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rate</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Changed by</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {v.commissionHistory.map((h) => (
            <Table.Tr key={h.id} data-testid="commission-history-row">
              <Table.Td>{percent(h.commissionRate)}</Table.Td>
              <Table.Td>
                <DateText value={h.effectiveFrom} withTime />
              </Table.Td>
              <Table.Td>{h.effectiveTo ? <DateText value={h.effectiveTo} withTime /> : 'open'}</Table.Td>
              <Table.Td>{h.changedByName ?? 'platform default'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={submit} aria-label="Change commission">
        <Stack gap="sm">
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label="New rate (%)"
              required
              placeholder="25"
              inputMode="decimal"
              value={rate}
              onChange={(e) => setRate(e.currentTarget.value)}
              error={errors.field('rate')}
              miw={140}
            />
            <TextInput
              type="datetime-local"
              label="Effective from"
              description="Empty: now. Never in the past."
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={errors.field('effectiveFrom')}
              miw={200}
            />
          </Group>
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              Close
            </Button>
            <Button type="submit" loading={loading}>
              Change commission
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** Official vendors are run by the platform team (verified, no commission). */
function OfficialVendorForm({ onDone }: { onDone: () => void }) {
  const [v, setV] = useState({ name: '', slug: '', website: '', supportEmail: '' });
  const errors = useFormErrors(['name', 'slug', 'website', 'supportEmail']);
  const [create, { loading }] = useMutation(AdminVendorCreateMutation, { refetchQueries: ['AdminVendors', 'CurrentUser'] });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await create({
        variables: {
          input: { name: v.name, slug: v.slug, website: v.website || null, supportEmail: v.supportEmail || null, official: true },
        },
      });
      if (data?.vendorCreate.errors.length) return errors.setFromPayload(data.vendorCreate.errors);
      notifications.show({ color: 'green', title: 'Official vendor created', message: `${v.name} appears in your vendor portal.` });
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label="New official vendor">
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
          error={errors.field('name')}
          data-autofocus
        />
        <TextInput
          label="Slug"
          required
          value={v.slug}
          onChange={(e) => setV({ ...v, slug: e.currentTarget.value.toLowerCase() })}
          error={errors.field('slug')}
        />
        <TextInput
          label="Website"
          placeholder="https://…"
          value={v.website}
          onChange={(e) => setV({ ...v, website: e.currentTarget.value })}
          error={errors.field('website')}
        />
        <TextInput
          label="Support e-mail"
          value={v.supportEmail}
          onChange={(e) => setV({ ...v, supportEmail: e.currentTarget.value })}
          error={errors.field('supportEmail')}
        />
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            Create
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
