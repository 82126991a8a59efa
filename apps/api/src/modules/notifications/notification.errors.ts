import { defineUserErrorType } from '../../core/errors';

/** Notification preferences have no failure of their own today: every combination of channels is valid. */
export const NotificationErrorCode = {} as const;

export const NotificationError = defineUserErrorType('Notification', NotificationErrorCode);
