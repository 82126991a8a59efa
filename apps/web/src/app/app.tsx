import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { RouterProvider } from 'react-router';
import { ApolloProvider } from '@apollo/client/react';
import type { ApolloClient } from '@apollo/client';
import { MantineProvider } from '@mantine/core';
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

// The toasts' container (Mantine's Notifications: its transitions and portal) is not needed for the first
// paint: it mounts once the browser is idle (issue 16). `notifications.show()` before that is kept by
// Mantine's store and shown when the container mounts. The server renders none, like the first render here.
const NotificationsHost = lazy(() => import('./notifications-host'));

function DeferredNotifications() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const show = () => setReady(true);
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(show, { timeout: 1500 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(show, 200);
    return () => window.clearTimeout(id);
  }, []);
  return ready ? (
    <Suspense fallback={null}>
      <NotificationsHost />
    </Suspense>
  ) : null;
}

/** The Apollo cache as the server left it after rendering the page (app/entry-server.tsx). */
export type ApolloCacheState = Record<string, unknown>;

/** Everything around the router: the same on the server (entry-server.tsx) and in the browser. */
export function AppProviders({ client, children }: { client: ApolloClient; children: ReactNode }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <DeferredNotifications />
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
