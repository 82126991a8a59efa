import { isDomainError } from '@wk/domain';
import { UserError, UserErrorsException } from '../../core/errors';

/**
 * Runs a service call for a mutation payload: expected failures (UserErrorsException thrown
 * anywhere in the call, including inside a rolled-back transaction, or a DomainError from
 * @wk/domain) become `errors`; protocol errors (NOT_FOUND, FORBIDDEN…) propagate.
 */
export async function toPayload<R extends object>(
  fn: () => Promise<R>,
  empty: { [K in keyof R]: R[K] | null },
): Promise<{ [K in keyof R]: R[K] | null } & { errors: UserError[] }> {
  try {
    const result = await fn();
    return { ...result, errors: [] };
  } catch (e) {
    if (e instanceof UserErrorsException) return { ...empty, errors: e.errors };
    if (isDomainError(e)) return { ...empty, errors: [new UserError(e.code, e.message, e.field ?? null)] };
    throw e;
  }
}

/** Collects field errors and throws them all at once. */
export class ErrorBag {
  readonly errors: UserError[] = [];
  add(code: string, message: string, field?: string | null): this {
    this.errors.push(new UserError(code, message, field ?? null));
    return this;
  }
  get empty(): boolean {
    return this.errors.length === 0;
  }
  throwIfAny(): void {
    if (this.errors.length) throw new UserErrorsException(this.errors);
  }
}

export function fail(code: string, message: string, field?: string | null): never {
  throw new UserErrorsException([new UserError(code, message, field ?? null)]);
}

/** Trims; empty → null. */
export function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}
