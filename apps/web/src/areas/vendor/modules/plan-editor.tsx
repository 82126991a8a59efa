import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { ActionIcon, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { BillingCycle, PlanType, SeatPolicy } from '../../../gql/graphql';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PricingPlanCreateMutation } from './graphql/pricing-plan-create.mutation';
import { PricingPlanUpdateMutation } from './graphql/pricing-plan-update.mutation';

type FeatureKind = 'text' | 'number' | 'boolean';
interface FeatureRow {
  key: string;
  kind: FeatureKind;
  value: string;
}

export interface PlanDraft {
  id?: number;
  planType: PlanType;
  name: string;
  price: string;
  currency: string;
  billingCycle: BillingCycle;
  customRatePerDay: string;
  features: { key: string; value: unknown }[];
  maxUsers: number | null;
  maxInstances: number | null;
  trialDays: number;
  seatPolicy: SeatPolicy;
  heartbeatWindowMinutes: number | null;
  /** The entitlement codes the plan grants now (derived from the features unless the vendor set their own). */
  entitlements: string[];
  entitlementsFromFeatures: boolean;
  /** Days a signed offline license file stays valid; null: the platform default. */
  licenseFileTtlDays: number | null;
  sortOrder: number;
  isActive: boolean;
  purchaseCount?: number;
}

export const PLAN_TYPES: { value: PlanType; label: string; cycles: BillingCycle[]; priced: 'price' | 'rate' | 'free' }[] = [
  { value: 'subscription', label: 'Subscription', cycles: ['monthly', 'yearly'], priced: 'price' },
  { value: 'perpetual', label: 'Perpetual (one-time)', cycles: ['once'], priced: 'price' },
  { value: 'custom', label: 'Custom development (per day)', cycles: ['custom'], priced: 'rate' },
  { value: 'freemium', label: 'Freemium', cycles: ['monthly', 'yearly', 'once'], priced: 'free' },
  { value: 'free', label: 'Free', cycles: ['once', 'monthly'], priced: 'free' },
];

const CYCLE_LABEL: Record<BillingCycle, string> = { monthly: 'Monthly', yearly: 'Yearly', once: 'Once', custom: 'Per day of work' };

export const emptyPlan = (): PlanDraft => ({
  planType: 'subscription',
  name: '',
  price: '',
  currency: 'USD',
  billingCycle: 'monthly',
  customRatePerDay: '',
  features: [],
  maxUsers: null,
  maxInstances: null,
  trialDays: 0,
  seatPolicy: 'node_locked',
  heartbeatWindowMinutes: null,
  entitlements: [],
  entitlementsFromFeatures: true,
  licenseFileTtlDays: null,
  sortOrder: 0,
  isActive: true,
});

const toRows = (features: { key: string; value: unknown }[]): FeatureRow[] =>
  features.map((f) => ({
    key: f.key,
    kind: typeof f.value === 'boolean' ? 'boolean' : typeof f.value === 'number' ? 'number' : 'text',
    value: String(f.value),
  }));

function fromRow(r: FeatureRow): unknown {
  if (r.kind === 'boolean') return r.value === 'true';
  if (r.kind === 'number') return r.value.trim() === '' || Number.isNaN(Number(r.value)) ? r.value : Number(r.value);
  return r.value;
}

const FIELDS = [
  'planType',
  'name',
  'price',
  'currency',
  'billingCycle',
  'customRatePerDay',
  'maxUsers',
  'maxInstances',
  'trialDays',
  'seatPolicy',
  'heartbeatWindowMinutes',
  'entitlements',
  'licenseFileTtlDays',
  'sortOrder',
  'features',
];

/** Create or edit a pricing plan; features are edited as a list of name/value rows. */
export function PlanEditor({
  moduleId,
  plan,
  opened,
  onClose,
}: {
  moduleId: number;
  plan: PlanDraft | null;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={plan?.id ? `Edit plan “${plan.name}”` : 'New pricing plan'} size="lg" centered>
      {plan && <PlanForm key={plan.id ?? 'new'} moduleId={moduleId} plan={plan} onDone={onClose} />}
    </Modal>
  );
}

function PlanForm({ moduleId, plan, onDone }: { moduleId: number; plan: PlanDraft; onDone: () => void }) {
  const [v, setV] = useState<PlanDraft>(plan);
  const [rows, setRows] = useState<FeatureRow[]>(toRows(plan.features));
  const errors = useFormErrors(FIELDS);
  const [create, creating] = useMutation(PricingPlanCreateMutation, { refetchQueries: ['VendorModule'] });
  const [update, updating] = useMutation(PricingPlanUpdateMutation, { refetchQueries: ['VendorModule'] });
  const type = PLAN_TYPES.find((t) => t.value === v.planType)!;
  const locked = (plan.purchaseCount ?? 0) > 0;
  const set = <K extends keyof PlanDraft>(k: K, value: PlanDraft[K]) => {
    errors.clearField(k as string);
    setV((p) => ({ ...p, [k]: value }));
  };
  const rowError = (i: number, part: 'key' | 'value') => errors.all.find((e) => e.field === `features[${i}].${part}`)?.message;
  // A code's own error (entitlements[2]) shows on the codes field.
  const entitlementsError = errors.all.find((e) => /^entitlements(\[\d+\])?$/.test(e.field ?? ''))?.message;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    const features = rows
      .filter((r) => r.key.trim() !== '' || r.value.trim() !== '')
      .map((r) => ({ key: r.key.trim(), value: fromRow(r) }));
    const common = {
      name: v.name,
      price: type.priced === 'price' ? v.price : type.priced === 'free' ? v.price || null : null,
      currency: v.currency,
      billingCycle: v.billingCycle,
      customRatePerDay: type.priced === 'rate' ? v.customRatePerDay : null,
      features,
      trialDays: v.trialDays,
      seatPolicy: v.seatPolicy,
      heartbeatWindowMinutes: v.seatPolicy === 'floating' ? v.heartbeatWindowMinutes : null,
      sortOrder: v.sortOrder,
      isActive: v.isActive,
    };
    const own = v.entitlementsFromFeatures ? null : v.entitlements;
    try {
      if (v.id) {
        const { data } = await update({
          variables: {
            input: {
              planId: v.id,
              planType: v.planType,
              ...common,
              customRatePerDay: common.customRatePerDay ?? '',
              price: common.price ?? '',
              maxUsers: v.maxUsers ?? 0,
              maxInstances: v.maxInstances ?? 0,
              ...(own ? { entitlements: own } : { entitlementsFromFeatures: true }),
              licenseFileTtlDays: v.licenseFileTtlDays ?? 0,
            },
          },
        });
        if (data?.pricingPlanUpdate.errors.length) return errors.setFromPayload(data.pricingPlanUpdate.errors);
      } else {
        const { data } = await create({
          variables: {
            input: {
              moduleId,
              planType: v.planType,
              ...common,
              maxUsers: v.maxUsers,
              maxInstances: v.maxInstances,
              entitlements: own,
              licenseFileTtlDays: v.licenseFileTtlDays,
            },
          },
        });
        if (data?.pricingPlanCreate.errors.length) return errors.setFromPayload(data.pricingPlanCreate.errors);
      }
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Pricing plan">
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label="Plan type"
            data={PLAN_TYPES.map((t) => ({ value: t.value, label: t.label }))}
            value={v.planType}
            allowDeselect={false}
            disabled={locked}
            description={locked ? 'Fixed: this plan was bought.' : undefined}
            onChange={(x) => {
              const t = PLAN_TYPES.find((p) => p.value === x)!;
              setV((p) => ({ ...p, planType: t.value, billingCycle: t.cycles.includes(p.billingCycle) ? p.billingCycle : t.cycles[0]! }));
            }}
            error={errors.field('planType')}
            miw={200}
          />
          <TextInput
            label="Name"
            required
            value={v.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors.field('name')}
            miw={180}
          />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          {type.priced === 'price' && (
            <TextInput
              label="Price"
              required
              inputMode="decimal"
              placeholder="49.00"
              value={v.price}
              onChange={(e) => set('price', e.currentTarget.value)}
              error={errors.field('price')}
              miw={120}
            />
          )}
          {type.priced === 'rate' && (
            <TextInput
              label="Rate per day"
              required
              inputMode="decimal"
              placeholder="450.00"
              value={v.customRatePerDay}
              onChange={(e) => set('customRatePerDay', e.currentTarget.value)}
              error={errors.field('customRatePerDay') ?? errors.field('price')}
              miw={120}
            />
          )}
          <TextInput
            label="Currency"
            value={v.currency}
            onChange={(e) => set('currency', e.currentTarget.value.toUpperCase())}
            error={errors.field('currency')}
            maxLength={3}
            disabled={locked}
            miw={90}
          />
          <Select
            label="Billing"
            data={type.cycles.map((c) => ({ value: c, label: CYCLE_LABEL[c] }))}
            value={v.billingCycle}
            allowDeselect={false}
            disabled={locked}
            onChange={(x) => set('billingCycle', x as BillingCycle)}
            error={errors.field('billingCycle')}
            miw={140}
          />
        </Group>
        {type.priced === 'free' && (
          <Text size="sm" c="dimmed">
            Free and freemium plans cost nothing; use limits to shape the tier.
          </Text>
        )}
        <Group grow align="flex-start" wrap="wrap">
          <NumberInput
            label="Max users"
            description="Empty: unlimited"
            min={1}
            allowDecimal={false}
            value={v.maxUsers ?? ''}
            onChange={(x) => set('maxUsers', x === '' ? null : Number(x))}
            error={errors.field('maxUsers')}
            miw={120}
          />
          <NumberInput
            label="Max instances"
            description="Empty: unlimited"
            min={1}
            allowDecimal={false}
            value={v.maxInstances ?? ''}
            onChange={(x) => set('maxInstances', x === '' ? null : Number(x))}
            error={errors.field('maxInstances')}
            miw={120}
          />
          <NumberInput
            label="Trial days"
            min={0}
            max={365}
            allowDecimal={false}
            value={v.trialDays}
            onChange={(x) => set('trialDays', Number(x) || 0)}
            error={errors.field('trialDays')}
            miw={100}
          />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label="Seats"
            description="How an activation holds one of the plan's instances"
            data={[
              { value: 'node_locked', label: 'Node-locked: held until deactivated' },
              { value: 'floating', label: 'Floating: freed after missed heartbeats' },
            ]}
            value={v.seatPolicy}
            onChange={(x) => {
              const policy = (x ?? 'node_locked') as SeatPolicy;
              set('seatPolicy', policy);
              if (policy === 'floating' && v.heartbeatWindowMinutes === null) set('heartbeatWindowMinutes', 15);
            }}
            allowDeselect={false}
            error={errors.field('seatPolicy')}
            miw={220}
          />
          {v.seatPolicy === 'floating' && (
            <NumberInput
              label="Free a seat after (minutes without a heartbeat)"
              description="1 to 10080 (7 days)"
              min={1}
              max={10080}
              allowDecimal={false}
              value={v.heartbeatWindowMinutes ?? ''}
              onChange={(x) => set('heartbeatWindowMinutes', x === '' ? null : Number(x))}
              error={errors.field('heartbeatWindowMinutes')}
              miw={180}
            />
          )}
        </Group>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Features
          </Text>
          {rows.length === 0 && (
            <Text size="sm" c="dimmed">
              No features listed.
            </Text>
          )}
          {rows.map((r, i) => (
            <Group key={i} gap="xs" align="flex-start" wrap="nowrap" data-testid="feature-row">
              <TextInput
                aria-label={`Feature ${i + 1} name`}
                placeholder="support"
                value={r.key}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, key: e.currentTarget.value } : x)))}
                error={rowError(i, 'key')}
                style={{ flex: 2 }}
              />
              <Select
                aria-label={`Feature ${i + 1} kind`}
                data={[
                  { value: 'text', label: 'Text' },
                  { value: 'number', label: 'Number' },
                  { value: 'boolean', label: 'Yes/No' },
                ]}
                value={r.kind}
                allowDeselect={false}
                onChange={(k) =>
                  setRows(rows.map((x, j) => (j === i ? { ...x, kind: k as FeatureKind, value: k === 'boolean' ? 'true' : x.value } : x)))
                }
                w={110}
              />
              {r.kind === 'boolean' ? (
                <Select
                  aria-label={`Feature ${i + 1} value`}
                  data={[
                    { value: 'true', label: 'Yes' },
                    { value: 'false', label: 'No' },
                  ]}
                  value={r.value}
                  allowDeselect={false}
                  onChange={(x) => setRows(rows.map((y, j) => (j === i ? { ...y, value: x ?? 'true' } : y)))}
                  style={{ flex: 2 }}
                />
              ) : (
                <TextInput
                  aria-label={`Feature ${i + 1} value`}
                  placeholder={r.kind === 'number' ? '5' : 'email'}
                  value={r.value}
                  onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))}
                  error={rowError(i, 'value')}
                  style={{ flex: 2 }}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="red.8"
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
                aria-label={`Remove feature ${i + 1}`}
                mt={4}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setRows([...rows, { key: '', kind: 'text', value: '' }])}
            style={{ alignSelf: 'flex-start' }}
          >
            Add feature
          </Button>
        </Stack>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Entitlements and offline licenses
          </Text>
          <Checkbox
            label="Derive the entitlement codes from the features"
            description="Instances read these codes from validate and from signed license files to switch capabilities on."
            checked={v.entitlementsFromFeatures}
            onChange={(e) => {
              const derived = e.currentTarget.checked;
              set('entitlementsFromFeatures', derived);
              errors.clearField('entitlements');
            }}
          />
          {!v.entitlementsFromFeatures ? (
            <TagsInput
              label="Entitlement codes"
              description="A name or name:value, lower case (e.g. sso, support:priority). Press Enter after each."
              value={v.entitlements}
              onChange={(codes) => set('entitlements', codes)}
              error={entitlementsError}
              clearable
              maxTags={50}
            />
          ) : (
            <Text size="xs" c="dimmed" data-testid="derived-entitlements">
              {v.id
                ? `Now: ${plan.entitlementsFromFeatures && plan.entitlements.length ? plan.entitlements.join(', ') : plan.entitlementsFromFeatures ? 'none' : 'computed from the features when saved'}.`
                : 'Computed from the features when the plan is saved.'}
            </Text>
          )}
          <NumberInput
            label="Offline license files stay valid for (days)"
            description="1 to 365; empty: the platform default. Never later than the license's own end."
            placeholder="Platform default"
            min={1}
            max={365}
            allowDecimal={false}
            value={v.licenseFileTtlDays ?? ''}
            onChange={(x) => set('licenseFileTtlDays', x === '' ? null : Number(x))}
            error={errors.field('licenseFileTtlDays')}
            maw={320}
          />
        </Stack>
        <Switch label="Active (offered to buyers)" checked={v.isActive} onChange={(e) => set('isActive', e.currentTarget.checked)} />
        <FormErrorAlert errors={errors.general.filter((e) => !/^(features|entitlements)\[/.test(e.field ?? ''))} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={creating.loading || updating.loading}>
            {v.id ? 'Save plan' : 'Create plan'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
