import express, { type Express, type Request } from 'express';
import path from 'node:path';
import fs from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { BaseDeps, Context } from './core/context';
import { createLoaders } from './core/loaders';
import { formatError } from './core/errors';
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

  return {
    app,
    apollo,
    async stop() {
      await apollo.stop();
    },
  };
}
