import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';

/** The `extensions.code` values the API throws (HOUSE_STYLE "Errors"). */
export type ProtocolErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'TOO_MANY_REQUESTS' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR';

export function errorCodes(error: unknown): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.map((e) => String(e.extensions?.code ?? '')).filter(Boolean);
}

export function hasErrorCode(error: unknown, code: ProtocolErrorCode): boolean {
  return errorCodes(error).includes(code);
}

/** A sentence a person can act on; never a stack trace or raw server text for unknown failures. */
export function describeError(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    switch (first?.extensions?.code) {
      case 'UNAUTHENTICATED':
        return 'Your session has ended. Sign in again to continue.';
      case 'FORBIDDEN':
        return first.message || 'You do not have permission to do this.';
      case 'INTERNAL_SERVER_ERROR':
        return 'Something went wrong on our side. Try again in a moment.';
      default:
        return first?.message ?? 'The request failed.';
    }
  }
  if (ServerError.is(error)) {
    return error.statusCode >= 500
      ? 'The server is not answering properly right now. Try again in a moment.'
      : `The request was refused (HTTP ${error.statusCode}).`;
  }
  if (ServerParseError.is(error)) return 'The server sent an answer we could not read. Try again in a moment.';
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection and try again.';
  return 'Something went wrong. Try again.';
}
