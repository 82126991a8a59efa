import type { ComponentType } from 'react';
import { Link, useLocation } from 'react-router';
import {
  IconActivityHeartbeat,
  IconChartHistogram,
  IconDiscount2,
  IconCoin,
  IconKey,
  IconLayoutDashboard,
  IconMessageStar,
  IconPackage,
  IconReceipt2,
  IconUserCircle,
} from '@tabler/icons-react';
import classes from './portal-nav.module.css';

interface PortalSection {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  matches: (path: string) => boolean;
}

const under = (prefix: string) => (p: string) => p === prefix || p.startsWith(`${prefix}/`);

/** Every page of the vendor portal, in menu order. */
export const PORTAL_SECTIONS: PortalSection[] = [
  { to: '/vendor', label: 'Dashboard', icon: IconLayoutDashboard, matches: (p) => p === '/vendor' || p === '/vendor/' },
  {
    to: '/vendor/modules',
    label: 'Modules',
    icon: IconPackage,
    matches: (p) => under('/vendor/modules')(p) || under('/vendor/versions')(p),
  },
  { to: '/vendor/sales', label: 'Sales', icon: IconReceipt2, matches: under('/vendor/sales') },
  { to: '/vendor/payouts', label: 'Payouts', icon: IconCoin, matches: under('/vendor/payouts') },
  { to: '/vendor/usage', label: 'Usage & errors', icon: IconActivityHeartbeat, matches: under('/vendor/usage') },
  { to: '/vendor/reviews', label: 'Reviews', icon: IconMessageStar, matches: under('/vendor/reviews') },
  { to: '/vendor/promotions', label: 'Promotions', icon: IconDiscount2, matches: under('/vendor/promotions') },
  { to: '/vendor/analytics', label: 'Analytics', icon: IconChartHistogram, matches: under('/vendor/analytics') },
  { to: '/vendor/tokens', label: 'API tokens', icon: IconKey, matches: under('/vendor/tokens') },
  { to: '/vendor/profile', label: 'Profile', icon: IconUserCircle, matches: under('/vendor/profile') },
];

/** The portal's own menu, above every vendor page (scrolls sideways on a phone). */
export function PortalNav() {
  const { pathname } = useLocation();
  return (
    <nav aria-label="Vendor portal" className={classes.nav}>
      <ul className={classes.list}>
        {PORTAL_SECTIONS.map((s) => {
          const Icon = s.icon;
          return (
            <li key={s.to}>
              <Link to={s.to} className={classes.link} aria-current={s.matches(pathname) ? 'page' : undefined}>
                <Icon size={16} aria-hidden />
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
