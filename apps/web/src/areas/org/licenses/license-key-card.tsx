import { Stack } from '@mantine/core';
import { DateText } from '../../../shared/components/date-text';
import { LicenseKey } from '../../../shared/components/license-key';
import { Money } from '../../../shared/components/money';
import { Fact } from './license-fact';
import type { LicenseDetail } from './license-detail.types';
import { LicenseSectionCard } from './license-section-card';

/** The license key (with a copy button) and the facts of its period. */
export function LicenseKeyCard({ license: l }: { license: LicenseDetail }) {
  return (
    <LicenseSectionCard id="key" title="License key">
      <LicenseKey value={l.licenseKey} />
      <Stack gap={6} mt="md">
        <Fact label="Started">
          <DateText value={l.startsAt} />
        </Fact>
        <Fact
          label={
            l.inTrial
              ? l.autoRenew && !l.cancelledAt
                ? 'Trial ends (first charge)'
                : 'Trial ends'
              : l.expiresAt
                ? l.autoRenew && !l.cancelledAt
                  ? 'Renews'
                  : 'Expires'
                : 'Expires'
          }
        >
          {l.expiresAt ? <DateText value={l.expiresAt} /> : 'Never'}
        </Fact>
        {l.plan?.price && (
          <Fact label="Price">
            {/* What this license pays: a price protected after a vendor's raise is not the plan's new price. */}
            <Money value={l.nextRenewalPrice?.price ?? l.plan.price} />{' '}
            {l.plan.billingCycle === 'monthly' ? 'per month' : l.plan.billingCycle === 'yearly' ? 'per year' : ''}
          </Fact>
        )}
        {l.plan?.maxInstances && <Fact label="Instances allowed">{l.plan.maxInstances}</Fact>}
        {l.userLimit && (
          <Fact label="Active users reported">
            {l.userLimit.activeUsers} of {l.userLimit.maxUsers}
          </Fact>
        )}
        <Fact label="Usable now">{l.isUsable ? 'Yes' : 'No'}</Fact>
      </Stack>
    </LicenseSectionCard>
  );
}
