/**
 * Dangerous-code rules for the languages modules ship: PHP (Webkernel) and JavaScript. Each rule
 * is tested with a positive and a negative sample (code-rules.test.ts). A vendor may justify an
 * exception per rule in the manifest (`"justifications": { "<rule id>": "why" }`); the reviewer
 * sees the justification next to the finding.
 */
import { extensionOf, snippetAround, type Finding, type TextFile } from './review-findings';
import { maskSecrets } from './secret-rules';

export const CODE_RULES_VERSION = 'code-2026.12.1';

export const PHP_EXTENSIONS = new Set(['php', 'phtml', 'inc', 'php5', 'php7', 'phar']);
export const JS_EXTENSIONS = new Set(['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx']);

export interface CodeRule {
  id: string;
  language: 'php' | 'js';
  description: string;
  pattern: RegExp;
  /** A more specific rule that, when it matches the same line, replaces this one. */
  supersededBy?: string;
}

/** Not a method or static call, not part of a longer name: `exec(` but not `$pdo->exec(` or `Foo::exec(`. */
const FN = String.raw`(?<![\w$>:\\])\\?`;

export const CODE_RULES: readonly CodeRule[] = [
  {
    id: 'code.php.eval',
    language: 'php',
    description: 'eval() runs a string as PHP code',
    pattern: new RegExp(String.raw`${FN}eval\s*\(`, 'gi'),
    supersededBy: 'code.php.decode-eval',
  },
  {
    id: 'code.php.assert-string',
    language: 'php',
    description: 'assert() with a string or variable argument evaluates it as code',
    pattern: new RegExp(String.raw`${FN}assert\s*\(\s*(?:["']|\$)`, 'gi'),
    supersededBy: 'code.php.decode-eval',
  },
  {
    id: 'code.php.shell',
    language: 'php',
    description: 'A shell command (exec, system, shell_exec, passthru, proc_open, popen)',
    pattern: new RegExp(String.raw`${FN}(?:exec|system|shell_exec|passthru|proc_open|popen)\s*\(`, 'gi'),
  },
  {
    id: 'code.php.remote-include',
    language: 'php',
    description: 'include/require of a remote URL',
    pattern: /\b(?:include|include_once|require|require_once)\b\s*\(?\s*["'](?:https?|ftps?|data|expect|phar):\/\//gi,
  },
  {
    id: 'code.php.decode-eval',
    language: 'php',
    description: 'A decode chain (base64/gzip/rot13/hex) feeding eval or assert',
    pattern:
      /(?<![\w$>:])\\?(?:eval|assert)\s*\((?:\s*[\w\\]+\s*\()*\s*\\?(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|hex2bin|convert_uudecode)\s*\(/gi,
  },
  {
    id: 'code.js.eval',
    language: 'js',
    description: 'eval() or new Function() runs a string as JavaScript',
    pattern: /(?<![\w$.])eval\s*\(|\bnew\s+Function\s*\(/g,
    supersededBy: 'code.js.decode-eval',
  },
  {
    id: 'code.js.shell',
    language: 'js',
    description: 'A shell command through child_process',
    pattern:
      /\brequire\s*\(\s*["'](?:node:)?child_process["']\s*\)|\bfrom\s+["'](?:node:)?child_process["']|\b(?:execSync|spawnSync|execFileSync)\s*\(/g,
  },
  {
    id: 'code.js.remote-import',
    language: 'js',
    description: 'import/require of a remote URL',
    pattern: /\b(?:import|require)\s*\(\s*["'`]https?:\/\/|\bimport\s+(?:[\w*{}\s,]+\s+from\s+)?["']https?:\/\//g,
  },
  {
    id: 'code.js.decode-eval',
    language: 'js',
    description: 'A decode chain (atob/Buffer.from/unescape) feeding eval or Function',
    pattern: /(?<![\w$.])(?:eval|Function)\s*\((?:\s*[\w.]+\s*\()*\s*(?:atob|Buffer\.from|unescape|decodeURIComponent)\s*\(/g,
  },
];

export const MINIFIED_RULE_ID = 'code.minified-blob';

export interface CodeScanOptions {
  /** A code line longer than this many characters is a minified blob. */
  maxLineChars: number;
  /** Manifest `justifications`: rule id → the vendor's reason. */
  justifications?: Record<string, string>;
}

function languageOf(path: string): 'php' | 'js' | null {
  const ext = extensionOf(path);
  if (PHP_EXTENSIONS.has(ext)) return 'php';
  if (JS_EXTENSIONS.has(ext)) return 'js';
  return null;
}

/** Runs the dangerous-code rules over the archive's PHP and JavaScript files. */
export function scanCode(files: readonly TextFile[], o: CodeScanOptions): Finding[] {
  const findings: Finding[] = [];
  for (const f of files) {
    const lang = languageOf(f.path);
    if (!lang) continue;
    const rules = CODE_RULES.filter((r) => r.language === lang);
    f.lines.forEach((text, i) => {
      const line = i + 1;
      const hits = new Set<string>();
      for (const r of rules) if (new RegExp(r.pattern.source, r.pattern.flags).test(text)) hits.add(r.id);
      for (const r of rules) {
        if (!hits.has(r.id) || (r.supersededBy && hits.has(r.supersededBy))) continue;
        findings.push({
          ruleId: r.id,
          severity: 'blocking',
          file: f.path,
          line,
          message: `${r.description} at ${f.path}:${line}.`,
          ...snippetAround(f, line, maskSecrets),
        });
      }
      if (text.length > o.maxLineChars) {
        findings.push({
          ruleId: MINIFIED_RULE_ID,
          severity: 'blocking',
          file: f.path,
          line,
          message: `A minified blob of ${text.length} characters on one line (limit ${o.maxLineChars}) at ${f.path}:${line}: ship the readable source.`,
          snippet: `${text.slice(0, 200)}…`,
          snippetStartLine: line,
        });
      }
    });
  }
  const just = o.justifications ?? {};
  return findings.map((x) => (just[x.ruleId] ? { ...x, justification: just[x.ruleId], justificationSource: 'manifest' as const } : x));
}
