import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { CurrentUserQuery } from '../shared/graphql/current-user.query';
import { firstDataLink } from './first-data-link';

export interface ApolloClientOptions {
  /** Called when the API answers UNAUTHENTICATED (session expired or revoked). */
  onUnauthenticated: () => void;
  /** The cache of a page the server rendered (app/entry-server.tsx), to hydrate it with the same answers. */
  restore?: Record<string, unknown>;
}

/**
 * How long after a server-rendered page starts its queries read the server's answers rather than refetch them,
 * unless a mutation comes first (it ends that time at once: see createApolloClient).
 */
export const SERVER_ANSWERS_FRESH_MS = 5_000;

/** Operations whose UNAUTHENTICATED answer is expected and handled where they are sent. */
const NO_REDIRECT = new Set(['SignIn', 'SignUp', 'SignOut', 'CurrentUser']);

export function createApolloClient({ onUnauthenticated, restore }: ApolloClientOptions) {
  // Same origin: the API serves the app, and `vite dev` proxies /graphql. The session cookie is
  // HttpOnly; Apollo's CSRF prevention is satisfied by the JSON content type of every POST.
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });

  const errors = new ErrorLink(({ error, operation }) => {
    if (!CombinedGraphQLErrors.is(error)) return;
    if (!error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
    if (NO_REDIRECT.has(operation.operationName ?? '')) return;
    // The session is gone: say so to the whole app (header, guards), then ask to sign in.
    client.writeQuery({ query: CurrentUserQuery, data: { me: null } });
    onUnauthenticated();
  });

  // A mutation changes what the server answers (signing in, creating an organization): from then on queries ask the
  // API again, so a refetch right after it never reads the server-rendered answers it made stale.
  const serverAnswersEndOnMutation = new ApolloLink((operation, forward) => {
    if (client.prioritizeCacheValues && operation.operationType === 'mutation') client.prioritizeCacheValues = false;
    return forward(operation);
  });

  const client: ApolloClient = new ApolloClient({
    link: ApolloLink.from([errors, firstDataLink(), serverAnswersEndOnMutation, http]),
    cache: restore ? new InMemoryCache().restore(restore as never) : new InMemoryCache(),
    // A server-rendered page hydrates from the cache the server filled: for its first seconds, queries
    // read that cache instead of asking again (the HTML and the first render then show the same answers).
    // Long enough for a phone to finish hydrating: a query that refetched as it mounted wrote its (identical)
    // answer back, and that update made React hydrate the rest of the page in one synchronous task (1.5 s of
    // a 4x-throttled CPU profile of /modules). The server's answers are seconds old (WEB_PAGE_CACHE_MS), and the first
    // mutation ends this time (serverAnswersEndOnMutation).
    ...(restore ? { ssrForceFetchDelay: SERVER_ANSWERS_FRESH_MS } : {}),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
    },
  });
  return client;
}
