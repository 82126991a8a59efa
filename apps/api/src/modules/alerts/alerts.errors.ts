import { defineUserErrorType } from '../../core/errors';

/** Expected failures of the alert-rule operations (payload `errors[].code`). */
export const AlertErrorCode = {
  /** The threshold is not a percent above 0 and at most 100 with at most two decimals. */
  ALERT_THRESHOLD_INVALID: 'ALERT_THRESHOLD_INVALID',
  /** A new-error rule takes no threshold. */
  ALERT_THRESHOLD_NOT_ALLOWED: 'ALERT_THRESHOLD_NOT_ALLOWED',
  /** The module already has the same rule (same kind, and same threshold for error-rate rules). */
  ALERT_RULE_DUPLICATE: 'ALERT_RULE_DUPLICATE',
  /** At most MAX_RULES_PER_MODULE rules per module. */
  ALERT_RULE_LIMIT: 'ALERT_RULE_LIMIT',
} as const;

export const MAX_RULES_PER_MODULE = 10;

export const AlertError = defineUserErrorType('Alert', AlertErrorCode);
