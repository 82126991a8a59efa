/**
 * Structured logs (README "Logs"): pino, JSON lines by default, pino-pretty on a terminal, the level
 * from LOG_LEVEL. Every HTTP request gets a request id (a sane incoming `X-Request-Id`, or a new
 * UUID) that is returned in the `X-Request-Id` header, carried by every log line of that request
 * (`reqId`) and quoted in masked error messages, so support can find the line from what a user saw.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
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

declare module 'http' {
  interface IncomingMessage {
    /** The request id (requestLogging). */
    id: string;
    /** The request's logger: its lines carry `reqId` (requestLogging). */
    log: Logger;
  }
}

type Level = 'info' | 'warn' | 'error';

/**
 * Assigns the request id, sets the response header, attaches `req.log` (a child logger with `reqId`), and writes
 * one access line per request when the response finishes or the connection closes first: info; warn for 4xx;
 * error for 5xx, with `err`. The line: `reqId`, `req` { method, url, remoteAddress, userAgent }, `res` { statusCode },
 * `ms` and the message "POST /graphql 200 3 ms" (what pino-http wrote with our options; written here without its
 * per-request child loggers and request serialisation, which every request paid even when the line was not
 * written, issue 16).
 */
export function requestLogging(logger: Logger): RequestHandler[] {
  const access = (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, id);
    req.id = id;
    const log = logger.child({ reqId: id });
    req.log = log;
    const start = Date.now();
    const request = {
      method: req.method,
      url: req.originalUrl ?? req.url,
      remoteAddress: req.socket.remoteAddress,
      userAgent: req.headers['user-agent'],
    };
    const done = (err?: Error) => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      const status = res.statusCode;
      const level: Level = err || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!log.isLevelEnabled(level)) return;
      const ms = Date.now() - start;
      if (err || status >= 500) {
        const error = err ?? new Error(`failed with status code ${status}`);
        log[level](
          { req: request, res: { statusCode: status }, err: error, ms },
          `${request.method} ${request.url} ${status} failed: ${error.message}`,
        );
      } else {
        log[level]({ req: request, res: { statusCode: status }, ms }, `${request.method} ${request.url} ${status} ${Math.round(ms)} ms`);
      }
    };
    res.on('close', done);
    res.on('finish', done);
    res.on('error', done);
    next();
  };
  return [access, enterRequestScope];
}

/**
 * Makes the request's id and logger reachable from code that has no `req` (GraphQL's error
 * formatter). Mounted after the access log (requestLogging), and again after body parsers, whose callbacks run outside
 * the async context in which the request arrived.
 */
export function enterRequestScope(req: Request, _res: Response, next: NextFunction): void {
  scope.run({ id: String(req.id), log: req.log }, next);
}
