/**
 * What every REST route shares (README "REST endpoints"): the error body `{ errors: [{ code, message,
 * field }] }`, the header that proves a cookie-authenticated upload came from our own web app (a
 * cross-site form cannot set it), and the HTTP status of an AppError. The request's context (who is
 * calling) comes from `requestContext` in the auth module, the same one the GraphQL API uses.
 */
import type { Request, Response } from 'express';
import { respondToOutage } from './database-errors';
import { AppError } from './errors';
import { maskedMessage } from './logger';

/** Uploads made with a session cookie must send `x-wk-upload: 1` (CSRF protection for multipart/raw bodies). */
export const UPLOAD_HEADER = 'x-wk-upload';

export interface ApiError {
  code: string;
  message: string;
  field: string | null;
  /** For artifact problems: the zip entry at fault. */
  entry?: string;
}

/** The client's address as the request context records it. */
export function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}

/** Sends a JSON body; `close` ends the connection (after a refused upload whose body we did not read). */
export function sendJson(res: Response, status: number, body: object, close = false): void {
  if (close) res.setHeader('Connection', 'close');
  res.status(status).json(body);
}

/**
 * Refuses a request with one error, discarding the body we will not read and closing the connection.
 * `extra` adds fields beside `errors` (e.g. `{ surface: null }` for a payload-shaped answer).
 */
export function refuse(req: Request, res: Response, status: number, error: ApiError, extra: object = {}): void {
  req.resume();
  sendJson(res, status, { ...extra, errors: [error] }, true);
}

/** The HTTP status of a thrown AppError: NOT_FOUND 404, FORBIDDEN 403, UNAUTHENTICATED 401, else 400. */
export function httpStatusOf(e: AppError): number {
  const code = e.extensions.code;
  return code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : 400;
}

/**
 * An express handler for an async JSON route. What the handler throws is answered for it: a database
 * outage with 503 and Retry-After; anything else is logged with the request id and answered with a
 * masked 500 (`failure` says what could not be done), or the connection is cut if the answer had begun.
 * `close` discards an unread request body (uploads); `extra` adds fields beside `errors`.
 */
export function jsonRoute(
  label: string,
  handler: (req: Request, res: Response) => Promise<void>,
  opts: { failure: string; close?: boolean; extra?: object },
): (req: Request, res: Response) => void {
  return (req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (respondToOutage(err, res)) {
        if (opts.close) req.resume();
        return;
      }
      req.log.error({ err }, `${label} failed`);
      if (res.headersSent) return void res.destroy();
      const error: ApiError = { code: 'INTERNAL_SERVER_ERROR', message: maskedMessage(String(req.id), opts.failure), field: null };
      sendJson(res, 500, { ...opts.extra, errors: [error] }, opts.close ?? false);
    });
  };
}

/**
 * An express handler for a signed-in document download (a printable receipt, an invoice PDF). The
 * file name must match `pattern` (its first group is the document number) or the answer is 404 with
 * `notFound`; anonymous callers get 401; the handler's AppErrors become their HTTP status with their
 * message (another org's document is NOT_FOUND, a missing permission FORBIDDEN); a database outage is
 * 503; anything else a masked 500. Documents are never cached (`private, no-store`).
 */
export function documentRoute<C extends { user: unknown }>(opts: {
  label: string;
  pattern: RegExp;
  notFound: string;
  context: (req: Request, res: Response) => Promise<C>;
  send: (ctx: C, number: string, req: Request, res: Response) => Promise<void>;
}): (req: Request, res: Response) => void {
  return (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    const match = opts.pattern.exec(String(req.params.file ?? ''));
    if (!match) return void res.status(404).type('text/plain').send(opts.notFound);
    const run = async () => {
      const ctx = await opts.context(req, res);
      if (!ctx.user) return void res.status(401).type('text/plain').send('Sign in to continue.');
      await opts.send(ctx, match[1]!, req, res);
    };
    run().catch((e: unknown) => {
      if (e instanceof AppError) return void res.status(httpStatusOf(e)).type('text/plain').send(e.message);
      if (respondToOutage(e, res)) return;
      req.log.error({ err: e }, `${opts.label} could not be rendered`);
      res
        .status(500)
        .type('text/plain')
        .send(maskedMessage(String(req.id)));
    });
  };
}
