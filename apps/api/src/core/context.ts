import type { Request, Response } from 'express';
import type { PrismaClient, PlatformRole } from '@wk/db';
import type { AppConfig } from './config';
import type { Clock } from './clock';
import { createLoaders, type Loaders } from './loaders';
import type { Services } from './services';

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
  /** Present for HTTP requests (cookies); absent for jobs and direct calls. */
  res?: Response;
  req?: Request;
}

export interface BaseDeps {
  prisma: PrismaClient;
  config: AppConfig;
  clock: Clock;
  services: Services;
}

/** A context for code that runs outside a request (jobs, scripts, tests), optionally as a user. */
export function systemContext(deps: BaseDeps, user: AuthUser | null = null): Context {
  return { ...deps, user, sessionId: null, meta: { ip: null, userAgent: 'system' }, loaders: createLoaders(deps.prisma) };
}
