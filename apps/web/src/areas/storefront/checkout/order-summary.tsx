import { Alert, Box, Divider, Stack, Text } from '@mantine/core';
import { formatMoney, formatRatePercent, isNegative, isZero, negateAmount } from '@wk/domain';
import { IconInfoCircle } from '@tabler/icons-react';
import type { PurchaseQuoteQuery } from '../../../gql/graphql';
import { Money } from '../../../shared/components/money';
import { DateText } from '../../../shared/components/date-text';
import { SummaryCard, SummaryRow } from './summary';

type Quote = NonNullable<PurchaseQuoteQuery['purchaseQuote']['quote']>;
export type CartQuote = NonNullable<PurchaseQuoteQuery['purchaseQuote']['cart']>;

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
    <SummaryCard loading={loading}>
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
            <SummaryRow key={`${line.description}-${i}`} label={line.description} value={line.amount} />
          ))}
          <Divider my={4} />
          <SummaryRow label="Subtotal" value={quote.subtotal} />
          {!isZero(quote.discount.amount) && (
            <SummaryRow
              label={
                quote.lines.find((l) => isNegative(l.amount.amount))?.description ??
                `Discount${quote.couponCode ? ` (${quote.couponCode})` : ''}`
              }
              value={{ ...quote.discount, amount: negateAmount(quote.discount.amount) }}
            />
          )}
          <SummaryRow
            label={
              quote.reverseCharge
                ? `${quote.taxName ?? 'VAT'} (reverse charge)`
                : quote.taxName
                  ? `${quote.taxName} (${formatRatePercent(quote.taxRate)})`
                  : 'Tax'
            }
            value={quote.tax}
          />
          <Divider my={4} />
          <SummaryRow label={quote.trialDays ? 'Due today' : 'Total'} value={quote.total} strong testId="order-total" />
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
    </SummaryCard>
  );
}

/** The summary of a cart of several lines: each line with its discount, tax and total, then the grand total. */
export function CartSummary({ cart, loading }: { cart: CartQuote | null; loading: boolean }) {
  return (
    <SummaryCard loading={loading}>
      {!cart ? (
        <Text size="sm" c="dimmed" role="status">
          {loading ? 'Calculating the price…' : 'Check the highlighted fields to see the price.'}
        </Text>
      ) : (
        <Stack gap={6} aria-live="polite">
          {cart.lines.map((l) => (
            <Box key={l.module.id} data-testid={`summary-line-${l.module.id}`}>
              <SummaryRow
                label={
                  <Text span inherit fw={600}>
                    {l.module.name} — {l.plan.name}
                    {l.quote.days ? ` (${l.quote.days} days)` : ''}
                  </Text>
                }
                value={l.quote.total}
              />
              <Text size="xs" c="dimmed">
                {formatMoney(l.quote.subtotal)}
                {!isZero(l.quote.discount.amount) ? ` − ${formatMoney(l.quote.discount)} (${l.quote.couponCode})` : ''}
                {l.quote.reverseCharge
                  ? ` · ${l.quote.taxName ?? 'VAT'} reverse charge ${formatMoney(l.quote.tax)}`
                  : ` + ${l.quote.taxName ?? 'Tax'}${l.quote.taxName ? ` (${formatRatePercent(l.quote.taxRate)})` : ''} ${formatMoney(l.quote.tax)}`}
              </Text>
            </Box>
          ))}
          <Divider my={4} />
          <SummaryRow label="Subtotal" value={cart.subtotal} />
          {!isZero(cart.discount.amount) && (
            <SummaryRow label="Discounts" value={{ ...cart.discount, amount: negateAmount(cart.discount.amount) }} />
          )}
          <SummaryRow label="Tax" value={cart.tax} />
          <Divider my={4} />
          <SummaryRow label="Total, one payment" value={cart.total} strong testId="order-total" />
        </Stack>
      )}
    </SummaryCard>
  );
}
