import { useCallback, useMemo, useState } from 'react';
import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describeError } from '../errors/describe-error';

/** The shape of `errors[]` in every mutation payload. */
export interface PayloadError {
  code: string;
  field?: string | null;
  message: string;
}

/** `input.couponCode` → `couponCode`; `input.lines.0.planId` → `lines.0.planId`. */
export function fieldName(field: string | null | undefined): string | null {
  if (!field) return null;
  return field.replace(/^input\./, '');
}

/**
 * Thrown errors that still concern the form: argument validation (BAD_USER_INPUT with
 * class-validator details) becomes per-field errors; anything else a general error.
 */
export function payloadErrorsFromException(error: unknown): PayloadError[] {
  if (CombinedGraphQLErrors.is(error)) {
    const out: PayloadError[] = [];
    for (const e of error.errors) {
      const details = e.extensions?.validationErrors;
      if (e.extensions?.code === 'BAD_USER_INPUT' && Array.isArray(details) && details.length) {
        for (const d of details as { property?: string; constraints?: Record<string, string> }[]) {
          out.push({
            code: 'BAD_USER_INPUT',
            field: d.property ?? null,
            message: d.constraints ? humanise(Object.values(d.constraints)[0] ?? '') : 'This value is not valid.',
          });
        }
      } else {
        const code = String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
        const known = code !== 'INTERNAL_SERVER_ERROR' && code !== 'UNAUTHENTICATED';
        out.push({ code, field: (e.extensions?.field as string | undefined) ?? null, message: known ? e.message : describeError(error) });
      }
    }
    if (out.length) return out;
  }
  return [{ code: 'ERROR', field: null, message: describeError(error) }];
}

/** class-validator says "email must be an email"; people read "Enter a valid value." better. */
function humanise(message: string): string {
  if (/must be an email/.test(message)) return 'Enter a valid e-mail address.';
  const max = /must be shorter than or equal to (\d+)/.exec(message);
  if (max) return `Use at most ${max[1]} characters.`;
  const min = /must be longer than or equal to (\d+)/.exec(message);
  if (min) return `Use at least ${min[1]} characters.`;
  if (/should not be empty/.test(message)) return 'This field is required.';
  return message.charAt(0).toUpperCase() + message.slice(1) + (message.endsWith('.') ? '' : '.');
}

/**
 * Form error state: `field(name)` gives the message to pass as an input's `error` prop
 * (Mantine wires aria-invalid/aria-describedby); `general` are the errors no input shows.
 */
export function useFormErrors(knownFields: readonly string[]) {
  const [errors, setErrors] = useState<PayloadError[]>([]);

  const byField = useMemo(() => {
    const map = new Map<string, PayloadError>();
    for (const e of errors) {
      const name = fieldName(e.field);
      if (name && knownFields.includes(name) && !map.has(name)) map.set(name, e);
    }
    return map;
  }, [errors, knownFields]);

  const general = useMemo(
    () =>
      errors.filter((e) => {
        const name = fieldName(e.field);
        return !name || !knownFields.includes(name);
      }),
    [errors, knownFields],
  );

  const clearField = useCallback((name: string) => {
    setErrors((prev) => (prev.some((e) => fieldName(e.field) === name) ? prev.filter((e) => fieldName(e.field) !== name) : prev));
  }, []);

  return {
    all: errors,
    general,
    field: (name: string) => byField.get(name)?.message,
    fieldError: (name: string) => byField.get(name),
    setFromPayload: (list: readonly PayloadError[]) => setErrors([...list]),
    setFromException: (error: unknown) => setErrors(payloadErrorsFromException(error)),
    clearField,
    clear: () => setErrors([]),
  };
}

/** Errors of a form that belong to no input (shown above the submit button). */
export function FormErrorAlert({ errors, title = 'Please check the form' }: { errors: readonly PayloadError[]; title?: string }) {
  if (!errors.length) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={errors.length > 1 ? title : undefined} role="alert">
      {errors.length === 1 ? (
        errors[0]!.message
      ) : (
        <List size="sm">
          {errors.map((e, i) => (
            <List.Item key={`${e.code}-${i}`}>{e.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
