import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession, type CurrentUser } from '../session/session-provider';
import { signInPath } from '../session/safe-next';
import { NoAccessPage } from '../pages/no-access.page';
import { PageError, PageLoading } from './page-states';

/** Who may enter an area. The API enforces the same on every field; this only decides what to render. */
export type AreaRequirement = 'signed-in' | 'member' | 'vendor' | 'platform_admin';

export function meetsRequirement(me: CurrentUser, requirement: AreaRequirement): boolean {
  switch (requirement) {
    case 'signed-in':
      return true;
    case 'member':
      return me.memberships.length > 0;
    case 'vendor':
      return me.vendors.length > 0;
    case 'platform_admin':
      return me.platformRole === 'platform_admin';
  }
}

/**
 * Signed out → /sign-in?next=<here>. Signed in without the role → the 403 page; the area's
 * code is not even loaded (children are lazy components).
 */
export function RoleGuard({ requirement, areaName, children }: { requirement: AreaRequirement; areaName: string; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <PageLoading label="Checking your access…" />;
  if (session.status === 'error') return <PageError error={session.error} onRetry={session.refetch} />;
  if (session.status === 'signed-out') {
    return <Navigate to={signInPath(location.pathname + location.search + location.hash)} replace />;
  }
  if (!meetsRequirement(session.me, requirement)) {
    return <NoAccessPage areaName={areaName} requirement={requirement} email={session.me.email} />;
  }
  return <>{children}</>;
}
