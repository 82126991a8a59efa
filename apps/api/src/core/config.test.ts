import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ConfigError, DEV_INSTANCE_CREDENTIAL_PEPPER, DEMO_SELLER, loadConfig } from './config';

/** The message of the ConfigError that `env` raises (fails the test if none is raised). */
function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

const PRODUCTION_OK = {
  NODE_ENV: 'production',
  PAYMENT_PROVIDER: 'sandbox',
  INSTANCE_CREDENTIAL_PEPPER: 'a-production-secret-of-some-length',
  SIGNING_KEYS_FILE: '/etc/webkernel/signing-keys.json',
  SELLER_NAME: 'Webkernel Inc.',
  SELLER_ADDRESS: '1 Main St, Dover, DE 19901, United States',
  SELLER_VAT_ID: 'EU372000041',
};

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, { cwd: '/srv/app' });
    expect(c).toMatchObject({
      nodeEnv: 'development',
      port: 4000,
      publicUrl: 'http://localhost:4000',
      databaseUrl: null,
      databasePoolSize: 10,
      embeddedPgPort: 54329,
      migrateOnStart: true,
      migrationLockTimeoutSeconds: 300,
      seedDemo: null,
      sessionTtlMs: 14 * 24 * 3600_000,
      platformCountry: 'US',
      trustProxy: false,
      graphqlIntrospection: true,
      storage: { kind: 'local', dir: '/srv/app/.data/artifacts' },
      jobsEnabled: true,
      paymentProvider: 'sandbox',
      paymentProviderExplicit: false,
      mail: { dir: '/srv/app/.data/mail', smtpUrl: null },
      instanceApiRateLimit: 600,
      instanceApiRateWindowMs: 60_000,
      instanceCredentialPepper: DEV_INSTANCE_CREDENTIAL_PEPPER,
      logLevel: 'info',
      logPretty: false,
    });
    expect(c.embeddedPgDir).toMatch(/\.data\/postgres$/);
  });

  it('reads and types every kind of value; empty counts as unset', () => {
    const c = loadConfig({
      PORT: '8080',
      TRUST_PROXY: 'true',
      JOBS_ENABLED: '0',
      SEED_DEMO: 'yes',
      PLATFORM_COUNTRY: 'fr',
      DATABASE_URL: 'postgresql://u:p@db:5432/wk',
      LOG_LEVEL: 'debug',
      ARTIFACT_MAX_COMPRESSION_RATIO: '12.5',
      SESSION_TTL_HOURS: '',
      GRAPHQL_INTROSPECTION: 'off',
    });
    expect(c).toMatchObject({
      port: 8080,
      publicUrl: 'http://localhost:8080',
      trustProxy: true,
      jobsEnabled: false,
      seedDemo: true,
      platformCountry: 'FR',
      databaseUrl: 'postgresql://u:p@db:5432/wk',
      logLevel: 'debug',
      sessionTtlMs: 14 * 24 * 3600_000,
      graphqlIntrospection: false,
    });
    expect(c.artifactLimits.maxCompressionRatio).toBe(12.5);
  });

  it.each([
    ['an integer', 'PORT', 'abc', 'expected an integer from 0 to 65535'],
    ['an integer out of range', 'PORT', '70000', 'expected an integer from 0 to 65535'],
    ['a negative integer', 'DATABASE_POOL_SIZE', '-3', 'expected an integer from 1 to 1000'],
    ['a fractional integer', 'SESSION_TTL_HOURS', '1.5', 'expected an integer ≥ 1'],
    ['a zero minimum', 'INSTANCE_API_RATE_LIMIT', '0', 'expected an integer ≥ 1'],
    ['a number', 'ARTIFACT_MAX_COMPRESSION_RATIO', 'lots', 'expected a positive number'],
    ['a boolean', 'TRUST_PROXY', 'maybe', 'expected a boolean: 1/true/yes/on or 0/false/no/off'],
    ['a boolean', 'MIGRATE_ON_START', '2', 'expected a boolean'],
    ['a choice', 'NODE_ENV', 'prod', 'expected one of development, production, test'],
    ['a choice', 'LOG_LEVEL', 'verbose', 'expected one of fatal, error, warn, info, debug, trace, silent'],
    ['a choice', 'ARTIFACT_STORAGE', 'ftp', 'expected one of local, s3'],
    ['a choice', 'PAYMENT_PROVIDER', 'stripe', 'expected one of sandbox'],
    ['a URL', 'DATABASE_URL', 'mysql://db/wk', 'expected a URL starting with postgres:// or postgresql://'],
    ['a URL', 'PUBLIC_URL', 'marketplace.example.com', 'expected a URL starting with http:// or https://'],
    ['a URL', 'SMTP_URL', 'http://mail', 'expected a URL starting with smtp:// or smtps://'],
    ['a country code', 'PLATFORM_COUNTRY', 'USA', 'expected a two-letter ISO country code'],
    ['a secret', 'INSTANCE_CREDENTIAL_PEPPER', 'short', 'expected a secret of at least 16 characters'],
  ])('refuses a bad %s: %s=%j, naming the variable and the expected form', (_kind, name, value, expected) => {
    const e = refusal({ [name]: value });
    expect(e.problems.map((p) => p.variable)).toEqual([name]);
    expect(e.message).toContain(`${name}=${JSON.stringify(value)}: ${expected}`);
  });

  it('names every bad variable at once', () => {
    const e = refusal({ PORT: 'abc', TRUST_PROXY: 'maybe', LOG_LEVEL: 'loud' });
    expect(e.problems.map((p) => p.variable).sort()).toEqual(['LOG_LEVEL', 'PORT', 'TRUST_PROXY']);
  });

  it('needs the S3 bucket when ARTIFACT_STORAGE=s3, and static keys as a pair (none → the AWS credential chain)', () => {
    const e = refusal({ ARTIFACT_STORAGE: 's3' });
    expect(e.problems.map((p) => p.variable)).toEqual(['S3_BUCKET']);
    expect(e.message).toContain('S3_BUCKET is required when ARTIFACT_STORAGE=s3');
    const half = refusal({ ARTIFACT_STORAGE: 's3', S3_BUCKET: 'artifacts', S3_ACCESS_KEY_ID: 'AK' });
    expect(half.problems.map((p) => p.variable)).toEqual(['S3_SECRET_ACCESS_KEY']);
    const chain = loadConfig({ ARTIFACT_STORAGE: 's3', S3_BUCKET: 'artifacts' });
    expect(chain.storage).toEqual({ kind: 's3', region: 'us-east-1', bucket: 'artifacts', forcePathStyle: false });
  });

  describe('NODE_ENV=production', () => {
    it('refuses to fall back to the sandbox payment provider and the built-in pepper', () => {
      const e = refusal({ NODE_ENV: 'production' });
      expect(e.problems.map((p) => p.variable)).toEqual([
        'PAYMENT_PROVIDER',
        'INSTANCE_CREDENTIAL_PEPPER',
        'SELLER_NAME',
        'SELLER_ADDRESS',
        'SELLER_VAT_ID',
        'SIGNING_KEYS',
      ]);
      expect(e.message).toContain("invoices must carry the seller's real identity");
      expect(e.message).toContain('Set PAYMENT_PROVIDER=sandbox to run on the sandbox on purpose');
      expect(e.message).toContain('the built-in development pepper is refused');
    });

    it('refuses the sandbox unless PAYMENT_PROVIDER=sandbox is set on purpose', () => {
      const { PAYMENT_PROVIDER: _p, ...rest } = PRODUCTION_OK;
      expect(refusal(rest).problems.map((p) => p.variable)).toEqual(['PAYMENT_PROVIDER']);
    });

    it('refuses to start without a configured signing key ring', () => {
      const { SIGNING_KEYS_FILE: _f, ...rest } = PRODUCTION_OK;
      const e = refusal(rest);
      expect(e.problems.map((p) => p.variable)).toEqual(['SIGNING_KEYS']);
      expect(e.message).toContain('the platform signing key must come from configuration');
      expect(loadConfig({ ...rest, SIGNING_KEYS: '{"keys":[]}' }).signing).toMatchObject({ keysJson: '{"keys":[]}', generate: false });
      expect(refusal({ ...rest, SIGNING_KEYS: 'not json' }).problems.map((p) => p.variable)).toEqual(['SIGNING_KEYS']);
    });

    it('prints the configured seller on invoices; development falls back to the demo seller', () => {
      expect(loadConfig(PRODUCTION_OK).seller).toEqual({
        name: 'Webkernel Inc.',
        address: '1 Main St, Dover, DE 19901, United States',
        vatId: 'EU372000041',
      });
      expect(loadConfig({}).seller).toEqual({ ...DEMO_SELLER });
    });

    it('refuses the built-in pepper even when set explicitly', () => {
      const e = refusal({ ...PRODUCTION_OK, INSTANCE_CREDENTIAL_PEPPER: DEV_INSTANCE_CREDENTIAL_PEPPER });
      expect(e.problems.map((p) => p.variable)).toEqual(['INSTANCE_CREDENTIAL_PEPPER']);
    });

    it('starts with both set on purpose; introspection is off unless asked for', () => {
      const c = loadConfig(PRODUCTION_OK);
      expect(c).toMatchObject({
        nodeEnv: 'production',
        paymentProvider: 'sandbox',
        paymentProviderExplicit: true,
        graphqlIntrospection: false,
      });
      expect(c.instanceCredentialPepper).toBe(PRODUCTION_OK.INSTANCE_CREDENTIAL_PEPPER);
      expect(loadConfig({ ...PRODUCTION_OK, GRAPHQL_INTROSPECTION: '1' }).graphqlIntrospection).toBe(true);
    });
  });

  describe('the API process', () => {
    const main = path.resolve(__dirname, '../../dist/main.js');
    const start = (env: Record<string, string>) => {
      const base = { ...process.env };
      for (const k of Object.keys(base)) if (/^(PORT|NODE_ENV|PAYMENT_PROVIDER|INSTANCE_CREDENTIAL_PEPPER|LOG_.*)$/.test(k)) delete base[k];
      // DATABASE_URL points nowhere: a start that got past the configuration would fail differently.
      return spawnSync(process.execPath, [main], {
        env: { ...base, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    };

    it('does not start with PORT=abc, and says why', () => {
      const r = start({ PORT: 'abc' });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain('PORT="abc": expected an integer from 0 to 65535');
    });

    it('does not start in production on the defaults, naming both variables', () => {
      const r = start({ NODE_ENV: 'production' });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/PAYMENT_PROVIDER is unset/);
      expect(r.stdout + r.stderr).toMatch(/INSTANCE_CREDENTIAL_PEPPER: with NODE_ENV=production/);
    });
  });
});
