import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { CurrentOrgProvider } from '../shared/session/current-org';
import { SessionProvider } from '../shared/session/session-provider';
import { showFlash } from '../shared/session/flash';
import { signInPath } from '../shared/session/safe-next';
import { createApolloClient } from './apollo-client';
import { createAppRouter, type AppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';

function createAppServices() {
  // Assigned below; the callback only runs after the router exists.
  // eslint-disable-next-line prefer-const
  let router: AppRouter | undefined;
  const client = createApolloClient({
    onUnauthenticated: () => {
      const { pathname, search } = window.location;
      if (/^\/sign-(in|up)/.test(pathname)) return;
      void router?.navigate(signInPath(pathname + search), { replace: true });
    },
  });
  router = createAppRouter();
  return { client, router };
}

export function App() {
  const [{ client, router }] = useState(createAppServices);
  useEffect(showFlash, []);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      {/* Bottom: a toast at the top would cover the account menu right after signing in. */}
      <Notifications position="bottom-right" />
      <ApolloProvider client={client}>
        <SessionProvider>
          <CurrentOrgProvider>
            <RouterProvider router={router} />
          </CurrentOrgProvider>
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}
