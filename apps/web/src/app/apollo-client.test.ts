import { afterEach, describe, expect, it, vi } from 'vitest';
import { CurrentUserQuery } from '../shared/graphql/current-user.query';
import { SignOutMutation } from '../shared/graphql/sign-out.mutation';
import { createApolloClient, SERVER_ANSWERS_FRESH_MS } from './apollo-client';

const restore = { ROOT_QUERY: { __typename: 'Query', me: null } };

/** Watches the session query as the app's SessionProvider does; resolves with its first complete answer. */
function watchSession(client: ReturnType<typeof createApolloClient>) {
  return new Promise<unknown>((resolve) => {
    // The answer may come at once (from the cache), before subscribe returns.
    const sub = client.watchQuery({ query: CurrentUserQuery }).subscribe((r) => {
      if (r.loading) return;
      resolve(r.data);
      queueMicrotask(() => sub.unsubscribe());
    });
  });
}

describe('createApolloClient on a server-rendered page', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('answers the page’s queries from the server’s cache while it hydrates, without asking the API again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fetch = vi.spyOn(globalThis, 'fetch');
    const client = createApolloClient({ onUnauthenticated: () => undefined, restore });
    // A phone may take seconds to hydrate: a query mounted late in that time still reads the server's answer.
    vi.advanceTimersByTime(SERVER_ANSWERS_FRESH_MS - 1_000);
    vi.useRealTimers();
    expect(await watchSession(client)).toEqual({ me: null });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks the API as usual afterwards, and on pages the browser renders itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const answer = () => new Response(JSON.stringify({ data: { me: null } }), { headers: { 'content-type': 'application/json' } });
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(() => Promise.resolve(answer()));
    const hydrated = createApolloClient({ onUnauthenticated: () => undefined, restore });
    vi.advanceTimersByTime(SERVER_ANSWERS_FRESH_MS);
    vi.useRealTimers();
    await watchSession(hydrated);
    expect(fetch).toHaveBeenCalledTimes(1);
    await watchSession(createApolloClient({ onUnauthenticated: () => undefined }));
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('createApolloClient after a mutation', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks the API again at once, even within the first seconds of a server-rendered page', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation((_url, init) => {
      const body = JSON.parse(String((init as RequestInit).body)) as { operationName: string };
      const data = body.operationName === 'CurrentUser' ? { me: null } : { signOut: { __typename: 'SignOutPayload', ok: true } };
      return Promise.resolve(new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } }));
    });
    const client = createApolloClient({ onUnauthenticated: () => undefined, restore });
    expect(await watchSession(client)).toEqual({ me: null });
    expect(fetch).not.toHaveBeenCalled();
    // Signing in, creating an organization…: what the server answered before may be stale now.
    await client.mutate({ mutation: SignOutMutation });
    expect(fetch).toHaveBeenCalledTimes(1);
    await watchSession(client);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(JSON.parse(String(fetch.mock.calls[1]![1]!.body)).operationName).toBe('CurrentUser');
  });
});
