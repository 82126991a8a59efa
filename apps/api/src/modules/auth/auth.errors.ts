import { defineUserErrorType } from '../../core/errors';
export const AuthErrorCode = {
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  INVALID_EMAIL: 'INVALID_EMAIL',
  /** A one-time link that does not exist (or is of another kind). */
  INVALID_TOKEN: 'INVALID_TOKEN',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** Already used, or replaced by a newer link. */
  TOKEN_USED: 'TOKEN_USED',
  /** At verification, the new address of an e-mail change belongs to another account by now. */
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  ALREADY_VERIFIED: 'ALREADY_VERIFIED',
  /** Verification e-mails: one a minute, five an hour. */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  SAME_EMAIL: 'SAME_EMAIL',
  /** Quotes and purchases need a verified e-mail address. */
  EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED',
} as const;

export const AuthError = defineUserErrorType('Auth', AuthErrorCode);
