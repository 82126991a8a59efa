import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { fieldName, payloadErrorsFromException, useFormErrors } from './form-errors';

describe('fieldName', () => {
  it('strips the input prefix the API puts on payload fields', () => {
    expect(fieldName('input.couponCode')).toBe('couponCode');
    expect(fieldName('input.lines.0.planId')).toBe('lines.0.planId');
    expect(fieldName('slug')).toBe('slug');
    expect(fieldName(null)).toBeNull();
    expect(fieldName('')).toBeNull();
  });
});

describe('payloadErrorsFromException', () => {
  it('turns argument validation into one error per field, in words people read', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        {
          message: 'Argument Validation Error',
          extensions: {
            code: 'BAD_USER_INPUT',
            validationErrors: [
              { property: 'email', constraints: { isEmail: 'email must be an email' } },
              { property: 'name', constraints: { maxLength: 'name must be shorter than or equal to 80 characters' } },
            ],
          },
        },
      ],
    });
    expect(payloadErrorsFromException(error)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'email', message: 'Enter a valid e-mail address.' },
      { code: 'BAD_USER_INPUT', field: 'name', message: 'Use at most 80 characters.' },
    ]);
  });

  it('keeps the message of a known code, with its field', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'That slug is taken.', extensions: { code: 'SLUG_TAKEN', field: 'slug' } }],
    });
    expect(payloadErrorsFromException(error)).toEqual([{ code: 'SLUG_TAKEN', field: 'slug', message: 'That slug is taken.' }]);
  });

  it('never shows the text of an internal error', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'relation "x" does not exist at /srv/app.js:10', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    const [e] = payloadErrorsFromException(error);
    expect(e!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(e!.message).not.toContain('relation');
    expect(e!.message).not.toContain('/srv/app.js');
  });

  it('gives one general error for anything else', () => {
    const [e] = payloadErrorsFromException(new Error('Failed to fetch'));
    expect(e!.code).toBe('ERROR');
    expect(e!.field).toBeNull();
    expect(e!.message.length).toBeGreaterThan(0);
  });
});

describe('useFormErrors', () => {
  const fields = ['name', 'slug'] as const;

  it('puts each error on its input and the rest in general, first error per field wins', () => {
    const { result } = renderHook(() => useFormErrors(fields));
    act(() =>
      result.current.setFromPayload([
        { code: 'SLUG_TAKEN', field: 'input.slug', message: 'Taken.' },
        { code: 'SLUG_INVALID', field: 'input.slug', message: 'Invalid.' },
        { code: 'FORBIDDEN', field: null, message: 'Not allowed.' },
        { code: 'X', field: 'input.unknownField', message: 'Elsewhere.' },
      ]),
    );
    expect(result.current.field('slug')).toBe('Taken.');
    expect(result.current.field('name')).toBeUndefined();
    expect(result.current.general.map((e) => e.message)).toEqual(['Not allowed.', 'Elsewhere.']);
  });

  it('clears one field, then all', () => {
    const { result } = renderHook(() => useFormErrors(fields));
    act(() =>
      result.current.setFromPayload([
        { code: 'A', field: 'name', message: 'Name?' },
        { code: 'B', field: 'slug', message: 'Slug?' },
      ]),
    );
    act(() => result.current.clearField('name'));
    expect(result.current.field('name')).toBeUndefined();
    expect(result.current.field('slug')).toBe('Slug?');
    act(() => result.current.clear());
    expect(result.current.all).toEqual([]);
  });
});
