import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import type { LicenseDetail } from './license-detail.types';

/** What needs the reader's attention first: a free trial, a full refund, the user limit, a suspension. */
export function LicenseAlerts({ license: l }: { license: LicenseDetail }) {
  return (
    <>
      {l.inTrial && l.status === 'active' && (
        <Alert color="teal" variant="light" mb="lg" title="Free trial" data-testid="trial-alert">
          {l.autoRenew && !l.cancelledAt ? (
            <>
              Nothing has been charged yet. The trial ends <DateText value={l.trialEndsAt} />; then{' '}
              {(l.nextRenewalPrice?.price ?? l.plan?.price) ? (
                <Money value={l.nextRenewalPrice?.price ?? l.plan?.price} />
              ) : (
                'the plan price'
              )}{' '}
              (plus tax) is charged
              {l.paymentMethodLabel ? ` to ${l.paymentMethodLabel}` : ''} unless you cancel renewal before.
            </>
          ) : (
            <>
              The trial was cancelled: you will not be charged, and the license ends <DateText value={l.trialEndsAt} />.
            </>
          )}
        </Alert>
      )}
      {l.status === 'revoked' && l.creditNotes?.some((c) => c.isFull) && (
        <Alert color="red" variant="light" mb="lg" title="Refunded and revoked" data-testid="refunded-alert">
          This license was refunded in full ({l.creditNotes.find((c) => c.isFull)?.number}) and revoked.
        </Alert>
      )}
      {l.userLimit?.exceeded && (
        <Alert color="red" variant="light" mb="lg" icon={<IconAlertTriangle aria-hidden />} title="Over the user limit">
          Your instances report {l.userLimit.activeUsers} active users; the {l.plan?.name} plan allows {l.userLimit.maxUsers}. The license
          does not validate until the number drops or you change plan.
        </Alert>
      )}
      {l.status === 'suspended' && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} mb="lg" title="This license is suspended">
          {l.renewalAttempts > 0
            ? `The last renewal payment failed (attempt ${l.renewalAttempts}). We will retry${l.nextRetryAt ? ' on ' : ''}`
            : 'A platform admin suspended it. Contact support for details.'}
          {l.renewalAttempts > 0 && l.nextRetryAt && <DateText value={l.nextRetryAt} />}
          {l.renewalAttempts > 0 && '. Choose another payment method below to fix it sooner.'}
        </Alert>
      )}
    </>
  );
}
