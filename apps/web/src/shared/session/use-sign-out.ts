import { useCallback, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { SignOutMutation } from '../graphql/sign-out.mutation';
import { setFlash } from './flash';

/**
 * Ends the session, then starts the app afresh at `redirectTo` (default: the storefront):
 * the Apollo cache is cleared and the page reloaded, so nothing of that user stays in memory
 * (cached data, form state) and no protected page refetches without a session on the way out.
 */
export function useSignOut() {
  const client = useApolloClient();
  const [pending, setPending] = useState(false);

  const signOut = useCallback(
    async (redirectTo = '/') => {
      setPending(true);
      try {
        await client.mutate({ mutation: SignOutMutation });
      } catch {
        // An expired session is signed out already; anything else: still clear this browser's state.
      }
      await client.clearStore().catch(() => undefined);
      setFlash('You are signed out.');
      window.location.assign(redirectTo);
    },
    [client],
  );

  return { signOut, pending };
}
