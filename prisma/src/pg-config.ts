import type { PoolConfig } from 'pg';

/** Splits a postgres:// URL into pg's discrete options (so `database` can be overridden safely). */
export function poolConfigFromUrl(url: string, extra: PoolConfig = {}): PoolConfig {
  const u = new URL(url);
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must be a postgresql:// URL (got ${u.protocol})`);
  }
  const schema = u.searchParams.get('schema');
  return {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
    ssl: u.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    ...extra,
  };
}

/** Same server, another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
