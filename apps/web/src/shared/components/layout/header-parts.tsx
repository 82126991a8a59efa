import { lazy, Suspense, type ComponentProps } from 'react';
import { Box, Text, type BoxProps } from '@mantine/core';
import { IconBell, IconBuildingSkyscraper } from '@tabler/icons-react';
import type { CurrentUser } from '../../session/session-provider';
import { useCurrentOrg } from '../../session/current-org';
import { AccountButtonFace } from './account-button-face';
import classes from './layout.module.css';

/*
 * The signed-in header's controls (account menu, organization switcher, notification bell) pull in
 * Mantine's Menu, Select/Combobox, Popover, ScrollArea, FocusTrap and floating-ui: about 45 KB gz that
 * the first paint of a storefront page does not need (issue 16). They load in their own chunks, behind
 * placeholders of the same size; `preloadHeaderParts` fetches them ahead (on idle once signed in or on
 * the sign-in pages, and on hover/focus of the sign-in buttons) so nobody waits for them.
 * A server-rendered page holds the real controls in its HTML: hydration keeps that HTML until the chunk is
 * there (a dehydrated Suspense boundary), so there is no mismatch and no flash.
 */
const loadUserMenu = () => import('./user-menu');
const loadOrgSwitcher = () => import('./org-switcher');
const loadNotificationBell = () => import('../../notifications/notification-bell');

let preloading: Promise<unknown> | null = null;

/** Starts loading the header's signed-in controls (once; a failed load is tried again next time). */
export function preloadHeaderParts(): Promise<unknown> {
  preloading ??= Promise.all([loadUserMenu(), loadOrgSwitcher(), loadNotificationBell()]).catch((e: unknown) => {
    preloading = null;
    throw e;
  });
  return preloading;
}

/** Runs `preloadHeaderParts` when the browser is idle (at the latest after `timeout` ms); returns the cancel. */
export function preloadHeaderPartsWhenIdle(timeout = 1500): () => void {
  const run = () => void preloadHeaderParts().catch(() => undefined);
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 200);
  return () => window.clearTimeout(id);
}

const UserMenuLazy = lazy(() => loadUserMenu().then((m) => ({ default: m.UserMenu })));
const OrgSwitcherLazy = lazy(() => loadOrgSwitcher().then((m) => ({ default: m.OrgSwitcher })));
const NotificationBellLazy = lazy(() => loadNotificationBell().then((m) => ({ default: m.NotificationBell })));

/** The account button as it looks closed, not yet a button (so nothing clickable does nothing). */
function UserMenuPlaceholder({ me }: { me: CurrentUser }) {
  return (
    <Box component="span" className={classes.userButton} aria-hidden data-testid="user-menu-placeholder">
      <AccountButtonFace name={me.name} />
    </Box>
  );
}

export function HeaderUserMenu({ me }: { me: CurrentUser }) {
  // The menu's button shows the same face, handed over rather than imported by user-menu.tsx: the face's
  // components then stay in the first chunk alone instead of a chunk shared with the menu's.
  return (
    <Suspense fallback={<UserMenuPlaceholder me={me} />}>
      <UserMenuLazy me={me} face={<AccountButtonFace name={me.name} />} />
    </Suspense>
  );
}

/** The switcher's input as it looks closed: the current organization's name in an input-sized box. */
function OrgSwitcherPlaceholder({ w, visibleFrom, label }: Pick<BoxProps, 'w' | 'visibleFrom'> & { label?: string }) {
  const { memberships, organization } = useCurrentOrg();
  if (memberships.length === 0) return null;
  return (
    <Box w={w} visibleFrom={visibleFrom} aria-hidden data-testid="org-switcher-placeholder">
      {label && (
        <Text size="sm" fw={500} mb={5}>
          {label}
        </Text>
      )}
      <div className={classes.orgSwitcherPlaceholder}>
        <IconBuildingSkyscraper size={16} />
        <Text size="sm" truncate>
          {organization?.name}
        </Text>
      </div>
    </Box>
  );
}

export function HeaderOrgSwitcher(props: ComponentProps<typeof OrgSwitcherLazy>) {
  return (
    <Suspense fallback={<OrgSwitcherPlaceholder w={props.w} visibleFrom={props.visibleFrom} label={props.label as string | undefined} />}>
      <OrgSwitcherLazy {...props} />
    </Suspense>
  );
}

/** The bell as it looks with nothing unread. */
function NotificationBellPlaceholder() {
  return (
    <span className={classes.bellPlaceholder} aria-hidden data-testid="notification-bell-placeholder">
      <IconBell size={20} stroke={1.8} />
    </span>
  );
}

export function HeaderNotificationBell() {
  return (
    <Suspense fallback={<NotificationBellPlaceholder />}>
      <NotificationBellLazy />
    </Suspense>
  );
}
