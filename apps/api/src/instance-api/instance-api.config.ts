import type { AppConfig } from '../core/config';

/** Instance API settings (INSTANCE_API_* variables, read in core/config.ts). */
export interface InstanceApiConfig {
  /** Requests per credential per window (INSTANCE_API_RATE_LIMIT, default 600). */
  rateLimit: number;
  /** Window length (INSTANCE_API_RATE_WINDOW_SECONDS, default 60). */
  rateWindowMs: number;
  /**
   * Requests with missing or wrong credentials per client IP per window
   * (INSTANCE_API_AUTH_FAILURE_LIMIT, default 30); beyond it every request from that IP is refused
   * until the window ends, before any credential is checked.
   */
  authFailureLimit: number;
}

export function instanceApiConfig(config: AppConfig): InstanceApiConfig {
  return {
    rateLimit: config.instanceApiRateLimit,
    rateWindowMs: config.instanceApiRateWindowMs,
    authFailureLimit: config.instanceApiAuthFailureLimit,
  };
}
