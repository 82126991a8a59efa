import express, { type Express, type Request } from 'express';
import path from 'node:path';
import fs from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { BaseDeps, Context } from './core/context';
import { createLoaders } from './core/loaders';
import { formatError } from './core/errors';
import { enterRequestScope, maskedMessage, requestLogging, rootLogger } from './core/logger';
import { getSchema } from './core/schema';
import { costLimitPlugin, depthLimit } from './core/limits';
import { resolveSession } from './modules/auth/session';
import { mountRestRoutes } from './rest';

export interface App {
  app: Express;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}

/** Builds a context for one HTTP request (session cookie → user). */
export async function contextForRequest(deps: BaseDeps, req: Request, res: express.Response): Promise<Context> {
  const session = await resolveSession(deps.prisma, req, deps.clock.now());
  return {
    ...deps,
    logger: req.log,
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    meta: { ip: clientIp(req), userAgent: req.get('user-agent')?.slice(0, 500) ?? null },
    loaders: createLoaders(deps.prisma),
    req,
    res,
  };
}

export async function createApp(deps: BaseDeps): Promise<App> {
  const schema = await getSchema();
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    csrfPrevention: true,
    introspection: deps.config.graphqlIntrospection,
    validationRules: [depthLimit(deps.config.maxQueryDepth)],
    plugins: [costLimitPlugin(deps.config.maxQueryCost), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  if (deps.config.trustProxy) app.set('trust proxy', true);
  // Request id + one access line per request (core/logger.ts).
  app.use(requestLogging(deps.logger ?? rootLogger()));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.prisma.$queryRaw`SELECT 1`;
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    enterRequestScope,
    expressMiddleware(apollo, { context: async ({ req, res }) => contextForRequest(deps, req, res) }),
  );

  mountRestRoutes(app, deps);

  const dist = deps.config.webDistDir;
  if (dist && fs.existsSync(path.join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET that accepts HTML gets the app shell.
    app.get(/^\/(?!graphql|api\/|healthz).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.sendFile(path.join(dist, 'index.html'));
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
