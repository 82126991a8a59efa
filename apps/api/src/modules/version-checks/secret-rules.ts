/**
 * THE secret-scanning rule set (README "Automated review"). Every rule is tested with a positive
 * and a negative sample in secret-rules.test.ts. Content rules match inside text files; file
 * rules match a file's name, whatever its content.
 */
import { baseName, lineAt, snippetAround, type Finding, type TextFile } from './review-findings';

export interface SecretContentRule {
  id: string;
  description: string;
  pattern: RegExp;
  severity: 'blocking' | 'warning';
}

export interface SecretFileRule {
  id: string;
  description: string;
  matches(path: string): boolean;
  severity: 'blocking' | 'warning';
}

export const SECRET_RULES_VERSION = 'secrets-2026.12.1';

export const SECRET_CONTENT_RULES: readonly SecretContentRule[] = [
  {
    id: 'secret.private-key',
    description: 'A private key (PEM block)',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g,
    severity: 'blocking',
  },
  {
    id: 'secret.aws-access-key-id',
    description: 'An AWS access key id',
    pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
    severity: 'blocking',
  },
  {
    id: 'secret.aws-secret-access-key',
    description: 'An AWS secret access key',
    pattern: /aws_?secret_?access_?key["']?\s*(?:=>|[:=])\s*["']?[A-Za-z0-9/+=]{40}\b/gi,
    severity: 'blocking',
  },
  {
    id: 'secret.github-token',
    description: 'A GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b/g,
    severity: 'blocking',
  },
  {
    id: 'secret.slack-token',
    description: 'A Slack token',
    pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
    severity: 'blocking',
  },
  {
    id: 'secret.stripe-live-key',
    description: 'A live Stripe secret or restricted key',
    pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}\b/g,
    severity: 'blocking',
  },
  {
    id: 'secret.google-api-key',
    description: 'A Google API key',
    pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g,
    severity: 'blocking',
  },
  {
    id: 'secret.hardcoded-password',
    description: 'A password or API key written in the code',
    pattern:
      /\b(?:password|passwd|pwd|api_?key|secret_?key|auth_?token)["']?\s*(?:=>|[:=])\s*["'](?!\s*["'])(?![^"']*(?:\$\{|\{\{|getenv|env\(|changeme|example|placeholder|your[-_]))[^"'\s]{8,}["']/gi,
    severity: 'warning',
  },
];

const ENV_ALLOWED = new Set(['.env.example', '.env.dist', '.env.sample', '.env.template']);
const CREDENTIAL_NAMES = new Set([
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  '.npmrc',
  '.pypirc',
  '.pgpass',
  '.netrc',
  '.htpasswd',
  '.git-credentials',
  'credentials.json',
  'service-account.json',
  'auth.json',
]);

export const SECRET_FILE_RULES: readonly SecretFileRule[] = [
  {
    id: 'secret.env-file',
    description: 'An .env file (environment secrets)',
    matches: (p) => {
      const b = baseName(p).toLowerCase();
      return (b === '.env' || b.startsWith('.env.')) && !ENV_ALLOWED.has(b);
    },
    severity: 'blocking',
  },
  {
    id: 'secret.credential-file',
    description: 'A credential or key file',
    matches: (p) => {
      const b = baseName(p).toLowerCase();
      return CREDENTIAL_NAMES.has(b) || /\.(?:pem|key|p12|pfx|jks|keystore)$/.test(b);
    },
    severity: 'blocking',
  },
];

/** Hides a secret in snippets: its first 4 characters, then an ellipsis. */
export function maskSecrets(line: string): string {
  let out = line;
  for (const r of SECRET_CONTENT_RULES) {
    out = out.replace(new RegExp(r.pattern.source, r.pattern.flags), (m) => `${m.slice(0, Math.min(4, m.length))}…[masked]`);
  }
  return out;
}

/** Runs the secret rules over the archive's file names and text files. */
export function scanSecrets(paths: readonly string[], files: readonly TextFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const p of paths) {
    for (const r of SECRET_FILE_RULES) {
      if (r.matches(p))
        findings.push({
          ruleId: r.id,
          severity: r.severity,
          file: p,
          line: null,
          message: `${r.description} is shipped in the archive: ${p}.`,
        });
    }
  }
  for (const f of files) {
    for (const r of SECRET_CONTENT_RULES) {
      const re = new RegExp(r.pattern.source, r.pattern.flags);
      let m: RegExpExecArray | null;
      while ((m = re.exec(f.text))) {
        const line = lineAt(f.text, m.index);
        findings.push({
          ruleId: r.id,
          severity: r.severity,
          file: f.path,
          line,
          message: `${r.description} at ${f.path}:${line}.`,
          ...snippetAround(f, line, maskSecrets),
        });
        if (m[0].length === 0) re.lastIndex++;
      }
    }
  }
  return findings;
}
