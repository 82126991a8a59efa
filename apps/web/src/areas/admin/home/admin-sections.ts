import type { ComponentType } from 'react';
import {
  IconCertificate,
  IconCoin,
  IconFileSearch,
  IconListCheck,
  IconReceiptTax,
  IconServer,
  IconTicket,
  IconUsersGroup,
} from '@tabler/icons-react';

export interface AdminSection {
  slug: string;
  title: string;
  description: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
}

/** The admin area's sections, in the order of the home page. */
export const ADMIN_SECTIONS: AdminSection[] = [
  {
    slug: 'validation',
    title: 'Validation queue',
    description: 'Review submitted module versions: run checks, approve or reject with notes.',
    icon: IconListCheck,
  },
  { slug: 'vendors', title: 'Vendors', description: 'Verify vendors and manage their commission rates.', icon: IconUsersGroup },
  {
    slug: 'softwares',
    title: 'Softwares & cores',
    description: 'Registered softwares and the core versions modules can target.',
    icon: IconServer,
  },
  {
    slug: 'tax-rules',
    title: 'Tax rules',
    description: 'Tax rates per country and region, with their validity dates.',
    icon: IconReceiptTax,
  },
  { slug: 'coupons', title: 'Coupons', description: 'Platform and vendor coupons, their limits and usage.', icon: IconTicket },
  {
    slug: 'licenses',
    title: 'Licenses',
    description: 'Find any license; suspend, reinstate or revoke it with a reason.',
    icon: IconCertificate,
  },
  { slug: 'payouts', title: 'Payouts', description: 'Monthly vendor payouts: review totals and mark them paid.', icon: IconCoin },
  { slug: 'audit-log', title: 'Audit log', description: 'Search every state-changing action on the platform.', icon: IconFileSearch },
];
