import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { renderWithProviders } from '../../test/render';
import type { Session } from '../session/session-provider';
import { RoleGuard } from './role-guard';

const state = vi.hoisted(() => ({ session: null as unknown }));
vi.mock('../session/session-provider', () => ({ useSession: () => state.session }));
vi.mock('../session/use-sign-out', () => ({ useSignOut: () => ({ signOut: () => undefined, pending: false }) }));

function SignInProbe() {
  const location = useLocation();
  return <p data-testid="sign-in">{location.pathname + location.search}</p>;
}

function renderAt(path: string) {
  return renderWithProviders(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route
          path="/admin/*"
          element={
            <RoleGuard requirement="platform_admin" areaName="Admin">
              <p>Admin area</p>
            </RoleGuard>
          }
        />
        <Route path="/sign-in" element={<SignInProbe />} />
      </Routes>
    </MemoryRouter>,
  );
}

const signedIn = (platformRole: string) =>
  ({
    status: 'signed-in',
    me: { email: 'alice@acme.test', platformRole, memberships: [], vendors: [] },
    error: null,
    refetch: () => undefined,
  }) as unknown as Session;

describe('<RoleGuard> (what an area renders for whom)', () => {
  it('sends a signed-out visitor to sign in, coming back to the page asked for', () => {
    state.session = { status: 'signed-out', me: null, error: null, refetch: () => undefined };
    renderAt('/admin/audit-log?action=x');
    expect(screen.getByTestId('sign-in').textContent).toBe(`/sign-in?next=${encodeURIComponent('/admin/audit-log?action=x')}`);
    expect(screen.queryByText('Admin area')).toBeNull();
  });

  it('shows the 403 page, not the area, to a signed-in user without the role', () => {
    state.session = signedIn('user');
    renderAt('/admin');
    expect(screen.getByTestId('no-access')).toBeTruthy();
    expect(screen.queryByText('Admin area')).toBeNull();
  });

  it('renders the area for a platform admin', () => {
    state.session = signedIn('platform_admin');
    renderAt('/admin');
    expect(screen.getByText('Admin area')).toBeTruthy();
  });

  it('waits while the session loads', () => {
    state.session = { status: 'loading', me: null, error: null, refetch: () => undefined };
    renderAt('/admin');
    expect(screen.queryByText('Admin area')).toBeNull();
    expect(screen.getByText('Checking your access…')).toBeTruthy();
  });
});
