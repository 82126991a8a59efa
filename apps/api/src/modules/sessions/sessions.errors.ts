import { defineUserErrorType } from '../../core/errors';

/** Expected failures of session management (payload `errors[].code`, with the input `field`). */
export const SessionErrorCode = {
  /** The session to end is the one making the request: sign out instead. */
  SESSION_CURRENT: 'SESSION_CURRENT',
} as const;
export type SessionErrorCode = (typeof SessionErrorCode)[keyof typeof SessionErrorCode];

export const SessionError = defineUserErrorType('Session', SessionErrorCode);
