import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  AuthenticationError,
  AuthorizationError,
  Field,
  ObjectType,
  registerEnumType,
  UseMiddleware,
  type MiddlewareFn,
} from 'type-graphql';
import { isDatabaseUnavailable, OUTAGE_MESSAGE, OUTAGE_RETRY_AFTER_SECONDS } from './database-errors';
import { currentLogger, currentRequest, maskedMessage } from './logger';

/**
 * Two kinds of failure (HOUSE_STYLE "Errors"):
 * - expected business failures are returned in payloads as `errors: [<Domain>Error!]!`, whose `code`
 *   is the domain's GraphQL enum (`defineUserErrorType` below);
 * - protocol failures are thrown and reach the client as GraphQL errors with `extensions.code`.
 *
 * `UserError` is the value services build; the GraphQL type a payload declares decides which enum
 * its `code` is serialised as.
 */
export class UserError {
  code!: string;
  field?: string | null;
  message!: string;

  constructor(code: string, message: string, field?: string | null) {
    this.code = code;
    this.message = message;
    this.field = field ?? null;
  }
}

/**
 * Codes every domain may return, spread into each domain's enum: a required input left empty, and
 * the value checks of @wk/domain money and rates (DomainError codes of `parseAmount`, `parseRate`,
 * `money`), which any service parsing client input can raise.
 */
export const CommonErrorCode = {
  REQUIRED: 'REQUIRED',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_RATE: 'INVALID_RATE',
  INVALID_CURRENCY: 'INVALID_CURRENCY',
} as const;

type CodeObject = Record<string, string>;

/** Thrown (and logged, masked for the client) when a service returns a code its domain's enum lacks. */
export class UnknownErrorCodeError extends Error {
  override readonly name = 'UnknownErrorCodeError';
  constructor(enumName: string, code: unknown) {
    super(`Error code ${JSON.stringify(code)} is not a value of ${enumName}: add it to the domain's <domain>.errors.ts.`);
  }
}

/**
 * The GraphQL type of one domain's payload errors, as in Saleor (`CheckoutError { code: CheckoutErrorCode! }`):
 * registers `<Domain>ErrorCode` (the domain's codes plus {@link CommonErrorCode}) and returns the
 * `<Domain>Error { code, field, message }` object type, to declare as `@Field(() => [CheckoutError]) errors!: UserError[]`.
 * A code outside the enum fails loudly with {@link UnknownErrorCodeError} naming it (a test would
 * see the masked INTERNAL_SERVER_ERROR); every code a service can return belongs in the enum.
 */
export function defineUserErrorType(domain: string, codes: CodeObject, description?: string) {
  const all: CodeObject = { ...CommonErrorCode, ...codes };
  for (const [k, v] of Object.entries(all)) {
    if (k !== v) throw new Error(`${domain}ErrorCode.${k} must equal its name (got ${v}).`);
  }
  const enumName = `${domain}ErrorCode`;
  registerEnumType(all, { name: enumName, description: description ?? `Codes of the expected failures of ${domain} mutations.` });
  const known = new Set(Object.values(all));
  const guard: MiddlewareFn = async (_data, next) => {
    const code: unknown = await next();
    if (typeof code !== 'string' || !known.has(code)) throw new UnknownErrorCodeError(enumName, code);
    return code;
  };

  @ObjectType(`${domain}Error`, {
    description: `An expected failure of a ${domain} mutation: a code of ${enumName}, the input field it concerns, a message.`,
  })
  class DomainUserError {
    @Field(() => all)
    @UseMiddleware(guard)
    code!: string;

    @Field(() => String, { nullable: true, description: 'Input field path, e.g. "input.couponCode".' })
    field?: string | null;

    @Field(() => String)
    message!: string;
  }
  Object.defineProperty(DomainUserError, 'name', { value: `${domain}Error` });
  return DomainUserError;
}

export type ProtocolCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'TOO_MANY_REQUESTS' | 'CONFLICT' | 'SERVICE_UNAVAILABLE';

export class AppError extends GraphQLError {
  constructor(code: ProtocolCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const unauthenticated = (msg = 'Sign in to continue.') => new AppError('UNAUTHENTICATED', msg);
export const forbidden = (msg = 'You do not have permission to do this.') => new AppError('FORBIDDEN', msg);
export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', `${what} not found.`);
export const badInput = (msg: string, field?: string) => new AppError('BAD_USER_INPUT', msg, field ? { field } : {});

/** Payload failures thrown from deep inside a service; resolvers turn them into `errors`. */
export class UserErrorsException extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export function userErrors(...errors: [code: string, message: string, field?: string][]): UserErrorsException {
  return new UserErrorsException(errors.map(([c, m, f]) => new UserError(c, m, f)));
}

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'TOO_MANY_REQUESTS',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
]);

type ValidationErrorLike = { property?: unknown; constraints?: unknown; children?: unknown };
function sanitizeValidationErrors(list: unknown): unknown {
  if (!Array.isArray(list)) return undefined;
  return (list as ValidationErrorLike[]).map((e) => ({
    property: e.property,
    constraints: e.constraints,
    ...(Array.isArray(e.children) && e.children.length ? { children: sanitizeValidationErrors(e.children) } : {}),
  }));
}

/**
 * The one place errors leave the server: known codes pass with their message; type-graphql's
 * argument validation becomes BAD_USER_INPUT; everything else is masked (no stack, no SQL).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  opts: { hideSchemaDetails?: boolean } = {},
): GraphQLFormattedError {
  const out = formatKnown(formatted, error);
  // With introspection off, no hint at the schema: "Did you mean …?" suggestions are dropped
  // (validation and variable coercion both make them).
  if (opts.hideSchemaDetails && / ?Did you mean .+\?/.test(out.message)) {
    return { ...out, message: out.message.replace(/ ?Did you mean .+?\?(?=$|\s)/g, '').trim() };
  }
  return out;
}

function formatKnown(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error) as { name?: string; message?: string; extensions?: Record<string, unknown> } | undefined;
  const code = formatted.extensions?.code as string | undefined;
  if (original?.name === 'ArgumentValidationError') {
    return {
      message: 'Invalid input.',
      path: formatted.path,
      extensions: {
        code: 'BAD_USER_INPUT',
        // Which field broke which rule; never the submitted values back (`target`, `value`).
        validationErrors: sanitizeValidationErrors(
          (original as { extensions?: { validationErrors?: unknown } }).extensions?.validationErrors,
        ),
      },
    };
  }
  if (isDatabaseUnavailable(original)) {
    // An outage, not a bug: the client may retry (the HTTP status becomes 503 + Retry-After, see app.ts).
    return {
      message: OUTAGE_MESSAGE,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS },
    };
  }
  if (original instanceof AuthenticationError) {
    return { message: 'Sign in to continue.', path: formatted.path, extensions: { code: 'UNAUTHENTICATED' } };
  }
  if (original instanceof AuthorizationError) {
    return { message: 'You do not have permission to do this.', path: formatted.path, extensions: { code: 'FORBIDDEN' } };
  }
  if (code && KNOWN_CODES.has(code)) {
    const { stacktrace: _s, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: ext };
  }
  // Unexpected: logged with its stack in every mode, masked for the client with the request id.
  const request = currentRequest();
  currentLogger().error({ err: original ?? error, path: formatted.path }, 'unexpected GraphQL error');
  return {
    message: maskedMessage(request?.id),
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(request ? { requestId: request.id } : {}) },
  };
}
