/**
 * The web app's shell (index.html) with the first page's data inlined (issue 16): the storefront
 * renders the signed-in state, the catalog and a module page without waiting for their GraphQL
 * answers. The web build writes the exact documents the app sends (`shell-queries.json`, with
 * Apollo's `__typename`s); the server runs them for the requested path with the caller's own
 * context (the same authorization as a /graphql request, and a unit of the same rate limit), and
 * writes the results into a `<script type="application/json" id="wk-first-data">` element. The
 * app's Apollo link (apps/web/src/app/first-data-link.ts) answers an operation from it once, when
 * its name and variables match; otherwise the app asks the API as before.
 *
 * The JSON is escaped so that no string in it (a module name holding `</script>`) can end the
 * element: `<`, `>`, `&`, U+2028 and U+2029 are written as \u escapes. A data block is not run, so
 * the Content-Security-Policy (script-src 'self') is unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import type { ApolloServer } from '@apollo/server';
import type { BaseDeps, Context } from './core/context';
import type { PgRateLimiter } from './core/rate-limit';
import { clientIp } from './core/rest';
import { requestContext, resolveSession, type WithSession } from './modules/auth';

export const FIRST_DATA_ELEMENT_ID = 'wk-first-data';
export const SHELL_QUERIES_FILE = 'shell-queries.json';

/** One operation the app will send, with the variables it will send them with. */
export interface ShellOperation {
  operationName: string;
  variables: Record<string, unknown>;
}

/**
 * The catalog's first page as apps/web/src/areas/storefront/catalog/catalog-browser.tsx asks for it
 * at `/modules` without a query string (its default filters and sort, PAGE_SIZE cards). When the two
 * differ the app's link finds no match and the page asks the API itself: slower, never wrong. The
 * storefront journey (e2e catalog spec) checks that they match.
 */
export const CATALOG_FIRST_PAGE_VARIABLES = {
  filter: {
    search: null,
    software: null,
    coreVersion: null,
    category: null,
    type: null,
    planType: null,
    vendor: null,
    verifiedOnly: null,
  },
  sort: 'RELEVANCE',
  first: 12,
  withCompat: false,
  coreVersion: '0.0.0',
  software: null,
};

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** The operations whose answers the shell of this path carries. */
export function shellOperations(pathname: string, query: Record<string, unknown>): ShellOperation[] {
  const ops: ShellOperation[] = [{ operationName: 'CurrentUser', variables: {} }];
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/modules' && Object.keys(query).length === 0) {
    ops.push({ operationName: 'CatalogFacets', variables: {} });
    ops.push({ operationName: 'CatalogModules', variables: CATALOG_FIRST_PAGE_VARIABLES });
  }
  const module = /^\/modules\/([^/]+)$/.exec(p);
  if (module && module[1] !== 'preview' && SLUG.test(module[1]!)) {
    ops.push({ operationName: 'ModulePage', variables: { slug: module[1] } });
  }
  return ops;
}

/** JSON that cannot close the <script> element it sits in, nor be read as HTML. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface WebShell {
  /** Sends index.html for a client-side route, with the first data when the path has some. */
  send(req: Request, res: Response): Promise<void>;
}

export function webShell(dist: string, deps: BaseDeps, apollo: ApolloServer<Context>, limiter: PgRateLimiter): WebShell {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const queriesFile = path.join(dist, SHELL_QUERIES_FILE);
  const queries: Record<string, string> = fs.existsSync(queriesFile) ? JSON.parse(fs.readFileSync(queriesFile, 'utf8')) : {};
  const { graphqlRateLimitPerUser: perUser, graphqlRateLimitPerIp: perIp, graphqlRateWindowMs: windowMs } = deps.config;

  async function firstData(req: Request, res: Response) {
    const ops = shellOperations(req.path, req.query as Record<string, unknown>).filter((o) => queries[o.operationName]);
    if (!ops.length) return [];
    const now = deps.clock.now();
    const session = await resolveSession(deps.prisma, req, now);
    (req as WithSession).wkSession = session;
    // The same budget as /graphql: one unit per shell; over the limit, the app asks the API itself.
    const decisions = await limiter.take(
      [
        { key: `gql:ip:${clientIp(req) ?? 'unknown'}`, limit: perIp, windowMs },
        ...(session ? [{ key: `gql:user:${session.user.id}`, limit: perUser, windowMs }] : []),
      ],
      now,
    );
    if (decisions.some((d) => !d.allowed)) return [];
    const contextValue = await requestContext(deps, req, res);
    const out = [];
    for (const op of ops) {
      const r = await apollo.executeOperation(
        { query: queries[op.operationName], variables: op.variables, operationName: op.operationName },
        { contextValue },
      );
      if (r.body.kind !== 'single') continue;
      const { data, errors } = r.body.singleResult;
      // Only complete answers: an error (a missing module, say) is left for the page to ask and show.
      if (errors?.length || !data) continue;
      out.push({ operationName: op.operationName, variables: op.variables, data });
    }
    return out;
  }

  return {
    async send(req, res) {
      let operations: unknown[] = [];
      try {
        operations = await firstData(req, res);
      } catch (e) {
        // The shell never fails for its data: the app asks the API itself (and shows an outage).
        req.log.warn({ err: e }, 'first data for the app shell failed');
      }
      // Per caller (the signed-in state), revalidated on every visit.
      res.setHeader('Cache-Control', 'private, no-cache');
      res.type('html');
      const block = operations.length
        ? `<script type="application/json" id="${FIRST_DATA_ELEMENT_ID}">${jsonForScript({ operations })}</script>`
        : '';
      res.send(block ? html.replace('</body>', `${block}\n  </body>`) : html);
    },
  };
}
