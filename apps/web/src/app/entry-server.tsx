/**
 * The server's renderer of the catalog and module pages (issue 16: they show their content before
 * any script runs). Built by `vite build --ssr` into dist-ssr/ and loaded by the API's web shell
 * (apps/api/src/web-shell.ts), which gives it the caller's own GraphQL execution: the page asks
 * exactly what it asks in the browser, with the same authorization, and the HTML shows those answers.
 * The browser then hydrates the HTML from the Apollo cache written next to it (main.tsx).
 */
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { prerenderStatic } from '@apollo/client/react/ssr';
import type { ReactNode } from 'react';
import { print } from 'graphql';
import { from } from 'rxjs';
import { prerender } from 'react-dom/static';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { AppProviders } from './app';
import { appRoutes } from './router';

/** One GraphQL operation, run by the server with the caller's context. */
export interface ServerOperation {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

export interface ServerResult {
  data?: Record<string, unknown> | null;
  errors?: readonly unknown[];
}

export interface RenderedPage {
  /** The HTML of #root. */
  html: string;
  /** The Apollo cache after the render, for the browser to hydrate with. */
  state: Record<string, unknown>;
}

/** Thrown when the page cannot be rendered truthfully on the server: the caller serves the plain shell. */
export class NotRenderable extends Error {
  override name = 'NotRenderable';
}

/**
 * Renders `url` (path and query string) with the answers of `execute`. Any operation that answers with
 * an error, or a redirect, makes it throw NotRenderable: the browser then renders that page itself, as
 * before, and shows the error the way it always does.
 */
export async function renderPage(url: string, execute: (op: ServerOperation) => Promise<ServerResult>): Promise<RenderedPage> {
  let failed: string | null = null;
  const link = new ApolloLink((operation) =>
    from(
      execute({ query: print(operation.query), operationName: operation.operationName, variables: operation.variables }).then((r) => {
        if (r.errors?.length || !r.data) failed = `${operation.operationName ?? 'an operation'} answered with an error`;
        return { data: r.data ?? null, ...(r.errors?.length ? { errors: r.errors } : {}) } as never;
      }),
    ),
  );
  const client = new ApolloClient({ ssrMode: true, link, cache: new InMemoryCache() });

  const handler = createStaticHandler(appRoutes);
  const context = await handler.query(new Request(new URL(url, 'http://localhost')));
  if (context instanceof Response) throw new NotRenderable(`the route answers ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);

  const { result, aborted } = await prerenderStatic({
    tree: (
      <AppProviders client={client}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </AppProviders>
    ),
    context: { client },
    // Every boundary inline (no outlined segment completed by an inline script: the CSP allows none).
    // A component that throws leaves its boundary to the browser: that page is not rendered here.
    renderFunction: (tree: ReactNode) =>
      prerender(tree, {
        progressiveChunkSize: Number.MAX_SAFE_INTEGER,
        onError: (e) => {
          failed ??= `a component failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
        },
      }),
    maxRerenders: 5,
  });
  if (aborted) throw new NotRenderable('the render was aborted');
  if (failed) throw new NotRenderable(failed);
  return { html: result, state: client.extract() as Record<string, unknown> };
}
