/**
 * Lighthouse in the benchmark (issue 16), run only when a Chromium is there (CHROME_PATH, or
 * /usr/bin/chromium). The product serves the built web app (product-server.ts with BENCH_WEB_DIST);
 * Lighthouse's CLI (the pinned devDependency) loads each page with its default mobile profile
 * (slow 4G, 4× CPU slowdown) and with its desktop preset, and reports the performance score and
 * the metrics it is made of.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';

/** The flags a headless Chromium needs on these machines (no sandbox as root, no background traffic). */
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROME_PATH, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

export interface LighthouseResult {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  /** Bytes of JavaScript the page transferred (as served: brotli when the browser accepts it). */
  scriptBytes: number;
}

export function lighthouse(url: string, formFactor: 'mobile' | 'desktop', chrome: string): Promise<LighthouseResult> {
  const cli = path.resolve(__dirname, '../../node_modules/lighthouse/cli/index.js');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wk-lh-')), 'report.json');
  const args = [
    cli,
    url,
    '--quiet',
    '--only-categories=performance',
    '--output=json',
    `--output-path=${out}`,
    `--chrome-flags=${CHROME_FLAGS.join(' ')}`,
    ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, CHROME_PATH: chrome }, maxBuffer: 1 << 26 }, (err, _stdout, stderr) => {
      try {
        if (err) return reject(new Error(`lighthouse ${url} (${formFactor}) failed: ${stderr || err.message}`));
        const report = JSON.parse(fs.readFileSync(out, 'utf8'));
        const audit = (id: string) => report.audits[id]?.numericValue as number;
        resolve({
          score: report.categories.performance.score,
          fcp: audit('first-contentful-paint'),
          lcp: audit('largest-contentful-paint'),
          tbt: audit('total-blocking-time'),
          cls: audit('cumulative-layout-shift'),
          si: audit('speed-index'),
          scriptBytes:
            (report.audits['resource-summary']?.details?.items as { resourceType: string; transferSize: number }[] | undefined)?.find(
              (i) => i.resourceType === 'script',
            )?.transferSize ?? 0,
        });
      } catch (e) {
        reject(e);
      } finally {
        // BENCH_LIGHTHOUSE_DIR keeps each report (its audits: TBT, LCP element, unused JS, main-thread work).
        const keep = process.env.BENCH_LIGHTHOUSE_DIR;
        if (keep && fs.existsSync(out)) {
          fs.mkdirSync(keep, { recursive: true });
          fs.copyFileSync(out, path.join(keep, `${new URL(url).pathname.replace(/\W+/g, '_')}-${formFactor}.json`));
        }
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    });
  });
}
