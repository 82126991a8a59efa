import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  NumberInput,
  Progress,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTicket } from '@tabler/icons-react';
import type { AdminCouponsQuery as Data, DiscountType } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { AdminCouponsQuery } from './graphql/admin-coupons.query';
import { CouponCreateMutation } from './graphql/coupon-create.mutation';
import { CouponUpdateMutation } from './graphql/coupon-update.mutation';
import { CouponDeleteMutation } from './graphql/coupon-delete.mutation';
import { AdminCrumbs } from '../components/admin-crumbs';
import { fromLocalInput, toLocalInput } from '../../../shared/format/date.format';

type Coupon = Data['adminCoupons']['edges'][number]['node'];
const FIELDS = [
  'code',
  'discountType',
  'discountValue',
  'appliesToModuleId',
  'appliesToPlanId',
  'minPurchaseAmount',
  'maxUses',
  'validFrom',
  'validUntil',
];

export function CouponsPage() {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const query = useQuery(AdminCouponsQuery, { variables: { filter: { search: applied || null } }, fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<Coupon | 'new' | null>(null);
  const [remove] = useMutation(CouponDeleteMutation, { refetchQueries: ['AdminCoupons'] });
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
      New coupon
    </Button>
  );
  return (
    <>
      <AdminCrumbs current="Coupons" />
      <PageHeader
        title="Coupons"
        description="Platform-funded discounts: codes are case-insensitive; a coupon that was used is deactivated rather than deleted."
        actions={newButton}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(search.trim());
        }}
        aria-label="Search coupons"
      >
        <Group mb="md" align="flex-end">
          <TextInput label="Code" placeholder="Search a code" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={220} />
          <Button type="submit" variant="default">
            Search
          </Button>
        </Group>
      </form>
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminCoupons.edges.length === 0}
        empty={<PageEmpty icon={<IconTicket aria-hidden />} title="No coupons" action={newButton} />}
      >
        {(d) => (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Coupons">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Discount</Table.Th>
                  <Table.Th>Applies to</Table.Th>
                  <Table.Th>Valid</Table.Th>
                  <Table.Th>Uses</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.adminCoupons.edges.map(({ node: c }) => (
                  <Table.Tr key={c.id} data-testid="coupon-row">
                    <Table.Td>
                      <Code fw={700}>{c.code}</Code>
                    </Table.Td>
                    <Table.Td>
                      {c.discountType === 'percentage' ? `${c.discountValue.replace(/\.00$/, '')} %` : c.discountValue}
                      {c.minPurchaseAmount ? (
                        <Text size="xs" c="dimmed">
                          min. {c.minPurchaseAmount}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {c.appliesToModule?.name ?? 'any module'}
                      {c.appliesToPlan ? ` · ${c.appliesToPlan.name}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {c.validFrom ? <DateText value={c.validFrom} /> : '—'} →{' '}
                        {c.validUntil ? <DateText value={c.validUntil} /> : 'no end'}
                      </Text>
                    </Table.Td>
                    <Table.Td miw={120}>
                      <Text size="sm">
                        {c.timesUsed}
                        {c.maxUses ? ` / ${c.maxUses}` : ''}
                      </Text>
                      {c.maxUses ? (
                        <Progress
                          value={Math.min(100, (c.timesUsed / c.maxUses) * 100)}
                          size="sm"
                          aria-label={`${c.timesUsed} of ${c.maxUses} uses`}
                        />
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {c.isActive ? (
                        <Badge color="green.9" variant="outline">
                          Active
                        </Badge>
                      ) : (
                        <Badge color="gray.7" variant="outline">
                          Inactive
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="default" onClick={() => setEditing(c)}>
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red.8"
                          aria-label={`Delete ${c.code}`}
                          onClick={async () => {
                            const { data: x } = await remove({ variables: { couponId: c.id } });
                            const r = x?.couponDelete;
                            if (r?.errors.length) notifications.show({ color: 'red', title: 'Not deleted', message: r.errors[0]!.message });
                            else if (r?.deactivatedCoupon)
                              notifications.show({
                                color: 'orange',
                                title: 'Coupon deactivated',
                                message: `${c.code} was used, so it is kept (inactive).`,
                              });
                            else notifications.show({ color: 'gray', title: 'Coupon deleted', message: c.code });
                          }}
                        >
                          Delete
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
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New coupon' : editing ? `Edit ${editing.code}` : ''}
        centered
        size="lg"
      >
        {editing && <CouponForm coupon={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

function CouponForm({ coupon, onDone }: { coupon: Coupon | null; onDone: () => void }) {
  const [v, setV] = useState({
    code: coupon?.code ?? '',
    discountType: (coupon?.discountType ?? 'percentage') as DiscountType,
    discountValue: coupon?.discountValue ?? '',
    moduleId: coupon?.appliesToModule?.id ?? ('' as number | ''),
    planId: coupon?.appliesToPlan?.id ?? ('' as number | ''),
    min: coupon?.minPurchaseAmount ?? '',
    maxUses: coupon?.maxUses ?? ('' as number | ''),
    from: toLocalInput(coupon?.validFrom),
    until: toLocalInput(coupon?.validUntil),
    isActive: coupon?.isActive ?? true,
  });
  const errors = useFormErrors(FIELDS);
  const [create, c] = useMutation(CouponCreateMutation, { refetchQueries: ['AdminCoupons'] });
  const [update, u] = useMutation(CouponUpdateMutation, { refetchQueries: ['AdminCoupons'] });
  const used = (coupon?.timesUsed ?? 0) > 0;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      if (coupon) {
        const { data } = await update({
          variables: {
            input: {
              couponId: coupon.id,
              code: v.code,
              discountType: v.discountType,
              discountValue: v.discountValue,
              appliesToModuleId: v.moduleId === '' ? 0 : v.moduleId,
              appliesToPlanId: v.planId === '' ? 0 : v.planId,
              minPurchaseAmount: v.min,
              maxUses: v.maxUses === '' ? 0 : v.maxUses,
              validFrom: fromLocalInput(v.from),
              validUntil: fromLocalInput(v.until),
              clearValidFrom: !v.from,
              clearValidUntil: !v.until,
              isActive: v.isActive,
            },
          },
        });
        if (data?.couponUpdate.errors.length) return errors.setFromPayload(data.couponUpdate.errors);
      } else {
        const { data } = await create({
          variables: {
            input: {
              code: v.code,
              discountType: v.discountType,
              discountValue: v.discountValue,
              appliesToModuleId: v.moduleId === '' ? null : v.moduleId,
              appliesToPlanId: v.planId === '' ? null : v.planId,
              minPurchaseAmount: v.min || null,
              maxUses: v.maxUses === '' ? null : v.maxUses,
              validFrom: fromLocalInput(v.from),
              validUntil: fromLocalInput(v.until),
              isActive: v.isActive,
            },
          },
        });
        if (data?.couponCreate.errors.length) return errors.setFromPayload(data.couponCreate.errors);
      }
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Coupon">
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Code"
            required
            description={used ? 'Used coupons keep their code.' : 'Stored upper-case.'}
            value={v.code}
            disabled={used}
            onChange={(e) => setV({ ...v, code: e.currentTarget.value.toUpperCase() })}
            error={errors.field('code')}
            miw={160}
            data-autofocus
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="discount-type">
              Type
            </Text>
            <SegmentedControl
              aria-labelledby="discount-type"
              value={v.discountType}
              onChange={(x) => setV({ ...v, discountType: x as DiscountType })}
              data={[
                { value: 'percentage', label: 'Percent' },
                { value: 'fixed', label: 'Fixed amount' },
              ]}
            />
          </Stack>
          <TextInput
            label={v.discountType === 'percentage' ? 'Percent' : 'Amount'}
            required
            inputMode="decimal"
            placeholder={v.discountType === 'percentage' ? '20' : '100.00'}
            value={v.discountValue}
            onChange={(e) => setV({ ...v, discountValue: e.currentTarget.value })}
            error={errors.field('discountValue')}
            miw={110}
          />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <NumberInput
            label="Module id"
            description="Empty: any module"
            min={1}
            allowDecimal={false}
            value={v.moduleId}
            onChange={(x) => setV({ ...v, moduleId: x === '' ? '' : Number(x) })}
            error={errors.field('appliesToModuleId')}
            miw={130}
          />
          <NumberInput
            label="Plan id"
            description="Empty: any plan"
            min={1}
            allowDecimal={false}
            value={v.planId}
            onChange={(x) => setV({ ...v, planId: x === '' ? '' : Number(x) })}
            error={errors.field('appliesToPlanId')}
            miw={130}
          />
          <TextInput
            label="Minimum purchase"
            inputMode="decimal"
            placeholder="1000.00"
            value={v.min}
            onChange={(e) => setV({ ...v, min: e.currentTarget.value })}
            error={errors.field('minPurchaseAmount')}
            miw={130}
          />
          <NumberInput
            label="Max uses"
            description="Empty: unlimited"
            min={1}
            allowDecimal={false}
            value={v.maxUses}
            onChange={(x) => setV({ ...v, maxUses: x === '' ? '' : Number(x) })}
            error={errors.field('maxUses')}
            miw={120}
          />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            type="datetime-local"
            label="Valid from"
            value={v.from}
            onChange={(e) => setV({ ...v, from: e.currentTarget.value })}
            error={errors.field('validFrom')}
            miw={200}
          />
          <TextInput
            type="datetime-local"
            label="Valid until (inclusive)"
            value={v.until}
            onChange={(e) => setV({ ...v, until: e.currentTarget.value })}
            error={errors.field('validUntil')}
            miw={200}
          />
        </Group>
        <Switch label="Active" checked={v.isActive} onChange={(e) => setV({ ...v, isActive: e.currentTarget.checked })} />
        {coupon && (
          <Text size="xs" c="dimmed">
            Used {coupon.timesUsed} time(s).
          </Text>
        )}
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={c.loading || u.loading}>
            {coupon ? 'Save coupon' : 'Create coupon'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
