import { useState } from 'react';
import { isZero } from '@wk/domain';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Card, Divider, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PageError } from '../../../shared/components/page-states';
import { LicensePlanOptionsQuery } from './graphql/license-plan-options.query';
import { LicensePlanChangePreviewQuery } from './graphql/license-plan-change-preview.query';
import { LicenseChangePlanMutation } from './graphql/license-change-plan.mutation';
import { LicensePlanChangeCancelMutation } from './graphql/license-plan-change-cancel.mutation';
import { LicenseSectionCard } from './license-section-card';

interface PlanChangeRow {
  id: number;
  kind: string;
  status: string;
  fromPlanName: string;
  toPlanName: string;
  effectiveAt: string;
  charged: { amount: string; currency: string };
  credit: { amount: string; currency: string };
}

/**
 * Change plan: pick another subscription plan of the module, see what it does (an upgrade now
 * with the prorated credit and the exact charge; a downgrade at the period end), confirm.
 */
export function PlanChangeCard({
  license: l,
  canManage,
  onChanged,
}: {
  license: { id: number; moduleSlug: string; planId: number | null; expiresAt?: string | null; planChanges: PlanChangeRow[] };
  canManage: boolean;
  onChanged: () => void;
}) {
  const [planId, setPlanId] = useState<number | null>(null);
  const errors = useFormErrors(['planId', 'licenseId']);
  const options = useQuery(LicensePlanOptionsQuery, { variables: { slug: l.moduleSlug } });
  const plans = (options.data?.module.plans ?? []).filter((p) => p.planType === 'subscription' && p.id !== l.planId);
  const preview = useQuery(LicensePlanChangePreviewQuery, {
    variables: { licenseId: l.id, planId: planId ?? 0 },
    skip: !planId || !canManage,
    fetchPolicy: 'network-only',
  });
  const [change, { loading }] = useMutation(LicenseChangePlanMutation);
  const [cancel, { loading: cancelling }] = useMutation(LicensePlanChangeCancelMutation);
  const p = preview.data?.licensePlanChangePreview.preview ?? null;
  const previewErrors = preview.data?.licensePlanChangePreview.errors ?? [];
  const scheduled = l.planChanges.find((c) => c.status === 'scheduled') ?? null;

  const confirm = async () => {
    if (!planId) {
      errors.setFromPayload([{ code: 'REQUIRED', field: 'planId', message: 'Choose the new plan.' }]);
      return;
    }
    errors.clear();
    try {
      const { data } = await change({ variables: { input: { licenseId: l.id, planId } } });
      const r = data?.licenseChangePlan;
      if (!r) return;
      if (r.errors.length) {
        errors.setFromPayload(r.errors);
        return;
      }
      notifications.show({
        color: 'green',
        message: r.receipt
          ? `Plan upgraded. Receipt ${r.receipt.number}.`
          : r.planChange?.status === 'scheduled'
            ? 'Plan change scheduled for the end of the period.'
            : 'Plan changed.',
      });
      setPlanId(null);
      onChanged();
    } catch (e) {
      errors.setFromException(e);
    }
  };

  const cancelScheduled = async () => {
    errors.clear();
    try {
      const { data } = await cancel({ variables: { licenseId: l.id } });
      if (data?.licensePlanChangeCancel.errors.length) errors.setFromPayload(data.licensePlanChangeCancel.errors);
      else onChanged();
    } catch (e) {
      errors.setFromException(e);
    }
  };

  return (
    <LicenseSectionCard id="plan-change" title="Change plan" icon={<IconArrowsExchange size={20} aria-hidden />} mb="lg">
      <Stack gap="sm">
        {scheduled && (
          <Alert color="blue" variant="light" title="Plan change scheduled" data-testid="scheduled-plan-change">
            <Text size="sm">
              {scheduled.fromPlanName} → {scheduled.toPlanName} on <DateText value={scheduled.effectiveAt} />.
            </Text>
            {canManage && (
              <Button size="xs" variant="default" mt="xs" loading={cancelling} onClick={() => void cancelScheduled()}>
                Keep {scheduled.fromPlanName}
              </Button>
            )}
          </Alert>
        )}
        {!canManage ? (
          <Text size="sm" c="dimmed">
            Only members who manage licenses can change the plan.
          </Text>
        ) : options.error ? (
          <PageError error={options.error} onRetry={() => void options.refetch().catch(() => undefined)} />
        ) : plans.length === 0 && !options.loading ? (
          <Text size="sm" c="dimmed">
            No other subscription plan of this module is on sale.
          </Text>
        ) : (
          <>
            <Select
              label="New plan"
              placeholder={options.loading ? 'Loading…' : 'Choose a plan'}
              data={plans.map((x) => ({ value: String(x.id), label: `${x.name} — ${x.priceLabel}` }))}
              value={planId ? String(planId) : null}
              onChange={(v) => {
                setPlanId(v ? Number(v) : null);
                errors.clear();
              }}
              error={errors.field('planId') ?? previewErrors.find((e) => e.field === 'planId')?.message}
              w={{ base: '100%', sm: 320 }}
              data-testid="new-plan"
            />
            {preview.error && <PageError error={preview.error} onRetry={() => void preview.refetch().catch(() => undefined)} />}
            {previewErrors
              .filter((e) => e.field !== 'planId')
              .map((e) => (
                <Text key={e.code} size="sm" c="red.8" role="alert">
                  {e.message}
                </Text>
              ))}
            {p && (
              <Card withBorder padding="md" bg="var(--mantine-color-gray-0)" data-testid="plan-change-preview">
                <Group gap="xs" mb="xs">
                  <Badge color={p.kind === 'upgrade' ? 'teal' : 'blue'} variant="light">
                    {p.kind === 'upgrade' ? 'Upgrade' : 'Downgrade'}
                  </Badge>
                  <Text size="sm" fw={500}>
                    {p.fromPlan.name} → {p.toPlan.name}
                  </Text>
                </Group>
                {p.inTrial ? (
                  <Text size="sm">
                    Applies now. You are in your free trial: nothing is charged now; the trial end charges the new plan.
                  </Text>
                ) : !p.appliesNow ? (
                  <Text size="sm">
                    Applies at the end of the current period, on <DateText value={p.effectiveAt} />. Nothing is charged now; from then on
                    you pay <Money value={p.newPrice} /> per period (plus tax).
                  </Text>
                ) : (
                  <Stack gap={4}>
                    <Text size="sm">Applies now. The unused part of your current period is credited:</Text>
                    {p.lines.map((line) => (
                      <Group key={line.description} justify="space-between" wrap="nowrap" gap="md">
                        <Text size="sm">{line.description}</Text>
                        <Text size="sm" fw={500}>
                          <Money value={line.amount} />
                        </Text>
                      </Group>
                    ))}
                    <Divider my={4} />
                    <Group justify="space-between">
                      <Text fw={700}>Charged now</Text>
                      <Text fw={700} data-testid="plan-change-total">
                        <Money value={p.total} />
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      Prorated credit <Money value={p.credit} />. The new period runs until <DateText value={p.periodEnd} />.
                    </Text>
                  </Stack>
                )}
              </Card>
            )}
            <FormErrorAlert errors={errors.general} />
            <Group>
              <Button onClick={() => void confirm()} loading={loading} disabled={!p} data-testid="confirm-plan-change">
                {!p ? 'Change plan' : p.appliesNow && !p.inTrial ? 'Upgrade and pay' : p.appliesNow ? 'Change plan' : 'Schedule the change'}
              </Button>
            </Group>
          </>
        )}
        {l.planChanges.filter((c) => c.status === 'applied').length > 0 && (
          <Stack gap={2} mt="xs">
            <Text size="xs" fw={600} c="dimmed">
              Earlier changes
            </Text>
            {l.planChanges
              .filter((c) => c.status === 'applied')
              .map((c) => (
                <Text size="xs" c="dimmed" key={c.id}>
                  <DateText value={c.effectiveAt} />: {c.fromPlanName} → {c.toPlanName}
                  {!isZero(c.charged.amount) && (
                    <>
                      {' '}
                      (charged <Money value={c.charged} />, credit <Money value={c.credit} />)
                    </>
                  )}
                </Text>
              ))}
          </Stack>
        )}
      </Stack>
    </LicenseSectionCard>
  );
}
