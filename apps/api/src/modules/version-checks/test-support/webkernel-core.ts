/**
 * A real, small Webkernel core release (webkernel-core-2.0.0/: PHP sources, a bundled library in
 * vendor/, tests/, composer.json) as zip entries, for the tests of the API surface extraction.
 * Its public surface is the demo data's Webkernel 2.0.0 surface: 5 classes, 3 functions, 4 hooks.
 * `withoutMiddleware`: the same core without Router::middleware (the lines marked "since 2.0.0").
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const WEBKERNEL_CORE_DIR = path.join(__dirname, 'webkernel-core-2.0.0');

export function webkernelCoreEntries(o: { withoutMiddleware?: boolean } = {}): { name: string; data: string }[] {
  const out: { name: string; data: string }[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(WEBKERNEL_CORE_DIR, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.push({ name: p, data: readFileSync(path.join(WEBKERNEL_CORE_DIR, p), 'utf8') });
    }
  };
  walk('');
  if (!o.withoutMiddleware) return out;
  return out.map((f) =>
    f.name === 'src/Http/Router.php' ? { ...f, data: f.data.replace(/ *\/\/ -- since 2\.0\.0[\s\S]*?\/\/ -- end since 2\.0\.0\n/, '') } : f,
  );
}
