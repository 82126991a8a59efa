import type { MiddlewareFn } from 'type-graphql';
import type { NextFunction, Request, Response } from 'express';
import { badInput } from './errors';

/**
 * The one input layer at the boundary (issue 12, "Validate at the boundary"). Every string that
 * reaches a resolver (any argument, at any depth of an input object or list) or a REST handler
 * (path, query string, JSON body) is checked here before any service or SQL sees it:
 *   - control characters are refused: NUL and the rest of C0, DEL and C1 (tab, line feed and
 *     carriage return stay allowed: they are ordinary text in notes and descriptions);
 *   - its length is capped per field name (`FIELD_CAPS`, else `DEFAULT_CAP`).
 * A refusal is BAD_USER_INPUT (GraphQL) or HTTP 400 (REST) naming the field; nothing is written.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Characters per string argument unless its field name is listed below. */
export const DEFAULT_CAP = 1_000;

/** Caps per argument / input field name (the last segment of its path). */
export const FIELD_CAPS: Record<string, number> = {
  // Long free text.
  description: 20_000,
  changelog: 20_000,
  body: 20_000,
  notes: 10_000,
  securityScanNotes: 10_000,
  codeReviewNotes: 10_000,
  performanceNotes: 10_000,
  errorMessage: 10_000,
  stackTrace: 20_000,
  message: 10_000,
  reason: 2_000,
  // Identifiers and single-line values.
  email: 254,
  userEmail: 254,
  supportEmail: 254,
  password: 1_024,
  name: 200,
  slug: 100,
  moduleSlug: 100,
  search: 200,
  code: 100,
  couponCode: 100,
  idempotencyKey: 200,
  token: 200,
  after: 500,
  iconUrl: 2_048,
  website: 2_048,
  termsUrl: 2_048,
  installPath: 1_000,
};

export function capFor(field: string): number {
  return FIELD_CAPS[field] ?? DEFAULT_CAP;
}

export interface InputProblem {
  field: string;
  message: string;
}

/** The first problem in a value (strings checked at every depth), or null. `path` names the field. */
export function inputProblem(value: unknown, path: string, leaf: string, depth = 0): InputProblem | null {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) return { field: path, message: `${path} contains a control character (such as NUL), which is not allowed.` };
    const cap = capFor(leaf);
    if (value.length > cap) return { field: path, message: `${path} is too long: at most ${cap} characters.` };
    return null;
  }
  if (value === null || typeof value !== 'object' || depth > 20) return null;
  if (Array.isArray(value)) {
    if (value.length > 1_000) return { field: path, message: `${path} has too many items: at most 1000.` };
    for (let i = 0; i < value.length; i++) {
      const p = inputProblem(value[i], `${path}[${i}]`, leaf, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (CONTROL.test(k) || k.length > 200) return { field: path, message: `${path} has an invalid field name.` };
    const p = inputProblem(v, path ? `${path}.${k}` : k, k, depth + 1);
    if (p) return p;
  }
  return null;
}

/** type-graphql global middleware: every field's arguments, before its resolver (and before any SQL). */
export const InputGuard: MiddlewareFn = ({ args }, next) => {
  if (args) {
    for (const key in args) {
      const p = inputProblem(args[key], key, key);
      if (p) throw badInput(p.message, p.field);
    }
  }
  return next();
};

function sendBadInput(res: Response, p: InputProblem): void {
  res.status(400).json({ error: { code: 'BAD_INPUT', message: p.message, field: p.field } });
}

/** Express: the path and query string of every request (before routing). */
export function restPathGuard(req: Request, res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return sendBadInput(res, { field: 'path', message: 'The URL is not valid (bad percent-encoding).' });
  }
  if (CONTROL.test(path)) return sendBadInput(res, { field: 'path', message: 'The URL contains a control character.' });
  if (path.length > 2_048) return sendBadInput(res, { field: 'path', message: 'The URL is too long.' });
  const q = req.query as Record<string, unknown>;
  for (const k of Object.keys(q)) {
    const p = inputProblem(q[k], k, k);
    if (p) return sendBadInput(res, p);
  }
  next();
}

/** Express: a parsed JSON body (mount after express.json()). REST bodies get the same rules as GraphQL. */
export function restBodyGuard(req: Request, res: Response, next: NextFunction): void {
  const p = req.body === undefined ? null : inputProblem(req.body, '', '');
  if (p) return sendBadInput(res, { ...p, field: p.field || 'body' });
  next();
}
