import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useQuery } from '@apollo/client/react';
import type { ErrorLike } from '@apollo/client';
import type { CurrentUserQuery } from '../../gql/graphql';
import { CurrentUserQuery as CurrentUserDocument } from '../graphql/current-user.query';

export type CurrentUser = NonNullable<CurrentUserQuery['me']>;
export type CurrentMembership = CurrentUser['memberships'][number];

export type Session =
  | { status: 'loading'; me: null; error: null; refetch: () => void }
  | { status: 'error'; me: null; error: ErrorLike; refetch: () => void }
  | { status: 'signed-out'; me: null; error: null; refetch: () => void }
  | { status: 'signed-in'; me: CurrentUser; error: null; refetch: () => void };

const SessionContext = createContext<Session | null>(null);

/**
 * Runs the `me` query once for the whole app. Sign-in/up refetch it (refetchQueries), sign-out
 * resets the store (useSignOut), an UNAUTHENTICATED answer writes `me: null` (app/apollo-client.ts).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const {
    data: result,
    error,
    refetch,
  } = useQuery(CurrentUserDocument, {
    fetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: false,
  });

  const session = useMemo<Session>(() => {
    const retry = () => void refetch().catch(() => undefined);
    if (result?.me) return { status: 'signed-in', me: result.me, error: null, refetch: retry };
    if (result && result.me === null) return { status: 'signed-out', me: null, error: null, refetch: retry };
    if (error) return { status: 'error', me: null, error, refetch: retry };
    return { status: 'loading', me: null, error: null, refetch: retry };
  }, [result, error, refetch]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() must be used inside <SessionProvider>.');
  return session;
}
