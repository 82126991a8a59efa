import { ActionIcon, Card, Code, CopyButton, Group, Stack, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { Fact } from './license-fact';
import type { LicenseDetail } from './license-detail.types';

/** The license key (with a copy button) and the facts of its period. */
export function LicenseKeyCard({ license: l }: { license: LicenseDetail }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="key-title">
      <Title order={2} fz="lg" id="key-title" mb="sm">
        License key
      </Title>
      <Group gap="xs" wrap="nowrap">
        <Code fz="md" p="sm" style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid="license-key">
          {l.licenseKey}
        </Code>
        <CopyButton value={l.licenseKey} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the key'} withArrow>
              <ActionIcon
                variant="light"
                size="lg"
                onClick={copy}
                aria-label={copied ? 'License key copied' : 'Copy the license key'}
                color={copied ? 'green' : undefined}
              >
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
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
    </Card>
  );
}
