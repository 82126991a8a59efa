import { Badge, Tooltip } from '@mantine/core';
import { IconDiscountCheckFilled, IconRosetteDiscountCheck } from '@tabler/icons-react';

/** Official (run by the platform) or verified (identity checked by platform admins); nothing otherwise. */
export function VendorBadge({ vendor, size = 'sm' }: { vendor: { isOfficial: boolean; isVerified: boolean }; size?: 'xs' | 'sm' | 'md' }) {
  if (vendor.isOfficial) {
    return (
      <Tooltip label="Built by the platform team">
        <Badge size={size} color="indigo" variant="light" leftSection={<IconRosetteDiscountCheck size={12} aria-hidden />}>
          Official
        </Badge>
      </Tooltip>
    );
  }
  if (vendor.isVerified) {
    return (
      <Tooltip label="Vendor identity verified by the platform team">
        <Badge size={size} color="teal" variant="light" leftSection={<IconDiscountCheckFilled size={12} aria-hidden />}>
          Verified
        </Badge>
      </Tooltip>
    );
  }
  return null;
}
