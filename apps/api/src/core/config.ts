/**
 * The product's configuration: every environment variable the API and the job worker read is read
 * here, once, and checked against one zod schema (README "Configuration" lists them all).
 *
 * An invalid value stops the start with a message that names the variable and the form it expects
 * (`PORT="abc": expected an integer from 0 to 65535`). Empty values count as unset. With
 * NODE_ENV=production the development defaults that would be unsafe are refused: the sandbox
 * payment provider unless chosen on purpose, and the built-in instance-credential pepper.
 */
import path from 'node:path';
import os from 'node:os';
import { z } from 'zod';
import { REPO_ROOT } from '@wk/db';
import { DEFAULT_ARTIFACT_LIMITS as LIMITS } from '../modules/artifacts';
import { DEFAULT_REVIEW_LIMITS as REVIEW, type ReviewLimits } from '../modules/version-checks';

type Env = Record<string, string | undefined>;

/** The built-in development pepper of instance credentials (refused in production). */
export const DEV_INSTANCE_CREDENTIAL_PEPPER = 'wk-instance-credential-v1';

/** The demo seller printed on invoices in development (refused with NODE_ENV=production). */
export const DEMO_SELLER = {
  name: 'Webkernel Marketplace (demo seller)',
  address: '1 Kernel Street, San Francisco, CA 94105, United States',
  vatId: 'EU372000041',
} as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface S3Config {
  /** Unset: AWS's endpoint for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Static keys; both unset → the AWS SDK's standard credential chain (env, files, roles). */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  sessionToken?: string;
}

export type StorageConfig = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Config);

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Absolute links in e-mails. */
  publicUrl: string;
  /** Built web app served by the API (default: apps/web/dist next to the API). */
  webDistDir: string | null;
  /**
   * How long a server-rendered catalog or module page of a visitor without a session is reused, in ms (0: never).
   * Each process keeps its own copies; none is older than this (web-shell.ts, PageCache).
   */
  webPageCacheMs: number;
  trustProxy: boolean;

  /** PostgreSQL server; null → the embedded server. */
  databaseUrl: string | null;
  databasePoolSize: number;
  embeddedPgDir: string;
  embeddedPgPort: number;
  migrateOnStart: boolean;
  /** Seconds a process waits for another one's migrations before giving up. */
  migrationLockTimeoutSeconds: number;
  /** Load demo data into an empty database; null → only for the embedded server. */
  seedDemo: boolean | null;

  sessionTtlMs: number;
  signInMaxFailuresPerAccount: number;
  signInMaxFailuresPerIp: number;
  signInWindowMs: number;
  /** Platform's own country: orgs elsewhere with a valid tax id are reverse-charged. */
  platformCountry: string;
  /** The seller printed on invoices and credit notes (the platform's legal identity). */
  seller: { name: string; address: string; vatId: string };

  maxQueryDepth: number;
  maxQueryCost: number;
  graphqlIntrospection: boolean;
  /** GraphQL requests per signed-in user per window, counted in PostgreSQL (shared by every replica). */
  graphqlRateLimitPerUser: number;
  /** GraphQL requests per client IP per window. */
  graphqlRateLimitPerIp: number;
  graphqlRateWindowMs: number;

  storage: StorageConfig;
  artifactLimits: {
    maxUploadBytes: number;
    maxEntries: number;
    maxUncompressedBytes: number;
    maxCompressionRatio: number;
    compressionRatioMinBytes: number;
    maxManifestBytes: number;
  };
  uploadTmpDir: string;
  /** Automated review budgets and timeout (REVIEW_*). */
  reviewLimits: ReviewLimits;

  jobsEnabled: boolean;
  /** How long the owner of an `in_progress` idempotency key holds it before a retry may take over. */
  idempotencyLeaseMs: number;
  /** How long after a key's lease expired the reconciliation job acts on it. */
  paymentReconcileGraceMs: number;
  /** Name of the payment provider (PAYMENT_PROVIDER; only `sandbox` ships). */
  paymentProvider: string;
  /** Whether PAYMENT_PROVIDER was set, rather than defaulted. */
  paymentProviderExplicit: boolean;
  mail: { dir: string; smtpUrl: string | null; from: string };

  instanceApiRateLimit: number;
  instanceApiRateWindowMs: number;
  /** Instance API requests with missing or wrong credentials per client IP per window. */
  instanceApiAuthFailureLimit: number;
  instanceCredentialPepper: string;

  /** Ed25519 keys that sign artifacts and license files (modules/license-files/signing-keys.ts). */
  signing: {
    /** The key ring as JSON (SIGNING_KEYS); wins over the file. */
    keysJson: string | null;
    /** Where the key ring is kept; in development it is created there when missing. */
    keysFile: string;
    /** Whether a missing key ring may be generated (never in production). */
    generate: boolean;
  };
  /** Days a license file stays valid at most (LICENSE_FILE_TTL_DAYS). */
  licenseFileTtlDays: number;

  logLevel: LogLevel;
  /** Human-readable log lines (pino-pretty); default: when stdout is a terminal. */
  logPretty: boolean;
}

/** A configuration that must not start: each line names a variable and the form it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// ---------------------------------------------------------------------------------------------
// Variable kinds: each parses a trimmed string, or reports the form it expected.
// ---------------------------------------------------------------------------------------------

/** A variable: unset/empty → `fallback`; otherwise `parse` it or fail with "expected <form>". */
function variable<T>(expected: string, parse: (raw: string) => T | undefined, fallback: T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = parse(raw.trim());
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
        return z.NEVER;
      }
      return value;
    });
}

const integer = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  variable(
    max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`,
    (s) => {
      if (!/^\d+$/.test(s)) return undefined;
      const n = Number(s);
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
    },
    fallback,
  );

const positiveNumber = (fallback: number) =>
  variable('a positive number (e.g. 100 or 12.5)', (s) => (/^\d+(\.\d+)?$/.test(s) && Number(s) > 0 ? Number(s) : undefined), fallback);

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const boolean = <F extends boolean | null>(fallback: F) =>
  variable<boolean | F>(
    'a boolean: 1/true/yes/on or 0/false/no/off',
    (s) => (TRUE.includes(s.toLowerCase()) ? true : FALSE.includes(s.toLowerCase()) ? false : undefined),
    fallback,
  );

const oneOf = <const V extends readonly string[], F extends V[number] | null>(values: V, fallback: F) =>
  variable<V[number] | F>(`one of ${values.join(', ')}`, (s) => (values as readonly string[]).find((v) => v === s.toLowerCase()), fallback);

const url = (protocols: string[], example: string) =>
  variable<string | null>(
    `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} (e.g. ${example})`,
    (s) => {
      try {
        return protocols.includes(new URL(s).protocol) ? s : undefined;
      } catch {
        return undefined;
      }
    },
    null,
  );

const text = (fallback: string | null = null) => variable<string | null>('text', (s) => s, fallback);

/** Every environment variable of the product (README "Configuration"). */
const schema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test'] as const, 'development'),
  PORT: integer(4000, 0, 65535),
  PUBLIC_URL: url(['http:', 'https:'], 'https://marketplace.example.com'),
  WEB_DIST_DIR: text(),
  WEB_PAGE_CACHE_MS: integer(5000, 0),
  TRUST_PROXY: boolean(false),

  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgresql://user:password@host:5432/webkernel'),
  DATABASE_POOL_SIZE: integer(10, 1, 1000),
  EMBEDDED_PG_DIR: text(),
  EMBEDDED_PG_PORT: integer(54329, 1, 65535),
  MIGRATE_ON_START: boolean(true),
  MIGRATION_LOCK_TIMEOUT_SECONDS: integer(300, 1),
  SEED_DEMO: boolean(null),

  SESSION_TTL_HOURS: integer(24 * 14, 1),
  SIGNIN_MAX_FAILURES_ACCOUNT: integer(5, 1),
  SIGNIN_MAX_FAILURES_IP: integer(30, 1),
  SIGNIN_WINDOW_MINUTES: integer(15, 1),
  PLATFORM_COUNTRY: variable(
    'a two-letter ISO country code (e.g. US)',
    (s) => (/^[A-Za-z]{2}$/.test(s) ? s.toUpperCase() : undefined),
    'US',
  ),
  SELLER_NAME: text(null),
  SELLER_ADDRESS: text(null),
  SELLER_VAT_ID: text(null),

  GRAPHQL_MAX_DEPTH: integer(12, 1),
  GRAPHQL_MAX_COST: integer(5000, 1),
  GRAPHQL_INTROSPECTION: boolean(null),
  GRAPHQL_RATE_LIMIT_USER: integer(600, 1),
  GRAPHQL_RATE_LIMIT_IP: integer(1800, 1),
  GRAPHQL_RATE_WINDOW_SECONDS: integer(60, 1),

  ARTIFACT_STORAGE: oneOf(['local', 's3'] as const, 'local'),
  ARTIFACT_DIR: text(),
  S3_BUCKET: text(),
  S3_ACCESS_KEY_ID: text(),
  S3_SECRET_ACCESS_KEY: text(),
  S3_REGION: text('us-east-1'),
  S3_ENDPOINT: url(['http:', 'https:'], 'http://127.0.0.1:9000'),
  S3_FORCE_PATH_STYLE: boolean(false),
  S3_SESSION_TOKEN: text(),
  ARTIFACT_MAX_UPLOAD_BYTES: integer(LIMITS.maxUploadBytes, 1),
  ARTIFACT_MAX_ENTRIES: integer(LIMITS.maxEntries, 1),
  ARTIFACT_MAX_UNCOMPRESSED_BYTES: integer(LIMITS.maxUncompressedBytes, 1),
  ARTIFACT_MAX_COMPRESSION_RATIO: positiveNumber(LIMITS.maxCompressionRatio),
  ARTIFACT_COMPRESSION_RATIO_MIN_BYTES: integer(LIMITS.compressionRatioMinBytes, 1),
  UPLOAD_TMP_DIR: text(),
  REVIEW_MAX_ARCHIVE_BYTES: integer(REVIEW.maxArchiveBytes, 1),
  REVIEW_MAX_FILES: integer(REVIEW.maxFiles, 1),
  REVIEW_MAX_FILE_BYTES: integer(REVIEW.maxFileBytes, 1),
  REVIEW_MAX_LINE_CHARS: integer(REVIEW.maxLineChars, 1),
  REVIEW_CHECK_TIMEOUT_MS: integer(REVIEW.checkTimeoutMs, 1),

  JOBS_ENABLED: boolean(true),
  IDEMPOTENCY_LEASE_SECONDS: integer(30, 1, 3600),
  PAYMENT_RECONCILE_GRACE_SECONDS: integer(300, 0),
  PAYMENT_PROVIDER: oneOf(['sandbox'] as const, null),
  MAIL_DIR: text(),
  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.com:587'),
  MAIL_FROM: text('Webkernel Marketplace <no-reply@marketplace.local>'),

  INSTANCE_API_RATE_LIMIT: integer(600, 1),
  INSTANCE_API_RATE_WINDOW_SECONDS: integer(60, 1),
  INSTANCE_API_AUTH_FAILURE_LIMIT: integer(30, 1),
  INSTANCE_CREDENTIAL_PEPPER: variable('a secret of at least 16 characters', (s) => (s.length >= 16 ? s : undefined), null),

  SIGNING_KEYS: variable(
    'a JSON key ring: {"keys":[{"kid","status","privateKeyPem"}]}',
    (s) => (s.trim().startsWith('{') ? s : undefined),
    null,
  ),
  SIGNING_KEYS_FILE: text(),
  LICENSE_FILE_TTL_DAYS: integer(30, 1),

  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  LOG_PRETTY: boolean(null),
});

export interface LoadConfigOptions {
  /** Relative folders resolve against this (default: the working directory). */
  cwd?: string;
  /** Whether stdout is a terminal (decides LOG_PRETTY's default). */
  isTty?: boolean;
}

/**
 * Reads and checks the configuration; throws {@link ConfigError} naming every bad variable.
 * Tests pass their own `env` object (`loadConfig({})` is the all-defaults configuration).
 */
export function loadConfig(env: Env = process.env, opts: LoadConfigOptions = {}): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0]);
      return { variable, message: `${variable}=${JSON.stringify(env[variable])}: ${issue.message}` };
    });
    throw new ConfigError(problems);
  }
  const v = parsed.data;
  const cwd = opts.cwd ?? process.cwd();
  const problems: { variable: string; message: string }[] = [];
  const production = v.NODE_ENV === 'production';

  if (production && v.PAYMENT_PROVIDER === null) {
    problems.push({
      variable: 'PAYMENT_PROVIDER',
      message:
        'PAYMENT_PROVIDER is unset: with NODE_ENV=production the product does not fall back to the sandbox payment provider, ' +
        'which moves no money. Set PAYMENT_PROVIDER=sandbox to run on the sandbox on purpose.',
    });
  }
  if (production && (v.INSTANCE_CREDENTIAL_PEPPER === null || v.INSTANCE_CREDENTIAL_PEPPER === DEV_INSTANCE_CREDENTIAL_PEPPER)) {
    problems.push({
      variable: 'INSTANCE_CREDENTIAL_PEPPER',
      message:
        'INSTANCE_CREDENTIAL_PEPPER: with NODE_ENV=production the built-in development pepper is refused; ' +
        'set a secret of at least 16 characters (e.g. `openssl rand -base64 32`).',
    });
  }

  for (const name of ['SELLER_NAME', 'SELLER_ADDRESS', 'SELLER_VAT_ID'] as const) {
    if (production && v[name] === null) {
      problems.push({
        variable: name,
        message: `${name} is unset: with NODE_ENV=production invoices must carry the seller's real identity (name, address and VAT id); the demo seller is refused.`,
      });
    }
  }

  if (production && v.SIGNING_KEYS === null && v.SIGNING_KEYS_FILE === null) {
    problems.push({
      variable: 'SIGNING_KEYS',
      message:
        'SIGNING_KEYS (or SIGNING_KEYS_FILE) is unset: with NODE_ENV=production the platform signing key must come from configuration; ' +
        'create one with `pnpm --filter @wk/api signing-key:rotate --file <path>`.',
    });
  }

  let storage: StorageConfig;
  if (v.ARTIFACT_STORAGE === 's3') {
    if (!v.S3_BUCKET) problems.push({ variable: 'S3_BUCKET', message: 'S3_BUCKET is required when ARTIFACT_STORAGE=s3.' });
    // Static keys come as a pair; without them the AWS SDK's standard credential chain applies.
    if (!v.S3_ACCESS_KEY_ID !== !v.S3_SECRET_ACCESS_KEY) {
      const missing = v.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
      problems.push({
        variable: missing,
        message: `${missing} is required with ${missing === 'S3_ACCESS_KEY_ID' ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'} (or leave both unset to use the AWS credential chain).`,
      });
    }
    const region = v.S3_REGION ?? 'us-east-1';
    storage = {
      kind: 's3',
      ...(v.S3_ENDPOINT ? { endpoint: v.S3_ENDPOINT } : {}),
      region,
      bucket: v.S3_BUCKET ?? '',
      ...(v.S3_ACCESS_KEY_ID && v.S3_SECRET_ACCESS_KEY ? { accessKeyId: v.S3_ACCESS_KEY_ID, secretAccessKey: v.S3_SECRET_ACCESS_KEY } : {}),
      forcePathStyle: v.S3_FORCE_PATH_STYLE,
      ...(v.S3_SESSION_TOKEN ? { sessionToken: v.S3_SESSION_TOKEN } : {}),
    };
  } else {
    storage = { kind: 'local', dir: v.ARTIFACT_DIR ? path.resolve(cwd, v.ARTIFACT_DIR) : path.join(cwd, '.data', 'artifacts') };
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    nodeEnv: v.NODE_ENV,
    port: v.PORT,
    publicUrl: v.PUBLIC_URL ?? `http://localhost:${v.PORT}`,
    webDistDir: v.WEB_DIST_DIR ? path.resolve(cwd, v.WEB_DIST_DIR) : null,
    webPageCacheMs: v.WEB_PAGE_CACHE_MS,
    trustProxy: v.TRUST_PROXY,

    databaseUrl: v.DATABASE_URL,
    databasePoolSize: v.DATABASE_POOL_SIZE,
    embeddedPgDir: v.EMBEDDED_PG_DIR ? path.resolve(cwd, v.EMBEDDED_PG_DIR) : path.join(REPO_ROOT, '.data', 'postgres'),
    embeddedPgPort: v.EMBEDDED_PG_PORT,
    migrateOnStart: v.MIGRATE_ON_START,
    migrationLockTimeoutSeconds: v.MIGRATION_LOCK_TIMEOUT_SECONDS,
    seedDemo: v.SEED_DEMO,

    sessionTtlMs: v.SESSION_TTL_HOURS * 3600_000,
    signInMaxFailuresPerAccount: v.SIGNIN_MAX_FAILURES_ACCOUNT,
    signInMaxFailuresPerIp: v.SIGNIN_MAX_FAILURES_IP,
    signInWindowMs: v.SIGNIN_WINDOW_MINUTES * 60_000,
    platformCountry: v.PLATFORM_COUNTRY,
    seller: {
      name: v.SELLER_NAME ?? DEMO_SELLER.name,
      address: v.SELLER_ADDRESS ?? DEMO_SELLER.address,
      vatId: v.SELLER_VAT_ID ?? DEMO_SELLER.vatId,
    },

    maxQueryDepth: v.GRAPHQL_MAX_DEPTH,
    maxQueryCost: v.GRAPHQL_MAX_COST,
    graphqlIntrospection: v.GRAPHQL_INTROSPECTION ?? !production,
    graphqlRateLimitPerUser: v.GRAPHQL_RATE_LIMIT_USER,
    graphqlRateLimitPerIp: v.GRAPHQL_RATE_LIMIT_IP,
    graphqlRateWindowMs: v.GRAPHQL_RATE_WINDOW_SECONDS * 1000,

    storage,
    artifactLimits: {
      maxUploadBytes: v.ARTIFACT_MAX_UPLOAD_BYTES,
      maxEntries: v.ARTIFACT_MAX_ENTRIES,
      maxUncompressedBytes: v.ARTIFACT_MAX_UNCOMPRESSED_BYTES,
      maxCompressionRatio: v.ARTIFACT_MAX_COMPRESSION_RATIO,
      compressionRatioMinBytes: v.ARTIFACT_COMPRESSION_RATIO_MIN_BYTES,
      maxManifestBytes: LIMITS.maxManifestBytes,
    },
    uploadTmpDir: v.UPLOAD_TMP_DIR ? path.resolve(cwd, v.UPLOAD_TMP_DIR) : path.join(os.tmpdir(), 'wk-uploads'),
    reviewLimits: {
      maxArchiveBytes: v.REVIEW_MAX_ARCHIVE_BYTES,
      maxFiles: v.REVIEW_MAX_FILES,
      maxFileBytes: v.REVIEW_MAX_FILE_BYTES,
      maxLineChars: v.REVIEW_MAX_LINE_CHARS,
      maxTextBytes: REVIEW.maxTextBytes,
      checkTimeoutMs: v.REVIEW_CHECK_TIMEOUT_MS,
    },

    jobsEnabled: v.JOBS_ENABLED,
    idempotencyLeaseMs: v.IDEMPOTENCY_LEASE_SECONDS * 1000,
    paymentReconcileGraceMs: v.PAYMENT_RECONCILE_GRACE_SECONDS * 1000,
    paymentProvider: v.PAYMENT_PROVIDER ?? 'sandbox',
    paymentProviderExplicit: v.PAYMENT_PROVIDER !== null,
    mail: {
      dir: v.MAIL_DIR ? path.resolve(cwd, v.MAIL_DIR) : path.join(cwd, '.data', 'mail'),
      smtpUrl: v.SMTP_URL,
      from: v.MAIL_FROM ?? 'Webkernel Marketplace <no-reply@marketplace.local>',
    },

    instanceApiRateLimit: v.INSTANCE_API_RATE_LIMIT,
    instanceApiRateWindowMs: v.INSTANCE_API_RATE_WINDOW_SECONDS * 1000,
    instanceApiAuthFailureLimit: v.INSTANCE_API_AUTH_FAILURE_LIMIT,
    instanceCredentialPepper: v.INSTANCE_CREDENTIAL_PEPPER ?? DEV_INSTANCE_CREDENTIAL_PEPPER,

    signing: {
      keysJson: v.SIGNING_KEYS,
      keysFile: v.SIGNING_KEYS_FILE ? path.resolve(cwd, v.SIGNING_KEYS_FILE) : path.join(REPO_ROOT, '.data', 'signing-keys.json'),
      generate: !production,
    },
    licenseFileTtlDays: v.LICENSE_FILE_TTL_DAYS,

    logLevel: v.LOG_LEVEL,
    logPretty: v.LOG_PRETTY ?? opts.isTty ?? false,
  };
}
