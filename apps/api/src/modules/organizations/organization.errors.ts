import { Prisma } from '@wk/db';
import { defineUserErrorType, UserError } from '../../core/errors';
/** Payload error codes of the organizations domain (`errors[].code`). */
export const OrgErrorCode = {
  INVALID_NAME: 'INVALID_NAME',
  INVALID_SLUG: 'INVALID_SLUG',
  SLUG_TAKEN: 'SLUG_TAKEN',
  INVALID_COUNTRY: 'INVALID_COUNTRY',
  INVALID_REGION: 'INVALID_REGION',
  INVALID_TAX_ID: 'INVALID_TAX_ID',
  INVALID_EMAIL: 'INVALID_EMAIL',
  INVALID_PERMISSIONS: 'INVALID_PERMISSIONS',
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  ALREADY_INVITED: 'ALREADY_INVITED',
  INVITE_NOT_PENDING: 'INVITE_NOT_PENDING',
  INVITE_EXPIRED: 'INVITE_EXPIRED',
  INVITE_ALREADY_USED: 'INVITE_ALREADY_USED',
  INVITE_REVOKED: 'INVITE_REVOKED',
  INVITE_EMAIL_MISMATCH: 'INVITE_EMAIL_MISMATCH',
  LAST_ADMIN: 'LAST_ADMIN',
} as const;

export type OrgErrorCode = (typeof OrgErrorCode)[keyof typeof OrgErrorCode];

export const OrganizationError = defineUserErrorType('Organization', OrgErrorCode);

/** An organizations-domain payload error. */
export const orgError = (code: string, message: string, field?: string) => new UserError(code, message, field ?? null);
export const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
