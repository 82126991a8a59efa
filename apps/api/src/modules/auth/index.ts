// The auth module's public surface: other modules, jobs and the app import only this file.
export { AuthErrorCode } from './auth.errors';
export { emailVerificationError } from './account.service';
export { SESSION_COOKIE, hashToken, isHttps, newSessionToken, readCookie, resolveSession } from './session';
export { requestContext } from './request-context';
export type { Session, WithSession } from './request-context';
