import type { Request, Response } from 'express';
import type { BaseDeps, Context } from '../../core/context';
import { createLoaders } from '../../core/loaders';
import { clientIp } from '../../core/rest';
import { resolveSession } from './session';

export type Session = Awaited<ReturnType<typeof resolveSession>>;
/** A request whose session the rate limiter already looked up (so it is resolved once per request). */
export type WithSession = Request & { wkSession?: Session };

/**
 * The context of one HTTP request, GraphQL or REST: the session cookie → user (null when signed out),
 * the request's logger (its lines carry the request id), the client's IP and user agent, fresh loaders.
 */
export async function requestContext(deps: BaseDeps, req: Request, res: Response): Promise<Context> {
  const known = (req as WithSession).wkSession;
  const session = known !== undefined ? known : await resolveSession(deps.prisma, req, deps.clock.now());
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
