import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDiscount2, IconLink, IconPlus } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { VendorPromotionsQuery } from './graphql/vendor-promotions.query';
import { VendorPromotionCreateMutation } from './graphql/vendor-promotion-create.mutation';
import { VendorPromotionUpdateMutation } from './graphql/vendor-promotion-update.mutation';
import type { VendorPromotionsQuery as Data } from '../../../gql/graphql';

type Promotion = Data['vendorPromotions']['edges'][number]['node'];
type Kind = 'coupon' | 'referral';

const FIELDS = ['code', 'name', 'discountType', 'discountValue', 'moduleId', 'maxUses', 'validFrom', 'validUntil'] as const;
const STATE_COLORS: Record<string, string> = { active: 'teal', inactive: 'gray', scheduled: 'blue', expired: 'orange', exhausted: 'red' };

const discountText = (p: Pick<Promotion, 'discountType' | 'discountValue'>) =>
  p.discountType === 'percentage' ? `${p.discountValue.replace(/\.00$/, '')} % off` : `${p.discountValue} off`;

/** Where a referral link points: the module it is for, or the vendor's modules in the catalog. */
export function referralLink(origin: string, p: Pick<Promotion, 'code' | 'appliesToModule'>, vendorSlug: string) {
  const code = encodeURIComponent(p.code);
  return p.appliesToModule
    ? `${origin}/modules/${encodeURIComponent(p.appliesToModule.slug)}?ref=${code}`
    : `${origin}/modules?vendor=${encodeURIComponent(vendorSlug)}&ref=${code}`;
}

/**
 * `/vendor/promotions`: the vendor's own coupons and referral links (vendor-funded: the discount comes
 * out of the vendor's amount, commission is on the discounted subtotal), and the sales made with each.
 */
export function PromotionsPage() {
  const { vendor } = useCurrentVendor();
  const id = vendor?.id ?? 0;
  const query = useQuery(VendorPromotionsQuery, { variables: { vendorId: id }, skip: !id, fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<{ kind: Kind; promotion: Promotion | null } | null>(null);
  const [update] = useMutation(VendorPromotionUpdateMutation, { refetchQueries: ['VendorPromotions'] });
  const [toggleError, setToggleError] = useState<string | null>(null);
  if (!vendor) return <PageEmpty title="You do not manage a vendor" />;
  const origin = typeof window !== 'undefined' ? window.location.origin : '';

  const toggle = async (p: Promotion) => {
    setToggleError(null);
    try {
      const { data } = await update({ variables: { input: { promotionId: p.id, isActive: !p.isActive } } });
      const errors = data?.vendorPromotionUpdate.errors ?? [];
      if (errors.length) setToggleError(errors[0]!.message);
    } catch (e) {
      setToggleError(e instanceof Error ? e.message : 'The promotion could not be changed.');
    }
  };

  const actions = (
    <Group gap="xs">
      <Button leftSection={<IconDiscount2 size={16} aria-hidden />} onClick={() => setEditing({ kind: 'coupon', promotion: null })}>
        New coupon
      </Button>
      <Button
        variant="default"
        leftSection={<IconLink size={16} aria-hidden />}
        onClick={() => setEditing({ kind: 'referral', promotion: null })}
      >
        New referral link
      </Button>
    </Group>
  );

  return (
    <>
      <PageHeader
        title="Promotions"
        documentTitle={`Promotions · ${vendor.name}`}
        description="Coupons and referral links for your own modules. You fund the discount: the platform commission is computed on the discounted price. One code per purchase."
        actions={<VendorSwitcher />}
      />
      <Group mb="md">{actions}</Group>
      {toggleError && (
        <Text c="red" role="alert" mb="sm">
          {toggleError}
        </Text>
      )}
      <QueryStates
        query={query}
        isEmpty={(d) => d.vendorPromotions.edges.length === 0}
        empty={
          <PageEmpty
            icon={<IconDiscount2 aria-hidden />}
            title="No promotions yet"
            description="Create a coupon code to hand out, or a referral link that gives buyers a discount and shows you the sales it brings."
          />
        }
      >
        {(d) => {
          const promotions = d.vendorPromotions.edges.map((e) => e.node);
          const referrals = promotions.filter((p) => p.kind === 'referral');
          return (
            <Stack gap="lg">
              <section aria-labelledby="referred-title">
                <Title order={2} fz="lg" id="referred-title" mb="xs">
                  Referred sales
                </Title>
                {referrals.every((p) => p.sales.length === 0) ? (
                  <Text c="dimmed" size="sm">
                    No sale came through a referral link yet.
                  </Text>
                ) : (
                  <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                    {referrals
                      .filter((p) => p.sales.length > 0)
                      .flatMap((p) =>
                        p.sales.map((s) => (
                          <Card key={`${p.id}-${s.currency}`} withBorder padding="md" data-testid="referred-sales">
                            <Text fw={600}>{p.code}</Text>
                            <Text size="sm">
                              {s.salesCount} referred sale{s.salesCount === 1 ? '' : 's'} · <Money value={s.subtotal} /> before discount
                            </Text>
                            <Text size="sm">
                              Discount given <Money value={s.discount} /> · your net <Money value={s.net} />
                            </Text>
                          </Card>
                        )),
                      )}
                  </SimpleGrid>
                )}
              </section>
              <Table.ScrollContainer minWidth={820}>
                <Table verticalSpacing="sm" aria-label="Promotions">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Code</Table.Th>
                      <Table.Th>Discount</Table.Th>
                      <Table.Th>Applies to</Table.Th>
                      <Table.Th>Uses</Table.Th>
                      <Table.Th>Valid</Table.Th>
                      <Table.Th>Sales</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>
                        <span className="visually-hidden">Actions</span>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {promotions.map((p) => {
                      const link = p.kind === 'referral' ? referralLink(origin, p, d.managedVendor.slug) : null;
                      return (
                        <Table.Tr key={p.id} data-testid="promotion-row">
                          <Table.Td>
                            <Group gap={6}>
                              <Code>{p.code}</Code>
                              <Badge size="xs" variant="light" color={p.kind === 'referral' ? 'grape' : 'indigo'} style={{ flexShrink: 0 }}>
                                {p.kind === 'referral' ? 'Referral link' : 'Coupon'}
                              </Badge>
                            </Group>
                            {p.name && (
                              <Text size="xs" c="dimmed">
                                {p.name}
                              </Text>
                            )}
                            {link && (
                              <CopyButton value={link}>
                                {({ copied, copy }) => (
                                  <Button
                                    size="compact-xs"
                                    variant="subtle"
                                    onClick={copy}
                                    aria-label={`Copy the referral link of ${p.code}`}
                                  >
                                    {copied ? 'Link copied' : 'Copy link'}
                                  </Button>
                                )}
                              </CopyButton>
                            )}
                          </Table.Td>
                          <Table.Td>{discountText(p)}</Table.Td>
                          <Table.Td>{p.appliesToModule?.name ?? 'All my modules'}</Table.Td>
                          <Table.Td>
                            {p.timesUsed}
                            {p.maxUses !== null ? ` / ${p.maxUses}` : ''}
                          </Table.Td>
                          <Table.Td>
                            {p.validFrom || p.validUntil ? (
                              <Text size="sm">
                                {p.validFrom ? <DateText value={p.validFrom} /> : 'Now'} –{' '}
                                {p.validUntil ? <DateText value={p.validUntil} /> : 'no end'}
                              </Text>
                            ) : (
                              <Text size="sm" c="dimmed">
                                Always
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            {p.sales.length === 0 ? (
                              <Text size="sm" c="dimmed">
                                None
                              </Text>
                            ) : (
                              p.sales.map((s) => (
                                <Text size="sm" key={s.currency}>
                                  {s.salesCount} · net <Money value={s.net} />
                                </Text>
                              ))
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Badge color={STATE_COLORS[p.state] ?? 'gray'} variant="light">
                              {p.state}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4} wrap="nowrap">
                              <Button
                                size="compact-sm"
                                variant="default"
                                onClick={() => setEditing({ kind: p.kind as Kind, promotion: p })}
                              >
                                Edit
                              </Button>
                              <Button size="compact-sm" variant="subtle" color={p.isActive ? 'red' : 'teal'} onClick={() => void toggle(p)}>
                                {p.isActive ? 'Deactivate' : 'Activate'}
                              </Button>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          );
        }}
      </QueryStates>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.promotion ? `Edit ${editing.promotion.code}` : editing?.kind === 'referral' ? 'New referral link' : 'New coupon'}
        centered
      >
        {editing && (
          <PromotionForm
            vendorId={id}
            kind={editing.kind}
            promotion={editing.promotion}
            modules={query.data?.vendorModules.edges.map((e) => e.node) ?? []}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </>
  );
}

const dateOnly = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

function PromotionForm({
  vendorId,
  kind,
  promotion,
  modules,
  onDone,
}: {
  vendorId: number;
  kind: Kind;
  promotion: Promotion | null;
  modules: { id: number; name: string }[];
  onDone: () => void;
}) {
  const errors = useFormErrors(FIELDS);
  const [create, creating] = useMutation(VendorPromotionCreateMutation, { refetchQueries: ['VendorPromotions'] });
  const [update, updating] = useMutation(VendorPromotionUpdateMutation, { refetchQueries: ['VendorPromotions'] });
  const [code, setCode] = useState(promotion?.code ?? '');
  const [name, setName] = useState(promotion?.name ?? '');
  const [discountType, setDiscountType] = useState<'percentage' | 'fixed'>(
    (promotion?.discountType as 'percentage' | 'fixed') ?? 'percentage',
  );
  const [discountValue, setDiscountValue] = useState(promotion?.discountValue ?? '');
  const [moduleId, setModuleId] = useState<string>(promotion?.appliesToModule ? String(promotion.appliesToModule.id) : '');
  const [maxUses, setMaxUses] = useState<number | ''>(promotion?.maxUses ?? '');
  const [validFrom, setValidFrom] = useState(dateOnly(promotion?.validFrom));
  const [validUntil, setValidUntil] = useState(dateOnly(promotion?.validUntil));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    // Dates are whole UTC days: from the start of the first day to the end of the last.
    const from = validFrom ? `${validFrom}T00:00:00.000Z` : null;
    const until = validUntil ? `${validUntil}T23:59:59.000Z` : null;
    try {
      if (promotion) {
        const { data } = await update({
          variables: {
            input: {
              promotionId: promotion.id,
              code: code !== promotion.code ? code : null,
              name,
              discountType,
              discountValue,
              moduleId: moduleId ? Number(moduleId) : 0,
              maxUses: maxUses === '' ? 0 : maxUses,
              validFrom: from,
              validUntil: until,
              clearValidFrom: !from,
              clearValidUntil: !until,
            },
          },
        });
        const r = data?.vendorPromotionUpdate;
        if (r?.errors.length) return errors.setFromPayload(r.errors);
      } else {
        const { data } = await create({
          variables: {
            input: {
              vendorId,
              kind,
              code,
              name: name || null,
              discountType,
              discountValue,
              moduleId: moduleId ? Number(moduleId) : null,
              maxUses: maxUses === '' ? null : maxUses,
              validFrom: from,
              validUntil: until,
            },
          },
        });
        const r = data?.vendorPromotionCreate;
        if (r?.errors.length) return errors.setFromPayload(r.errors);
      }
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={kind === 'referral' ? 'Referral link' : 'Coupon'}>
      <Stack gap="sm">
        <TextInput
          label="Code"
          description="3–32 letters, digits, - or _. Buyers type it in any case."
          required
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value);
            errors.clearField('code');
          }}
          error={errors.field('code')}
        />
        <TextInput label="Name (for you)" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field('name')} />
        <SegmentedControl
          aria-label="Discount type"
          value={discountType}
          onChange={(v) => setDiscountType(v as 'percentage' | 'fixed')}
          data={[
            { value: 'percentage', label: 'Percentage' },
            { value: 'fixed', label: 'Fixed amount' },
          ]}
        />
        <TextInput
          label={discountType === 'percentage' ? 'Discount (%)' : 'Discount (amount in the plan currency)'}
          required
          inputMode="decimal"
          value={discountValue}
          onChange={(e) => {
            setDiscountValue(e.currentTarget.value);
            errors.clearField('discountValue');
          }}
          error={errors.field('discountValue')}
        />
        <Select
          label="Applies to"
          data={[{ value: '', label: 'All my modules' }, ...modules.map((m) => ({ value: String(m.id), label: m.name }))]}
          value={moduleId}
          onChange={(v) => setModuleId(v ?? '')}
          allowDeselect={false}
          error={errors.field('moduleId')}
        />
        <NumberInput
          label="Max uses"
          description="Empty: unlimited."
          min={1}
          allowDecimal={false}
          value={maxUses}
          onChange={(v) => setMaxUses(typeof v === 'number' ? v : '')}
          error={errors.field('maxUses')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            type="date"
            label="Valid from"
            value={validFrom}
            onChange={(e) => setValidFrom(e.currentTarget.value)}
            error={errors.field('validFrom')}
          />
          <TextInput
            type="date"
            label="Valid until"
            value={validUntil}
            onChange={(e) => setValidUntil(e.currentTarget.value)}
            error={errors.field('validUntil')}
          />
        </Group>
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={creating.loading || updating.loading} leftSection={<IconPlus size={16} aria-hidden />}>
            {promotion ? 'Save' : kind === 'referral' ? 'Create referral link' : 'Create coupon'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
