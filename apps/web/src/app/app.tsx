import { useEffect, useState, type ReactNode } from 'react';
import { RouterProvider } from 'react-router';
import { ApolloProvider } from '@apollo/client/react';
import type { ApolloClient } from '@apollo/client';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { CurrentOrgProvider } from '../shared/session/current-org';
import { SessionProvider } from '../shared/session/session-provider';
import { showFlash } from '../shared/session/flash';
import { signInPath } from '../shared/session/safe-next';
import { createApolloClient } from './apollo-client';
import { createAppRouter, type AppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';

function createAppServices(restore: ApolloCacheState | undefined) {
  // Assigned below; the callback only runs after the router exists.
  // eslint-disable-next-line prefer-const
  let router: AppRouter | undefined;
  const client = createApolloClient({
    onUnauthenticated: () => {
      const { pathname, search } = window.location;
      if (/^\/sign-(in|up)/.test(pathname)) return;
      void router?.navigate(signInPath(pathname + search), { replace: true });
    },
    restore,
  });
  router = createAppRouter();
  return { client, router };
}

/** The Apollo cache as the server left it after rendering the page (app/entry-server.tsx). */
export type ApolloCacheState = Record<string, unknown>;

/** Everything around the router: the same on the server (entry-server.tsx) and in the browser. */
export function AppProviders({ client, children }: { client: ApolloClient; children: ReactNode }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      {/* Bottom: a toast at the top would cover the account menu right after signing in. */}
      <Notifications position="bottom-right" />
      <ApolloProvider client={client}>
        <SessionProvider>
          <CurrentOrgProvider>{children}</CurrentOrgProvider>
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}

/** @param restore the server-rendered page's Apollo cache, when the page was rendered by the server. */
export function App({ restore }: { restore?: ApolloCacheState }) {
  const [{ client, router }] = useState(() => createAppServices(restore));
  useEffect(showFlash, []);
  return (
    <AppProviders client={client}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
