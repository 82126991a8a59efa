import type { ReactNode } from 'react';
import { Card, Group, Loader, Text, Title } from '@mantine/core';
import type { Money as MoneyValue } from '@wk/domain';
import { Money } from '../../../shared/components/money';

/**
 * One row of a price summary (the order summary, the cart summary, the confirmation page):
 * the label on the left, the amount on the right; `strong` for the total.
 */
export function SummaryRow({
  label,
  value,
  children,
  strong = false,
  testId,
}: {
  label: ReactNode;
  /** The amount shown; or pass `children` for anything else. */
  value?: MoneyValue | null;
  children?: ReactNode;
  strong?: boolean;
  /** data-testid of the amount. */
  testId?: string;
}) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text size={strong ? 'lg' : 'sm'} fw={strong ? 700 : 500} ta="right" data-testid={testId}>
        {value !== undefined ? <Money value={value} /> : children}
      </Text>
    </Group>
  );
}

/** The card around a price summary: the "Order summary" title and a spinner while the price updates. */
export function SummaryCard({ loading, children }: { loading: boolean; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" aria-labelledby="order-summary-title" data-testid="order-summary">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg" id="order-summary-title">
          Order summary
        </Title>
        {loading && <Loader size="xs" aria-label="Updating the price" />}
      </Group>
      {children}
    </Card>
  );
}
