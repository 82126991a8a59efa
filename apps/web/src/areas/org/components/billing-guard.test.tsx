import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { renderWithProviders } from '../../../test/render';
import type { CurrentMembership } from '../../../shared/session/session-provider';
import { OrgPermissionGate } from './billing-guard';

const current = vi.hoisted(() => ({ membership: null as unknown }));
vi.mock('../../../shared/session/current-org', () => ({ useCurrentOrg: () => ({ membership: current.membership }) }));

const member = (role: 'admin' | 'member', effectivePermissions: string[]) =>
  ({ role, effectivePermissions, organization: { id: 1, name: 'Acme Corp' } }) as unknown as CurrentMembership;

function renderGate(need: 'admin' | 'manage_billing') {
  return renderWithProviders(
    <MemoryRouter>
      <OrgPermissionGate need={need} what="the audit log">
        {(m) => <p>Inside {m.organization.name}</p>}
      </OrgPermissionGate>
    </MemoryRouter>,
  );
}

describe('<OrgPermissionGate> (org pages that need a role or a permission)', () => {
  it('shows the page to an admin of the org', () => {
    current.membership = member('admin', []);
    renderGate('admin');
    expect(screen.getByText('Inside Acme Corp')).toBeTruthy();
  });

  it('explains the refusal to a member who is not an admin, without rendering the page', () => {
    current.membership = member('member', ['manage_billing']);
    renderGate('admin');
    expect(screen.queryByText('Inside Acme Corp')).toBeNull();
    expect(screen.getByText('You cannot open the audit log')).toBeTruthy();
    expect(screen.getByText('Only admins of Acme Corp can see this.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the organization' }).getAttribute('href')).toBe('/org');
  });

  it('billing pages: the “Manage billing” permission opens them, whatever the role', () => {
    current.membership = member('member', ['manage_billing']);
    renderGate('manage_billing');
    expect(screen.getByText('Inside Acme Corp')).toBeTruthy();
  });

  it('billing pages: an admin role alone is not the permission', () => {
    current.membership = member('admin', ['purchase_modules']);
    renderGate('manage_billing');
    expect(screen.queryByText('Inside Acme Corp')).toBeNull();
    expect(screen.getByText(/This needs the “Manage billing” permission in Acme Corp/)).toBeTruthy();
  });

  it('renders nothing without a current organization', () => {
    current.membership = null;
    renderGate('admin');
    expect(screen.queryByText('Inside Acme Corp')).toBeNull();
    expect(screen.queryByText(/You cannot open/)).toBeNull();
  });
});
