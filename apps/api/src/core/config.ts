/** Configuration from environment variables (documented in the README). */
export interface AppConfig {
  port: number;
  nodeEnv: string;
  sessionTtlMs: number;
  /** Platform's own country: orgs elsewhere with a valid tax id are reverse-charged. */
  platformCountry: string;
  webDistDir: string | null;
  trustProxy: boolean;
  maxQueryDepth: number;
  maxQueryCost: number;
  signInMaxFailuresPerAccount: number;
  signInMaxFailuresPerIp: number;
  signInWindowMs: number;
  publicUrl: string;
}

const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: int(env.PORT, 4000),
    nodeEnv: env.NODE_ENV ?? 'development',
    sessionTtlMs: int(env.SESSION_TTL_HOURS, 24 * 14) * 3600_000,
    platformCountry: (env.PLATFORM_COUNTRY ?? 'US').toUpperCase(),
    webDistDir: env.WEB_DIST_DIR ?? null,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    maxQueryDepth: int(env.GRAPHQL_MAX_DEPTH, 12),
    maxQueryCost: int(env.GRAPHQL_MAX_COST, 5000),
    signInMaxFailuresPerAccount: int(env.SIGNIN_MAX_FAILURES_ACCOUNT, 5),
    signInMaxFailuresPerIp: int(env.SIGNIN_MAX_FAILURES_IP, 30),
    signInWindowMs: int(env.SIGNIN_WINDOW_MINUTES, 15) * 60_000,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${int(env.PORT, 4000)}`,
  };
}
