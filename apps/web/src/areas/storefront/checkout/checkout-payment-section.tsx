import { Badge, Box, Card, Group, Radio, Stack, Switch, Text, Title } from '@mantine/core';
import { IconCreditCard } from '@tabler/icons-react';
import type { CheckoutOptionsQuery } from '../../../gql/graphql';

type PaymentMethod = CheckoutOptionsQuery['checkoutOptions']['paymentMethods'][number];

/** The payment step: the method to charge (now, or when a trial ends) and automatic renewal. */
export function CheckoutPaymentSection({
  number,
  requiresPayment,
  forTrial,
  methods,
  value,
  onChange,
  error,
  showAutoRenew,
  autoRenew,
  onAutoRenew,
}: {
  number: number;
  requiresPayment: boolean;
  forTrial: boolean;
  methods: PaymentMethod[];
  value: string | null;
  onChange: (methodId: string) => void;
  error?: string;
  showAutoRenew: boolean;
  autoRenew: boolean;
  onAutoRenew: (on: boolean) => void;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="payment-title">
      <Title order={2} fz="lg" id="payment-title" mb="sm">
        {number}. Payment
      </Title>
      {!requiresPayment ? (
        <Text size="sm" c="dimmed">
          Nothing to pay for this plan.
        </Text>
      ) : (
        <Radio.Group
          value={value}
          onChange={onChange}
          error={error}
          label={forTrial ? 'Charge when the trial ends' : 'Pay with'}
          labelProps={{ mb: 'xs' }}
        >
          <Stack gap="xs">
            {methods.map((m) => (
              <Radio.Card key={m.id} value={m.id} p="sm" radius="md" aria-label={m.label} data-testid={`pm-${m.id}`}>
                <Group wrap="nowrap">
                  <Radio.Indicator />
                  <IconCreditCard size={20} aria-hidden />
                  <Box style={{ flex: 1, minWidth: 0 }}>
                    <Group gap="xs" wrap="wrap">
                      <Text size="sm" fw={500}>
                        {m.label}
                      </Text>
                      {m.kind === 'test' && (
                        <Badge size="xs" variant="outline" color="orange.9">
                          Sandbox
                        </Badge>
                      )}
                    </Group>
                    {m.description && (
                      <Text size="xs" c="dimmed">
                        {m.description}
                      </Text>
                    )}
                  </Box>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
      )}
      {showAutoRenew && (
        <Switch
          mt="md"
          label="Renew automatically with this payment method"
          checked={autoRenew}
          onChange={(e) => onAutoRenew(e.currentTarget.checked)}
        />
      )}
    </Card>
  );
}
