import { useCallback, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { useNavigate } from 'react-router';
import { notifications } from '@mantine/notifications';
import { CurrentUserQuery } from '../graphql/current-user.query';
import { SignOutMutation } from '../graphql/sign-out.mutation';

/** Ends the session, leaves any protected page, and drops everything cached for that user. */
export function useSignOut() {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);

  /** `redirectTo`: where to go once signed out (default: the storefront). */
  const signOut = useCallback(async (redirectTo = '/') => {
    setPending(true);
    try {
      await client.mutate({ mutation: SignOutMutation });
    } catch {
      // An expired session is signed out already; anything else: still clear this browser's state.
    }
    await navigate(redirectTo, { replace: redirectTo !== '/' });
    await client.clearStore();
    client.writeQuery({ query: CurrentUserQuery, data: { me: null } });
    setPending(false);
    notifications.show({ message: 'You are signed out.', color: 'gray' });
  }, [client, navigate]);

  return { signOut, pending };
}
