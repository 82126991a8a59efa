import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';
import path from 'node:path';
import fs from 'node:fs';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable, OUTAGE_MESSAGE, OUTAGE_RETRY_AFTER_SECONDS, respondToOutage } from './core/database-errors';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { BaseDeps, Context } from './core/context';
import { formatError } from './core/errors';
import { enterRequestScope, maskedMessage, requestLogging, rootLogger } from './core/logger';
import { getSchema } from './core/schema';
import { queryLimitsPlugin } from './core/limits';
import { restPathGuard } from './core/input-guard';
import { PgRateLimiter, rateLimitHeaders } from './core/rate-limit';
import { isHttps, requestContext, resolveSession, type WithSession } from './modules/auth';
import { clientIp } from './core/rest';
import { mountRestRoutes } from './rest';
import { webShell } from './web-shell';

export interface App {
  app: Express;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

/**
 * The web app's Content-Security-Policy: scripts only from the app's own origin, no inline
 * scripts, no plugins, no framing. Styles allow inline: Mantine writes its theme variables in a
 * <style> element (styles cannot run code).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function sendGraphqlError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/** A GraphQL error for "the database is unreachable": HTTP 503 with Retry-After. */
function outageError(): GraphQLError {
  return new GraphQLError(OUTAGE_MESSAGE, {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new HeaderMap([['retry-after', String(OUTAGE_RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/** A response carrying a SERVICE_UNAVAILABLE error (formatError) is sent as 503 with Retry-After. */
function outageStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

/** Whether a response body is an HTML document (starts with `<`, after any leading whitespace). */
function isHtml(body: string | Buffer): boolean {
  for (let i = 0; i < body.length && i < 64; i++) {
    const c = typeof body === 'string' ? body.charCodeAt(i) : body[i]!;
    if (c === 0x3c) return true;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return false;
  }
  return false;
}

export async function createApp(deps: BaseDeps): Promise<App> {
  const schema = await getSchema();
  const introspection = deps.config.graphqlIntrospection;
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    introspection,
    // Without introspection, errors do not hint at the schema either ("Did you mean …?").
    hideSchemaDetailsFromClientErrors: !introspection,
    formatError: (formatted, error) => formatError(formatted, error, { hideSchemaDetails: !introspection }),
    // No HTTP cache hints are used; Apollo's default cache-control plugin wraps every field resolver
    // (−27 % req/s on the catalog, issue 16), so it is off.
    plugins: [
      queryLimitsPlugin(deps.config.maxQueryDepth, deps.config.maxQueryCost),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      outageStatusPlugin(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // ETags for HTML only (the app shell, which a browser revalidates). The API's JSON answers are POSTs
  // (GraphQL) or `no-store` (instance API): hashing every body gave no client anything (issue 16).
  const weakEtag = app.get('etag fn') as (body: string | Buffer, encoding?: BufferEncoding) => string;
  app.set('etag', (body: string | Buffer, encoding?: BufferEncoding) => (isHtml(body) ? weakEtag(body, encoding) : undefined));
  // Dynamic responses (GraphQL JSON, the app shell) compressed when the client accepts it; the web
  // build's files are precompressed and served as they are (below).
  // A client that sends no Accept-Encoding gets identity whatever we do: it skips compression's
  // wrapping of the response (the instance API's machine clients, issue 16).
  const compress = compression({ threshold: 1024 });
  app.use((req, res, next) => (req.headers['accept-encoding'] ? compress(req, res, next) : next()));
  if (deps.config.trustProxy) app.set('trust proxy', true);
  // Request id + one access line per request (core/logger.ts).
  app.use(requestLogging(deps.logger ?? rootLogger()));
  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    if (isHttps(req)) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  // Control characters and oversized values in the URL are refused before any route sees them.
  app.use(restPathGuard);

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.prisma.$queryRaw`SELECT 1`;
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  });

  const limiter = new PgRateLimiter(deps.prisma);
  const { graphqlRateLimitPerUser: perUser, graphqlRateLimitPerIp: perIp, graphqlRateWindowMs: windowMs } = deps.config;
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    // A body that is not JSON (or too large) is a GraphQL-shaped error, never the default HTML page.
    (err: unknown, _req: Request, res: Response, next: NextFunction) => {
      const e = err as { type?: string };
      if (e?.type === 'entity.parse.failed') return sendGraphqlError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
      if (e?.type === 'entity.too.large') return sendGraphqlError(res, 413, 'BAD_REQUEST', 'The request body is too large.');
      next(err);
    },
    enterRequestScope,
    // Rate limit per user and per IP, counted in PostgreSQL (shared by every replica).
    async (req: WithSession, res: Response, next: NextFunction) => {
      try {
        const now = deps.clock.now();
        const session = await resolveSession(deps.prisma, req, now);
        req.wkSession = session;
        const ip = clientIp(req) ?? 'unknown';
        const rules = [
          { key: `gql:ip:${ip}`, limit: perIp, windowMs },
          ...(session ? [{ key: `gql:user:${session.user.id}`, limit: perUser, windowMs }] : []),
        ];
        const decisions = await limiter.take(rules, now);
        const denied = decisions.filter((d) => !d.allowed).sort((a, b) => b.retryAfterSeconds - a.retryAfterSeconds)[0];
        const shown = denied ?? decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
        for (const [h, v] of Object.entries(rateLimitHeaders(shown))) res.setHeader(h, v);
        if (denied) {
          const who = denied.key.startsWith('gql:user:') ? 'per user' : 'per IP address';
          return sendGraphqlError(
            res,
            429,
            'TOO_MANY_REQUESTS',
            `Too many requests: at most ${denied.limit} per ${Math.round(windowMs / 1000)} s ${who}. Try again in ${denied.retryAfterSeconds} s.`,
            { retryAfterSeconds: denied.retryAfterSeconds },
          );
        }
        next();
      } catch (e) {
        // No session or limit lookup without a database: an honest 503, not a masked 500.
        if (isDatabaseUnavailable(e)) {
          res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
          return sendGraphqlError(res, 503, 'SERVICE_UNAVAILABLE', OUTAGE_MESSAGE, { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS });
        }
        next(e);
      }
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          return await requestContext(deps, req, res);
        } catch (e) {
          // No session lookup without a database: an honest 503, not a masked 500.
          if (isDatabaseUnavailable(e)) throw outageError();
          throw e;
        }
      },
    }),
  );

  mountRestRoutes(app, deps);
  // Last resort for REST routes that pass errors on: an outage is a 503 with Retry-After.
  app.use((err: unknown, _req: Request, res: express.Response, next: express.NextFunction) => {
    if (respondToOutage(err, res)) return;
    next(err);
  });

  const dist = deps.config.webDistDir;
  if (dist && fs.existsSync(path.join(dist, 'index.html'))) {
    // Precompressed files from the web build (.br, .gz); hashed assets are immutable, the rest revalidates.
    app.use(
      expressStaticGzip(dist, {
        index: false,
        enableBrotli: true,
        orderPreference: ['br', 'gz'],
        serveStatic: {
          setHeaders(res, file) {
            res.setHeader(
              'Cache-Control',
              file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
            );
          },
        },
      }),
    );
    // Client-side routes: every other GET that accepts HTML gets the app shell, with the first page's
    // data (web-shell.ts). A missing hashed asset is a 404, never the shell (a stale chunk after a release).
    const shell = webShell(dist, deps, apollo, limiter);
    app.get(/^\/(?!graphql|api\/|healthz|assets\/).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      shell.send(req, res).catch(next);
    });
  }

  // Whatever no route handled: client errors keep their status; anything else is logged with its
  // stack and masked, quoting the request id.
  app.use((err: unknown, req: Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json({ errors: [{ code: 'BAD_REQUEST', message: 'The request could not be read.' }] });
    }
    req.log.error({ err }, 'unexpected error');
    res.status(500).json({ errors: [{ code: 'INTERNAL_SERVER_ERROR', message: maskedMessage(String(req.id)), requestId: req.id }] });
  });

  return {
    app,
    apollo,
    async stop() {
      await apollo.stop();
    },
  };
}
