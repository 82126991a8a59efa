/**
 * Structured logs (README "Logs"): pino, JSON lines by default, pino-pretty on a terminal, the level
 * from LOG_LEVEL. Every HTTP request gets a request id (a sane incoming `X-Request-Id`, or a new
 * UUID) that is returned in the `X-Request-Id` header, carried by every log line of that request
 * (`reqId`) and quoted in masked error messages, so support can find the line from what a user saw.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import pretty from 'pino-pretty';
import type { LogLevel } from './config';

export type { Logger };

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** Incoming ids we keep: short, and only characters that are safe in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface LoggerOptions {
  level: LogLevel;
  pretty: boolean;
}

/** The process's logger: JSON lines to stdout, or pretty lines; tests pass their own destination. */
export function createLogger(opts: LoggerOptions, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Never log credentials, even if a header object reaches a log call.
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-instance-secret"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  if (opts.pretty) {
    return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
  }
  return pino(options);
}

let root: Logger = pino({ level: 'silent' });

/** The process-wide logger (silent until the server or worker installs the configured one). */
export function rootLogger(): Logger {
  return root;
}

export function setRootLogger(logger: Logger): void {
  root = logger;
}

interface RequestScope {
  id: string;
  log: Logger;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** The request being served (id and its logger), when there is one. */
export function currentRequest(): RequestScope | undefined {
  return scope.getStore();
}

/** The current request's logger, else the process's. */
export function currentLogger(): Logger {
  return scope.getStore()?.log ?? root;
}

/** "Internal server error (request id X)." — what a client sees instead of an unexpected error. */
export function maskedMessage(requestId: string | undefined, text = 'Internal server error'): string {
  return requestId ? `${text} (request id ${requestId}).` : `${text}.`;
}

type Req = IncomingMessage & { id?: unknown; originalUrl?: string };

/**
 * pino-http: assigns the request id, sets the response header, attaches `req.log`, and writes one
 * access line per request when the response finishes (info; warn for 4xx; error for 5xx).
 */
export function requestLogging(logger: Logger): RequestHandler[] {
  const http = pinoHttp<IncomingMessage, ServerResponse>({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'reqId', responseTime: 'ms' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${(req as Req).originalUrl ?? req.url} ${res.statusCode} ${Math.round(ms)} ms`,
    customErrorMessage: (req, res, err) => `${req.method} ${(req as Req).originalUrl ?? req.url} ${res.statusCode} failed: ${err.message}`,
    serializers: {
      req: (req: { method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers?.['user-agent'],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return [http as unknown as RequestHandler, enterRequestScope];
}

/**
 * Makes the request's id and logger reachable from code that has no `req` (GraphQL's error
 * formatter). Mounted after pino-http, and again after body parsers, whose callbacks run outside
 * the async context in which the request arrived.
 */
export function enterRequestScope(req: Request, _res: Response, next: NextFunction): void {
  scope.run({ id: String(req.id), log: req.log }, next);
}
