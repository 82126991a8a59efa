/**
 * A business-rule violation raised by the domain layer.
 *
 * `code` is a stable, machine-readable identifier (e.g. `INVALID_AMOUNT`) that the API maps onto
 * its error enums; `field` optionally names the input the error is about, so forms can show it
 * next to the right control.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Type guard for {@link DomainError}, also narrowing on a specific `code` when given. */
export function isDomainError(value: unknown, code?: string): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}

/**
 * An expected business failure returned in a payload rather than thrown
 * (`errors: [UserError!]!` in the API), e.g. "coupon expired".
 */
export interface UserError<Code extends string = string> {
  code: Code;
  /** The input the error refers to, or null when it concerns the request as a whole. */
  field: string | null;
  message: string;
}
