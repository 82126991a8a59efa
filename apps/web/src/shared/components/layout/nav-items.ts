import type { ComponentType } from 'react';
import { IconBuildingStore, IconBuildingSkyscraper, IconPackage, IconShieldCheck } from '@tabler/icons-react';
import type { CurrentUser } from '../../session/session-provider';

export interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;
  /** Whether a pathname belongs to this item (for aria-current). */
  matches: (pathname: string) => boolean;
}

const under = (prefix: string) => (p: string) => p === prefix || p.startsWith(`${prefix}/`);
const inArea = [under('/org'), under('/vendor'), under('/admin')];

/** The areas a user may open, in header order. Guards enforce the same rules. */
export function navItemsFor(me: CurrentUser | null): NavItem[] {
  const items: NavItem[] = [
    {
      to: '/',
      label: 'Storefront',
      icon: IconBuildingStore,
      matches: (p) => !inArea.some((m) => m(p)) && !/^\/(sign-(in|up)|account|verify-email|forgot-password|reset-password)/.test(p),
    },
  ];
  if (me && me.memberships.length > 0)
    items.push({ to: '/org', label: 'Organization', icon: IconBuildingSkyscraper, matches: under('/org') });
  if (me && me.vendors.length > 0) items.push({ to: '/vendor', label: 'Vendor portal', icon: IconPackage, matches: under('/vendor') });
  if (me?.platformRole === 'platform_admin') items.push({ to: '/admin', label: 'Admin', icon: IconShieldCheck, matches: under('/admin') });
  return items;
}
