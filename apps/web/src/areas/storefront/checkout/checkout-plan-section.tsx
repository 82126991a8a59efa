import { Box, Card, Checkbox, Group, NumberInput, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { formatMoney } from '@wk/domain';
import { IconTicket } from '@tabler/icons-react';
import type { CheckoutOptionsQuery } from '../../../gql/graphql';
import { planPriceLabel, planTermLabel } from './checkout-labels';

type Plan = CheckoutOptionsQuery['checkoutOptions']['plans'][number];

/** Step 1 of the checkout: the plan, the free trial when the plan offers one, the days of a custom plan, the coupon. */
export function CheckoutPlanSection({
  plans,
  plan,
  onPlan,
  planError,
  trialOffered,
  wantTrial,
  onWantTrial,
  trialError,
  isCustom,
  days,
  onDays,
  daysError,
  showCoupon,
  coupon,
  onCoupon,
  couponError,
  couponApplied,
}: {
  plans: Plan[];
  plan: Plan | null;
  onPlan: (planId: number) => void;
  planError?: string;
  trialOffered: boolean;
  wantTrial: boolean;
  onWantTrial: (want: boolean) => void;
  trialError?: string;
  isCustom: boolean;
  days: number | '';
  onDays: (days: number | '') => void;
  daysError?: string;
  showCoupon: boolean;
  coupon: string;
  onCoupon: (code: string) => void;
  couponError?: string;
  /** "ANNUAL20 applied: −$9.80" once the quote applied the code. */
  couponApplied?: string;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="plan-title">
      <Title order={2} fz="lg" id="plan-title" mb="sm">
        1. Plan
      </Title>
      {plans.length === 0 ? (
        <Text c="dimmed">This module has no plan on sale right now.</Text>
      ) : (
        <Radio.Group
          value={plan ? String(plan.id) : null}
          onChange={(v) => onPlan(Number(v))}
          error={planError}
          label="Choose a plan"
          labelProps={{ mb: 'xs' }}
        >
          <Stack gap="xs">
            {plans.map((p) => (
              <Radio.Card
                key={p.id}
                value={String(p.id)}
                p="md"
                radius="md"
                data-testid={`plan-${p.id}`}
                aria-label={`${p.name}, ${planPriceLabel(p)}`}
              >
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <Box style={{ flex: 1, minWidth: 0 }}>
                    <Group justify="space-between" wrap="wrap" gap="xs">
                      <Text fw={600}>{p.name}</Text>
                      <Text fw={600}>{planPriceLabel(p)}</Text>
                    </Group>
                    <Text size="sm" c="dimmed">
                      {planTermLabel(p)}
                      {p.maxInstances ? ` Up to ${p.maxInstances} instance${p.maxInstances > 1 ? 's' : ''}.` : ''}
                      {p.maxUsers ? ` Up to ${p.maxUsers} users.` : ''}
                    </Text>
                  </Box>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
      )}
      {trialOffered && plan && (
        <Checkbox
          mt="md"
          label={`Start a ${plan.trialDays}-day free trial: nothing charged today`}
          description="Cancel before the trial ends and you are never charged. One trial per organization and module."
          checked={wantTrial}
          onChange={(e) => onWantTrial(e.currentTarget.checked)}
          error={trialError}
          data-testid="start-trial"
        />
      )}
      {isCustom && (
        <NumberInput
          mt="md"
          label="Days of custom development"
          description={plan?.ratePerDay ? `${formatMoney(plan.ratePerDay)} per day` : undefined}
          min={1}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          value={days}
          onChange={(v) => onDays(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
          error={daysError}
          maw={240}
        />
      )}
      {showCoupon && (
        <TextInput
          mt="md"
          label="Coupon code"
          placeholder="e.g. ANNUAL20"
          leftSection={<IconTicket size={16} aria-hidden />}
          value={coupon}
          onChange={(e) => onCoupon(e.currentTarget.value)}
          error={couponError}
          description={couponApplied ?? 'Codes are not case-sensitive.'}
          autoComplete="off"
          maw={320}
        />
      )}
    </Card>
  );
}
