import { SECRET_CONTENT_RULES, SECRET_FILE_RULES, maskSecrets, scanSecrets } from './secret-rules';
import type { TextFile } from './review-findings';

const file = (path: string, text: string): TextFile => ({ path, text, lines: text.split('\n') });

/** One positive and one negative sample per content rule (every rule of secret-rules.ts must be here). */
const CONTENT_SAMPLES: Record<string, { positive: string; negative: string }> = {
  'secret.private-key': {
    positive: '<?php\n$key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...";',
    negative: '<?php\n$pub = "-----BEGIN PUBLIC KEY-----\nMIIBIj...";',
  },
  'secret.aws-access-key-id': {
    positive: "<?php\n$client = new S3(['key' => 'AKIAIOSFODNN7EXAMPLX']);",
    negative: "<?php\n$client = new S3(['key' => getenv('AWS_ACCESS_KEY_ID')]);",
  },
  'secret.aws-secret-access-key': {
    positive: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    negative: 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}',
  },
  'secret.github-token': {
    positive: "const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';",
    negative: 'const token = process.env.GITHUB_TOKEN; // e.g. ghp_xxx',
  },
  'secret.slack-token': {
    positive: "$hook = 'xoxb-1234567890-abcdefghij';",
    negative: "$hook = getenv('SLACK_TOKEN'); // xox tokens are read from the environment",
  },
  'secret.stripe-live-key': {
    positive: "Stripe::setApiKey('sk_live_51Habcdefghijklmnop');",
    negative: "Stripe::setApiKey('sk_test_51Habcdefghijklmnop');",
  },
  'secret.google-api-key': {
    positive: "const key = 'AIzaSyA1234567890abcdefghijklmnopqrstuv';",
    negative: "const key = config('google.api_key');",
  },
  'secret.hardcoded-password': {
    positive: "$db = ['password' => 'S3cr3t-Passw0rd!'];",
    negative: "$db = ['password' => getenv('DB_PASSWORD')];",
  },
};

const FILE_SAMPLES: Record<string, { positive: string; negative: string }> = {
  'secret.env-file': { positive: 'config/.env', negative: 'config/.env.example' },
  'secret.credential-file': { positive: 'deploy/id_rsa', negative: 'deploy/id_rsa.pub' },
};

describe('secret rules (secret-rules.ts): a positive and a negative sample each', () => {
  it('every rule has samples', () => {
    expect(Object.keys(CONTENT_SAMPLES).sort()).toEqual(SECRET_CONTENT_RULES.map((r) => r.id).sort());
    expect(Object.keys(FILE_SAMPLES).sort()).toEqual(SECRET_FILE_RULES.map((r) => r.id).sort());
  });

  it.each(SECRET_CONTENT_RULES.map((r) => [r.id]))('%s: the positive sample is found with its file and line', (id) => {
    const findings = scanSecrets(['src/Config.php'], [file('src/Config.php', CONTENT_SAMPLES[id]!.positive)]).filter(
      (f) => f.ruleId === id,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'src/Config.php', line: expect.any(Number) });
    expect(findings[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it.each(SECRET_CONTENT_RULES.map((r) => [r.id]))('%s: the negative sample is not', (id) => {
    expect(scanSecrets(['src/Config.php'], [file('src/Config.php', CONTENT_SAMPLES[id]!.negative)]).filter((f) => f.ruleId === id)).toEqual(
      [],
    );
  });

  it.each(SECRET_FILE_RULES.map((r) => [r.id]))('%s: matches the positive file name only', (id) => {
    const { positive, negative } = FILE_SAMPLES[id]!;
    expect(scanSecrets([positive], []).map((f) => [f.ruleId, f.file])).toEqual([[id, positive]]);
    expect(scanSecrets([negative], []).filter((f) => f.ruleId === id)).toEqual([]);
  });

  it('reports the line of the secret and masks it in the snippet', () => {
    const text = "<?php\n\n// storage\n$s3 = ['key' => 'AKIAIOSFODNN7EXAMPLX'];\n";
    const [f] = scanSecrets(['src/S3.php'], [file('src/S3.php', text)]);
    expect(f).toMatchObject({ ruleId: 'secret.aws-access-key-id', line: 4, snippetStartLine: 2, severity: 'blocking' });
    expect(f!.snippet).toContain('AKIA…[masked]');
    expect(f!.snippet).not.toContain('AKIAIOSFODNN7EXAMPLX');
    expect(maskSecrets('x AKIAIOSFODNN7EXAMPLX y')).toBe('x AKIA…[masked] y');
  });
});
