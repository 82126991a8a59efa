#!/usr/bin/env node
/**
 * The README's two commands, on a machine with only Node ≥ 20.19:
 *   npm start  → install (the pinned pnpm included), build, migrate, load demo data if empty, serve :4000
 *   npm test   → install, build, every test: domain unit tests, API tests on real PostgreSQL, Playwright
 * Plain Node, no dependencies: it runs before anything is installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: Webkernel Marketplace needs Node 20.19 or newer.`);
  process.exit(1);
}

process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.DO_NOT_TRACK = '1';
const log = (m) => console.log(`\n▶ ${m}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function must(cmd, args, opts) {
  const status = run(cmd, args, opts);
  if (status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

/** The pinned pnpm: on PATH if it is that version, otherwise installed under .tools/ (no global changes). */
function pnpmBin() {
  // Always the project's own copy: a pnpm on the user's PATH may be another version or absent, and
  // a green run that leaned on a global one once hid a broken start.
  const toolsBin = path.join(root, '.tools', 'node_modules', '.bin');
  const local = path.join(toolsBin, 'pnpm');
  const ok = fs.existsSync(local) && spawnSync(local, ['--version'], { encoding: 'utf8' }).stdout?.trim() === PNPM_VERSION;
  if (!ok) {
    log(`Installing pnpm ${PNPM_VERSION} into .tools/`);
    must('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', path.join(root, '.tools'), `pnpm@${PNPM_VERSION}`]);
  }
  // Every child process (turbo looks up the packageManager's binary on PATH) sees this pnpm first,
  // then the workspace's own binaries (turbo, tsc, jest, playwright).
  process.env.PATH = [toolsBin, path.join(root, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(path.delimiter);
  const used = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  const where = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['pnpm'], { encoding: 'utf8' })
    .stdout?.trim()
    .split('\n')[0];
  console.log(`pnpm ${used.stdout?.trim()} from ${where}`);
  return local;
}

function install(pnpm) {
  log('Installing dependencies (pnpm install --frozen-lockfile)');
  must(pnpm, ['install', '--frozen-lockfile', '--config.confirmModulesPurge=false']);
}

function build(pnpm) {
  log('Building (turbo run build)');
  must(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
    Boolean,
  );
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/** Browser tests need a Chromium: Debian's package when we may install it (CI, root), else a clear error. */
function ensureChromium() {
  let chromium = findChromium();
  if (!chromium && process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    log('Installing Chromium from Debian (apt-get install chromium)');
    run('apt-get', ['update', '-qq']);
    must('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    chromium = findChromium();
  }
  if (!chromium) {
    console.error('\n✖ No Chromium found for the browser tests. Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
    process.exit(1);
  }
  return chromium;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

async function start(pnpm) {
  install(pnpm);
  build(pnpm);
  log('Starting Webkernel Marketplace');
  // In this process (no intermediate child): Ctrl-C / SIGTERM reach the server's own shutdown.
  await import(pathToFileURL(path.join(root, 'apps/api/dist/main.js')).href);
}

function test(pnpm) {
  install(pnpm);
  build(pnpm);
  const out = path.join(root, '.tmp', 'test-results');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const suites = [
    { name: 'domain rules (packages/domain)', dir: 'packages/domain', file: 'domain.json', runner: 'jest' },
    { name: 'signature verifier (packages/verify)', dir: 'packages/verify', file: 'verify.json', runner: 'jest' },
    { name: 'web app units (apps/web, Vitest)', dir: 'apps/web', file: 'web.json', runner: 'vitest' },
    {
      name: 'API on real PostgreSQL (apps/api)',
      dir: 'apps/api',
      file: 'api.json',
      runner: 'jest',
      env: { NODE_OPTIONS: '--experimental-vm-modules' },
    },
  ];
  const results = [];
  const checkResults = [];
  let failed = false;

  // The code itself: types (test files and e2e included), lint rules, formatting. Each fails the run.
  const checks = [
    { name: 'typecheck (every package, tests included)', args: ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'] },
    { name: 'lint (ESLint)', args: ['exec', 'eslint', '.', '--max-warnings=0'] },
    { name: 'formatting (Prettier)', args: ['exec', 'prettier', '--check', '.', '--log-level=warn'] },
  ];
  for (const c of checks) {
    log(`Check: ${c.name}`);
    const ok = run(pnpm, c.args) === 0;
    console.log(ok ? `  ✔ ${c.name}` : `  ✖ ${c.name} failed`);
    checkResults.push({ name: c.name, ok });
    if (!ok) failed = true;
  }

  for (const s of suites) {
    log(`Tests: ${s.name}${process.env.DATABASE_URL && s.dir === 'apps/api' ? ' — PostgreSQL from DATABASE_URL' : ''}`);
    const jsonFile = path.join(out, s.file);
    // Both runners write the same JSON summary (numPassedTests, numFailedTests, numPendingTests).
    const args =
      s.runner === 'vitest'
        ? ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`]
        : ['exec', 'jest', '--json', `--outputFile=${jsonFile}`];
    const status = run(pnpm, args, { cwd: path.join(root, s.dir), env: s.env });
    const r = readJson(jsonFile);
    results.push({ name: s.name, passed: r?.numPassedTests ?? 0, failed: r?.numFailedTests ?? 0, skipped: r?.numPendingTests ?? 0 });
    if (status !== 0) failed = true;
  }

  const chromium = ensureChromium();
  log(`Tests: browser journeys (e2e, Playwright in ${chromium})`);
  const pwJson = path.join(out, 'e2e.json');
  const status = run(pnpm, ['exec', 'playwright', 'test', '--reporter=list,json'], {
    cwd: path.join(root, 'e2e'),
    env: { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson },
  });
  const pw = readJson(pwJson);
  results.push({
    name: 'browser journeys (e2e)',
    passed: pw?.stats?.expected ?? 0,
    failed: (pw?.stats?.unexpected ?? 0) + (pw?.stats?.flaky ?? 0),
    skipped: pw?.stats?.skipped ?? 0,
  });
  if (status !== 0) failed = true;

  console.log('\nSummary');
  for (const c of checkResults) console.log(`  ${c.name}: ${c.ok ? 'clean' : 'FAILED'}`);
  for (const r of results) console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
  const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed }), { passed: 0, failed: 0 });
  const ranNothing = total.passed + total.failed === 0;
  console.log(`${total.passed} passed, ${total.failed} failed`);
  process.exit(failed || total.failed > 0 || ranNothing ? 1 : 0);
}

const cmd = process.argv[2];
const pnpm = pnpmBin();
if (cmd === 'start') await start(pnpm);
else if (cmd === 'test') test(pnpm);
else {
  console.error('usage: node scripts/run.mjs start|test');
  process.exit(2);
}
