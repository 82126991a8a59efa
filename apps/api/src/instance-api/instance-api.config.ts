/** Instance API settings (environment variables, documented in the README). */
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

const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : d);

export function loadInstanceApiConfig(env: NodeJS.ProcessEnv = process.env): InstanceApiConfig {
  return {
    rateLimit: int(env.INSTANCE_API_RATE_LIMIT, 600),
    rateWindowMs: int(env.INSTANCE_API_RATE_WINDOW_SECONDS, 60) * 1000,
    authFailureLimit: int(env.INSTANCE_API_AUTH_FAILURE_LIMIT, 30),
  };
}
