import { Alert, Card, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { formatRatePercent, isZero } from '@wk/domain';
import { IconInfoCircle } from '@tabler/icons-react';
import type { PurchaseQuoteQuery } from '../../../gql/graphql';
import { Money } from '../../../shared/components/money';
import { DateText } from '../../../shared/components/date-text';

type Quote = NonNullable<PurchaseQuoteQuery['purchaseQuote']['quote']>;

function Row({ label, children, strong = false }: { label: string; children: React.ReactNode; strong?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text size={strong ? 'lg' : 'sm'} fw={strong ? 700 : 500} ta="right">
        {children}
      </Text>
    </Group>
  );
}

/** The price breakdown: lines, subtotal, discount, tax (or reverse charge), total. */
export function OrderSummary({
  quote,
  loading,
  moduleName,
  planName,
}: {
  quote: Quote | null;
  loading: boolean;
  moduleName: string;
  planName: string | null;
}) {
  return (
    <Card withBorder padding="lg" aria-labelledby="order-summary-title" data-testid="order-summary">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg" id="order-summary-title">
          Order summary
        </Title>
        {loading && <Loader size="xs" aria-label="Updating the price" />}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {moduleName}
        {planName ? ` — ${planName}` : ''}
      </Text>
      {!quote ? (
        <Text size="sm" c="dimmed" role="status">
          {loading
            ? 'Calculating the price…'
            : planName
              ? 'Check the highlighted fields to see the price.'
              : 'Choose a plan to see the price.'}
        </Text>
      ) : (
        <Stack gap={8} aria-live="polite">
          {/* The item line; discount and tax follow as rows of their own. */}
          {quote.lines.slice(0, 1).map((line, i) => (
            <Row key={`${line.description}-${i}`} label={line.description}>
              <Money value={line.amount} />
            </Row>
          ))}
          <Divider my={4} />
          <Row label="Subtotal">
            <Money value={quote.subtotal} />
          </Row>
          {!isZero(quote.discount.amount) && (
            <Row
              label={
                quote.lines.find((l) => l.amount.amount.startsWith('-'))?.description ??
                `Discount${quote.couponCode ? ` (${quote.couponCode})` : ''}`
              }
            >
              <Money value={{ ...quote.discount, amount: `-${quote.discount.amount}` }} />
            </Row>
          )}
          <Row
            label={
              quote.reverseCharge
                ? `${quote.taxName ?? 'VAT'} (reverse charge)`
                : quote.taxName
                  ? `${quote.taxName} (${formatRatePercent(quote.taxRate)})`
                  : 'Tax'
            }
          >
            <Money value={quote.tax} />
          </Row>
          <Divider my={4} />
          <Row label={quote.trialDays ? 'Due today' : 'Total'} strong>
            <span data-testid="order-total">
              <Money value={quote.total} />
            </span>
          </Row>
          {quote.reverseChargeNote && (
            <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />} p="xs" mt="xs">
              <Text size="xs">{quote.reverseChargeNote}</Text>
            </Alert>
          )}
          <Text size="xs" c="dimmed" mt="xs">
            {quote.trialDays && quote.thenTotal && quote.trialEndsAt ? (
              <>
                Then <Money value={quote.thenTotal} /> per period from <DateText value={quote.trialEndsAt} />, unless you cancel before.
              </>
            ) : quote.expiresAt ? (
              <>
                {quote.renews ? 'Renews' : 'Valid until'} <DateText value={quote.expiresAt} />
                {quote.renews ? ' unless you cancel.' : '.'}
              </>
            ) : (
              'The license does not expire.'
            )}
          </Text>
        </Stack>
      )}
    </Card>
  );
}
