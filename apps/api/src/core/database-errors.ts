/**
 * Telling "the database is unreachable" from every other failure, so clients get an honest
 * 503 + Retry-After during an outage (not a masked 500), and code that must not guess (checkout
 * after an authorization) knows the outcome of a write is unknown.
 */

/** Seconds a client should wait before retrying while the database is unreachable. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** Prisma engine/connection error codes that mean "no database right now". */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/** SQLSTATE classes/codes: 08 connection exception, 57P01-57P03 shutdown/cannot connect now, 53300 too many connections. */
const SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
/** Prisma driver-adapter error kinds (`DriverAdapterError.cause.kind`). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const MESSAGES =
  /(Can't reach database server|Connection terminated|connection terminated|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|Server has closed the connection|Client has encountered a connection error|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Connection is closed|Timed out fetching a new connection)/;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    originalError?: unknown;
    meta?: { driverAdapterError?: unknown };
    errors?: unknown[];
    name?: unknown;
    kind?: unknown;
    originalCode?: unknown;
  };
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === 'string' && SQLSTATE.test(e.originalCode)) return true;
  if (e.name === 'DatabaseUnavailableError') return true;
  if (typeof e.code === 'string' && (PRISMA_CODES.has(e.code) || SQLSTATE.test(e.code) || NODE_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  const nested = [e.cause, e.originalError, e.meta?.driverAdapterError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return nested.some((n) => isDatabaseUnavailable(n, depth + 1));
}

/** What a client is told while the database is unreachable. */
export const OUTAGE_MESSAGE = 'The service is temporarily unavailable (database unreachable). Retry in a few seconds.';

/**
 * REST: answers 503 + Retry-After when `error` is a database outage and nothing was sent yet.
 * Returns whether it answered (the caller handles every other error as before).
 */
export function respondToOutage(
  error: unknown,
  res: {
    headersSent: boolean;
    status(code: number): unknown;
    setHeader(name: string, value: string): unknown;
    json(body: unknown): unknown;
  },
): boolean {
  if (!isDatabaseUnavailable(error) || res.headersSent) return false;
  res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
  res.status(503);
  res.json({
    errors: [{ code: 'SERVICE_UNAVAILABLE', message: OUTAGE_MESSAGE, field: null, retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS }],
  });
  return true;
}
