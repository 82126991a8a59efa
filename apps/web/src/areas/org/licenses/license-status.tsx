import { Badge, type BadgeProps } from '@mantine/core';
import type { LicenseStatus } from '../../../gql/graphql';

const COLOR: Record<LicenseStatus, string> = {
  active: 'green.8',
  pending: 'blue.8',
  suspended: 'orange.9',
  expired: 'gray.7',
  revoked: 'red.8',
};

export const licenseStatusLabel: Record<LicenseStatus, string> = {
  active: 'Active',
  pending: 'Pending',
  suspended: 'Suspended',
  expired: 'Expired',
  revoked: 'Revoked',
};

export function LicenseStatusBadge({ status, ...props }: { status: LicenseStatus } & BadgeProps) {
  return (
    <Badge color={COLOR[status]} variant={status === 'active' ? 'filled' : 'outline'} {...props}>
      {licenseStatusLabel[status]}
    </Badge>
  );
}

export const statusColor = (s: LicenseStatus) => COLOR[s];
