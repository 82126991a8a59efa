import { Alert, Text } from '@mantine/core';
import { IconShieldCheck, IconTrendingDown, IconTrendingUp } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import type { Money as MoneyValue } from '@wk/domain';

export interface NextRenewalPriceValue {
  renewsAt: string;
  price: MoneyValue;
  planPrice: MoneyValue;
  reason: 'PLAN_PRICE' | 'PROTECTED' | 'NEW_PRICE' | 'LOWERED';
  protectedUntil?: string | null;
  thenPrice?: MoneyValue | null;
  priceChangedAt?: string | null;
}

/**
 * The price the next renewal charges and why (README "Price changes"): protected for 90 days after
 * a vendor's raise, lowered at once by a drop, or the vendor's new price once the 90 days are over.
 */
export function RenewalPrice({ next }: { next: NextRenewalPriceValue }) {
  const charge = (
    <Text size="sm" data-testid="next-renewal-charge">
      Next renewal on <DateText value={next.renewsAt} />: <Money value={next.price} fw={600} /> (plus tax where it applies).
    </Text>
  );
  if (next.reason === 'PROTECTED' && next.protectedUntil && next.thenPrice) {
    return (
      <>
        {charge}
        <Alert
          color="blue"
          variant="light"
          icon={<IconShieldCheck aria-hidden />}
          title="Your price is protected"
          data-testid="renewal-price-explanation"
        >
          <Money value={next.price} /> until <DateText value={next.protectedUntil} /> — price protected after the vendor&apos;s change on{' '}
          <DateText value={next.priceChangedAt} />; then <Money value={next.thenPrice} />. New buyers pay <Money value={next.planPrice} />{' '}
          now.
        </Alert>
      </>
    );
  }
  if (next.reason === 'LOWERED') {
    return (
      <>
        {charge}
        <Alert
          color="teal"
          variant="light"
          icon={<IconTrendingDown aria-hidden />}
          title="Price lowered"
          data-testid="renewal-price-explanation"
        >
          The vendor lowered the price on <DateText value={next.priceChangedAt} />. A lower price applies to you at once.
        </Alert>
      </>
    );
  }
  if (next.reason === 'NEW_PRICE') {
    return (
      <>
        {charge}
        <Alert color="gray" variant="light" icon={<IconTrendingUp aria-hidden />} title="New price" data-testid="renewal-price-explanation">
          The vendor changed the price on <DateText value={next.priceChangedAt} />. You kept your old price for 90 days; renewals now pay{' '}
          <Money value={next.price} />.
        </Alert>
      </>
    );
  }
  return charge;
}
