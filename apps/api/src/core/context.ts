import type { Request, Response } from 'express';
import type { PrismaClient, PlatformRole } from '@wk/db';
import type { AppConfig } from './config';
import type { Clock } from './clock';
import { createLoaders, type Loaders } from './loaders';
import type { Services } from './services';
import { rootLogger, type Logger } from './logger';

export interface AuthUser {
  id: number;
  email: string;
  name: string;
  platformRole: PlatformRole;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Context {
  prisma: PrismaClient;
  config: AppConfig;
  clock: Clock;
  services: Services;
  user: AuthUser | null;
  sessionId: number | null;
  meta: RequestMeta;
  loaders: Loaders;
  /** This request's logger (its lines carry the request id), or the process's. */
  logger?: Logger;
  /** Present for HTTP requests (cookies); absent for jobs and direct calls. */
  res?: Response;
  req?: Request;
}

export interface BaseDeps {
  prisma: PrismaClient;
  config: AppConfig;
  clock: Clock;
  services: Services;
  /** The process's logger (default: the root logger, see core/logger.ts). */
  logger?: Logger;
}

/** A context for code that runs outside a request (jobs, scripts, tests), optionally as a user. */
export function systemContext(deps: BaseDeps, user: AuthUser | null = null): Context {
  return {
    ...deps,
    logger: deps.logger ?? rootLogger(),
    user,
    sessionId: null,
    meta: { ip: null, userAgent: 'system' },
    loaders: createLoaders(deps.prisma),
  };
}
