import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { CurrentUserQuery } from '../../graphql/current-user.query';
import { SessionProvider, type CurrentUser } from '../../session/session-provider';
import { CurrentOrgProvider } from '../../session/current-org';
import { HeaderOrgSwitcher, HeaderUserMenu, preloadHeaderParts } from './header-parts';

const me: CurrentUser = {
  __typename: 'User',
  id: 7,
  name: 'Alice Martin',
  email: 'alice@acme.test',
  emailVerified: true,
  pendingEmail: null,
  platformRole: 'user',
  memberships: [
    {
      __typename: 'Membership',
      id: 1,
      role: 'admin',
      permissions: [],
      effectivePermissions: [],
      organization: { __typename: 'Organization', id: 3, name: 'Acme Corp', slug: 'acme' },
    },
  ],
  vendors: [],
} as unknown as CurrentUser;

/** The header's providers, signed in as `me` from the cache (no request is sent: the link answers nothing). */
function Providers({ children }: { children: ReactNode }) {
  const cache = new InMemoryCache();
  cache.writeQuery({ query: CurrentUserQuery, data: { me } as never });
  const client = new ApolloClient({ cache, link: ApolloLink.empty() });
  return (
    <MantineProvider>
      <ApolloProvider client={client}>
        <SessionProvider>
          <CurrentOrgProvider>
            <MemoryRouter>{children}</MemoryRouter>
          </CurrentOrgProvider>
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}

describe('header parts (lazy signed-in controls)', () => {
  it('shows a non-interactive placeholder with the same content, then the account menu button', async () => {
    render(<HeaderUserMenu me={me} />, { wrapper: Providers });
    const placeholder = screen.getByTestId('user-menu-placeholder');
    expect(placeholder).toHaveProperty('tagName', 'SPAN');
    expect(placeholder.getAttribute('aria-hidden')).toBe('true');
    expect(placeholder.textContent).toContain('AM');
    const face = placeholder.innerHTML;
    // Nothing that looks like the account menu to assistive tech or tests until it can open.
    expect(screen.queryByRole('button', { name: /^Account menu/ })).toBeNull();

    const button = await screen.findByRole('button', { name: 'Account menu: Alice Martin' });
    expect(button.textContent).toContain('AM');
    // One face (AccountButtonFace) for both: the placeholder is the button's look, element for element.
    expect(button.innerHTML).toBe(face);
    expect(screen.queryByTestId('user-menu-placeholder')).toBeNull();
  });

  it('renders the organization switcher through its lazy wrapper, on the current organization', async () => {
    render(<HeaderOrgSwitcher w={250} />, { wrapper: Providers });
    // Loaded by the test above (lazy parts load once per page), or shown as the placeholder now.
    const switcher = await screen.findByTestId('org-switcher');
    expect(switcher).toHaveProperty('value', 'Acme Corp');
    expect(screen.queryByTestId('org-switcher-placeholder')).toBeNull();
  });

  it('preloads every part once', async () => {
    const first = preloadHeaderParts();
    expect(preloadHeaderParts()).toBe(first);
    const modules = (await first) as Record<string, unknown>[];
    expect(modules.map((m) => Object.keys(m).filter((k) => /^[A-Z]/.test(k)))).toEqual([
      ['UserMenu'],
      ['OrgSwitcher'],
      ['NotificationBell'],
    ]);
  });
});
