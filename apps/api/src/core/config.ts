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
  /** GraphQL requests per signed-in user per window (GRAPHQL_RATE_LIMIT_USER), counted in PostgreSQL. */
  graphqlRateLimitPerUser: number;
  /** GraphQL requests per client IP per window (GRAPHQL_RATE_LIMIT_IP). */
  graphqlRateLimitPerIp: number;
  /** GRAPHQL_RATE_WINDOW_SECONDS. */
  graphqlRateWindowMs: number;
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
    graphqlRateLimitPerUser: int(env.GRAPHQL_RATE_LIMIT_USER, 600),
    graphqlRateLimitPerIp: int(env.GRAPHQL_RATE_LIMIT_IP, 1800),
    graphqlRateWindowMs: Math.max(1, int(env.GRAPHQL_RATE_WINDOW_SECONDS, 60)) * 1000,
  };
}
