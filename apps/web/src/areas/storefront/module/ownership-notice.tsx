import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { formatDate } from '../../../shared/format/date.format';
import { useHydrated } from '../../../shared/format/use-hydrated';
import { isoLabel } from '../../../shared/components/date-text';
import { ModuleOwnershipQuery } from './graphql/module-ownership.query';

type Held = {
  id: number;
  status: string;
  expiresAt?: string | null;
  autoRenew: boolean;
  cancelledAt?: string | null;
  inTrial: boolean;
  plan?: { name: string } | null;
};

/** "(Annual, renews 15 Jan 2027)" — what the held license is and what happens at its end. */
export function heldLicenseTerms(l: Held, format: (iso: string) => string = formatDate): string {
  const plan = l.plan?.name ?? 'Plan';
  if (l.status === 'suspended') return `${plan}, suspended: a renewal payment failed`;
  if (!l.expiresAt) return `${plan}, no end date`;
  const date = format(l.expiresAt);
  if (l.inTrial) return `${plan} trial, ${l.autoRenew && !l.cancelledAt ? `first charge ${date}` : `ends ${date}`}`;
  return `${plan}, ${l.autoRenew && !l.cancelledAt ? 'renews' : 'ends'} ${date}`;
}

/**
 * "Your organization has an active license (Annual, renews …) — Manage", for the module page and
 * checkout. Renders nothing while loading, on error (the page still works) or when nothing is held.
 */
export function OwnershipNotice({
  orgId,
  moduleId,
  orgName,
  children,
}: {
  orgId: number;
  moduleId: number;
  orgName?: string;
  children?: React.ReactNode;
}) {
  const q = useQuery(ModuleOwnershipQuery, { variables: { orgId, moduleId } });
  const hydrated = useHydrated();
  const held = q.data?.moduleOwnership ?? [];
  if (held.length === 0) return null;
  const l = held[0]!;
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconCircleCheck aria-hidden />}
      title={`${orgName ?? 'Your organization'} already owns this module`}
      data-testid="ownership-notice"
    >
      <Text size="sm">
        Your organization has an active license ({heldLicenseTerms(l, hydrated ? formatDate : isoLabel)}) —{' '}
        <Anchor component={Link} to={`/org/licenses/${l.id}`} size="sm" fw={600}>
          Manage
        </Anchor>
        {held.length > 1 ? ` (and ${held.length - 1} more)` : ''}
      </Text>
      {children}
    </Alert>
  );
}

/** Whether the org holds the module (for checkout's explicit choice). */
export function useHeldLicenses(orgId: number, moduleId: number | null) {
  const q = useQuery(ModuleOwnershipQuery, { variables: { orgId, moduleId: moduleId ?? 0 }, skip: !moduleId });
  return q.data?.moduleOwnership ?? [];
}
