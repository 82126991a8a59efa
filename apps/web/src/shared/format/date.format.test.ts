import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './date.format';

describe('datetime-local values', () => {
  it('round-trips a local date and time through ISO', () => {
    const iso = fromLocalInput('2026-03-01T10:05');
    expect(iso).not.toBeNull();
    expect(toLocalInput(iso)).toBe('2026-03-01T10:05');
    expect(new Date(iso!).getTime()).toBe(new Date(2026, 2, 1, 10, 5).getTime());
  });

  it('an empty value or a URL parameter that is not a date is no filter, not a crash', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput(null)).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
    expect(toLocalInput('not a date')).toBe('');
    expect(toLocalInput(null)).toBe('');
  });
});
