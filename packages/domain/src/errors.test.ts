import { DomainError, isDomainError } from './errors';

describe('DomainError', () => {
  it('carries a code, a message and an optional field', () => {
    const error = new DomainError('INVALID_AMOUNT', 'Invalid amount: "x"', 'price');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.field).toBe('price');
    expect(error.message).toBe('Invalid amount: "x"');
    expect(error.stack).toEqual(expect.any(String));
  });

  it('field is optional', () => {
    expect(new DomainError('X', 'y').field).toBeUndefined();
  });

  it('isDomainError narrows, optionally on a code', () => {
    const error: unknown = new DomainError('INVALID_SEMVER', 'bad');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'INVALID_SEMVER')).toBe(true);
    expect(isDomainError(error, 'INVALID_AMOUNT')).toBe(false);
    expect(isDomainError(new Error('plain'))).toBe(false);
    expect(isDomainError({ code: 'INVALID_SEMVER' })).toBe(false);
  });
});
