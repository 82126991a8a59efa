/**
 * The built web app as the API serves it (issue 16): precompressed hashed assets with immutable
 * caching, a compressed app shell that revalidates, and the first page's data inlined in the shell
 * (web-shell.ts), escaped, authorized and rate-limited like /graphql. Uses the real web build
 * (apps/web/dist: run the build first).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { FixedClock } from './core/clock';
import { useTestApp } from './test/harness';
import {
  CATALOG_FIRST_PAGE_VARIABLES,
  DEFERRED_CSS_ATTRIBUTE,
  FIRST_DATA_ELEMENT_ID,
  jsonForScript,
  MANIFEST_FILE,
  type ManifestChunk,
  PageCache,
  type PageRenderer,
  SERVER_STATE_ELEMENT_ID,
  serverRenderer,
  SHELL_QUERIES_FILE,
} from './web-shell';

const dist = path.resolve(__dirname, '../../web/dist');
const indexHtml = () => fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const queries = (): Record<string, string> => JSON.parse(fs.readFileSync(path.join(dist, SHELL_QUERIES_FILE), 'utf8'));

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that does not decode the body (fetch would), so the bytes on the wire can be checked. */
function get(base: string, url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${url}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

function decode(r: Raw): string {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(r.body).toString('utf8');
  if (enc === 'gzip') return zlib.gunzipSync(r.body).toString('utf8');
  return r.body.toString('utf8');
}

interface Inlined {
  operationName: string;
  variables: Record<string, unknown>;
  data: Record<string, any>;
}

function firstData(html: string): Inlined[] | null {
  const m = new RegExp(`<script type="application/json" id="${FIRST_DATA_ELEMENT_ID}">([^<]*)</script>`).exec(html);
  return m ? (JSON.parse(m[1]!) as { operations: Inlined[] }).operations : null;
}

/** The HTML the server rendered into #root ('' for the plain shell). */
function rendered(html: string): string {
  if (html.includes('<div id="root"></div>')) return '';
  const start = html.indexOf('<div id="root">') + '<div id="root">'.length;
  const end = html.indexOf('<script type="application/json"', start);
  return end < 0 ? html.slice(start, html.indexOf('</div>', start)) : html.slice(start, end);
}

/** The Apollo cache the server wrote for the browser to hydrate with, or null. */
function serverState(html: string): Record<string, any> | null {
  const m = new RegExp(`<script type="application/json" id="${SERVER_STATE_ELEMENT_ID}">([^<]*)</script>`).exec(html);
  return m ? (JSON.parse(m[1]!) as Record<string, any>) : null;
}

/** Text as React writes it in HTML. */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const HTML = { accept: 'text/html' };

describe('the web build as served: compression and caching', () => {
  const t = useTestApp({ config: { webDistDir: dist } });
  const entry = () => /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(indexHtml())![1]!;

  it('a hashed asset is served precompressed (brotli first, then gzip) and cached as immutable', async () => {
    const file = fs.readFileSync(path.join(dist, entry()));
    const br = await get(t.baseUrl, entry(), { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    // The precompressed file itself, and it decodes to the asset.
    expect(br.body.equals(fs.readFileSync(path.join(dist, `${entry()}.br`)))).toBe(true);
    expect(zlib.brotliDecompressSync(br.body).equals(file)).toBe(true);

    const gz = await get(t.baseUrl, entry(), { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(gz.body).equals(file)).toBe(true);

    const plain = await get(t.baseUrl, entry(), { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(file)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('the stylesheet too; a file outside /assets revalidates; a missing asset is a 404, not the app shell', async () => {
    const css = /<link rel="stylesheet" crossorigin href="(\/assets\/[^"]+\.css)"/.exec(indexHtml())![1]!;
    const r = await get(t.baseUrl, css, { 'accept-encoding': 'br' });
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const icon = await get(t.baseUrl, '/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=0, must-revalidate');

    const missing = await get(t.baseUrl, '/assets/index-00000000.js', { accept: '*/*' });
    expect(missing.status).toBe(404);
    expect(missing.body.toString('utf8')).not.toContain('<div id="root">');
  });

  it('the app shell is compressed and never cached without revalidation (no-cache, private: it carries the session)', async () => {
    for (const enc of ['br', 'gzip'] as const) {
      const r = await get(t.baseUrl, '/org/101', { ...HTML, 'accept-encoding': enc });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe(enc);
      expect(r.headers['cache-control']).toBe('private, no-cache');
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(decode(r)).toContain('<div id="root"></div>');
    }
  });

  it('GraphQL answers are compressed when the client accepts it', async () => {
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: queries().CatalogModules, variables: CATALOG_FIRST_PAGE_VARIABLES }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await res.json()).data.catalogModules.edges.length).toBeGreaterThan(0);
  });
});

describe('the first page’s data inlined in the app shell', () => {
  const t = useTestApp({ config: { webDistDir: dist } });
  const shell = async (url: string, cookie?: string) => {
    const r = await get(t.baseUrl, url, { ...HTML, ...(cookie ? { cookie } : {}) });
    expect(r.status).toBe(200);
    return decode(r);
  };

  it('the build lists the operations the shell answers, as the app sends them (with __typename)', () => {
    const q = queries();
    expect(Object.keys(q).sort()).toEqual(['CatalogFacets', 'CatalogModules', 'CurrentUser', 'ModulePage']);
    for (const text of Object.values(q)) expect(text).toContain('__typename');
  });

  it('/modules carries the session, the filters and the first catalog page: the same answers as /graphql', async () => {
    const ops = firstData(await shell('/modules'))!;
    expect(ops.map((o) => o.operationName)).toEqual(['CurrentUser', 'CatalogFacets', 'CatalogModules']);
    expect(ops[0]!.data).toEqual({ me: null });
    const catalog = ops[2]!;
    expect(catalog.variables).toEqual(CATALOG_FIRST_PAGE_VARIABLES);
    const direct = await t.gqlOk(queries().CatalogModules, CATALOG_FIRST_PAGE_VARIABLES);
    expect(catalog.data).toEqual(direct);
    expect(catalog.data.catalogModules.edges.length).toBeGreaterThan(0);
    expect(catalog.data.catalogModules.edges[0].node.__typename).toBe('CatalogModule');
    expect(ops[1]!.data).toEqual(await t.gqlOk(queries().CatalogFacets, {}));
  });

  it('another catalog query (filters in the URL) carries only the session: the page asks for it', async () => {
    expect(firstData(await shell('/modules?q=crm'))!.map((o) => o.operationName)).toEqual(['CurrentUser']);
    expect(firstData(await shell('/vendor'))!.map((o) => o.operationName)).toEqual(['CurrentUser']);
  });

  it('a module page carries the module, and the signed-in user’s own session', async () => {
    const cookie = await t.sessionCookie('alice@acme.test');
    const ops = firstData(await shell('/modules/crm-pro', cookie))!;
    expect(ops.map((o) => o.operationName)).toEqual(['CurrentUser', 'ModulePage']);
    expect(ops[0]!.data.me.email).toBe('alice@acme.test');
    expect(ops[1]!.variables).toEqual({ slug: 'crm-pro' });
    expect(ops[1]!.data).toEqual(await t.gqlOk(queries().ModulePage, { slug: 'crm-pro' }, { as: 'alice@acme.test' }));
  });

  it('a module name holding </script> cannot end the data block (escaped JSON), and reads back exactly', async () => {
    const name = '</script><script>alert(1)</script> & \u2028 <!--';
    await t.prisma.module.update({ where: { slug: 'crm-pro' }, data: { name } });
    const html = await shell('/modules/crm-pro');
    expect(html).not.toContain('<script>alert(1)');
    // No data block holds `<!--` (React's own comments are in the rendered HTML, the name is escaped there).
    expect(html.slice(html.indexOf('<script type="application/json"'))).not.toContain('<!--');
    expect(rendered(html)).toContain(escaped('</script><script>alert(1)</script> & '));
    expect(JSON.stringify(serverState(html))).toContain(JSON.stringify(name).slice(1, -1));
    // Every <script> the page has is closed by its own </script>: the one data block and Vite's module script.
    expect(html.match(/<script\b/g)!.length).toBe(html.match(/<\/script>/g)!.length);
    expect(firstData(html)!.find((o) => o.operationName === 'ModulePage')!.data.module.name).toBe(name);
    expect(jsonForScript({ name })).toBe(
      '{"name":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u2028 \\u003c!--"}',
    );
  });

  it('a module the caller may not see is not in the shell: the same answer as /graphql gives them', async () => {
    await t.prisma.module.update({ where: { slug: 'analytics-pro' }, data: { status: 'draft' } });
    const html = await shell('/modules/analytics-pro');
    // /graphql: NOT_FOUND (a module outside the catalog); the shell: no ModulePage answer, no name.
    const direct = await t.gql(queries().ModulePage, { slug: 'analytics-pro' });
    expect(direct.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(firstData(html)!.map((o) => o.operationName)).toEqual(['CurrentUser']);
    expect(html).not.toContain('Analytics Pro');
  });

  it('an unknown slug or a path that is no slug inlines no module', async () => {
    const ops = firstData(await shell('/modules/preview'))!;
    expect(ops.map((o) => o.operationName)).toEqual(['CurrentUser']);
    const bad = firstData(await shell('/modules/NOT%20A%20SLUG'))!;
    expect(bad.map((o) => o.operationName)).toEqual(['CurrentUser']);
  });
});

describe('the shell’s data counts against the GraphQL rate limit', () => {
  const t = useTestApp({ config: { webDistDir: dist, graphqlRateLimitPerIp: 1 } });
  it('over the limit the shell is served without data (the app then asks the API, which answers 429)', async () => {
    const first = decode(await get(t.baseUrl, '/modules', HTML));
    expect(firstData(first)).not.toBeNull();
    const second = await get(t.baseUrl, '/modules', HTML);
    expect(second.status).toBe(200);
    expect(decode(second)).toContain('<div id="root"></div>');
    expect(firstData(decode(second))).toBeNull();
  });
});

describe('the catalog and module pages rendered by the server (React, from the app’s components)', () => {
  const t = useTestApp({ config: { webDistDir: dist } });
  const page = async (url: string, cookie?: string) => {
    const r = await get(t.baseUrl, url, { ...HTML, ...(cookie ? { cookie } : {}) });
    expect(r.status).toBe(200);
    return decode(r);
  };
  const names = async (variables: Record<string, unknown>, as?: string) =>
    (await t.gqlOk(queries().CatalogModules, variables, as ? { as } : {})).catalogModules.edges.map((e: any) => e.node.name as string);

  it('/modules shows the first catalog page’s modules and their count, with the cache the browser hydrates from', async () => {
    const html = await page('/modules');
    const root = rendered(html);
    const expected = await names(CATALOG_FIRST_PAGE_VARIABLES);
    expect(expected.length).toBeGreaterThan(1);
    for (const name of expected) expect(root).toContain(escaped(name));
    expect(root).toContain('Modules');
    expect(root).toContain('Sign in'); // signed out: the header's actions
    expect(root).not.toContain('Loading modules');
    // Complete HTML: no boundary left to a script (the CSP runs none inline) nor to the browser.
    expect(root).not.toContain('<script');
    expect(root).not.toMatch(/<!--\$[?!]-->/);
    const state = serverState(html)!;
    expect(state.ROOT_QUERY.me).toBeNull();
    expect(Object.keys(state.ROOT_QUERY).some((k) => k.startsWith('catalogModules('))).toBe(true);
  });

  it('/modules with filters in its query string shows the answer to those filters', async () => {
    // Seed: CRM Pro and Custom ERP work with core 2.0.0; Analytics Pro's only approved version needs core ≤ 1.9.5.
    const root = rendered(await page('/modules?core=2.0.0&software=webkernel'));
    expect(root).toMatch(/data-testid="result-count"[^>]*>2 modules</);
    expect(root).toContain('CRM Pro');
    expect(root).toContain('Custom ERP');
    expect(root).not.toContain('Analytics Pro');
    expect(root).toContain('Works with core 2.0.0');
  });

  it('a module page shows the module for the caller’s own session', async () => {
    const alice = await t.gqlOk('{ me { name } }', {}, { as: 'alice@acme.test' });
    const signedIn = await page('/modules/crm-pro', await t.sessionCookie('alice@acme.test'));
    const module = (await t.gqlOk(queries().ModulePage, { slug: 'crm-pro' }, { as: 'alice@acme.test' })).module;
    expect(rendered(signedIn)).toContain(`<h1`);
    expect(rendered(signedIn)).toContain(escaped(module.name));
    expect(serverState(signedIn)!.ROOT_QUERY.me.__ref).toBeDefined();
    expect(JSON.stringify(serverState(signedIn))).toContain(alice.me.name);
    expect(rendered(signedIn)).not.toContain('Create account');
    expect(rendered(signedIn)).not.toContain('<script');
    expect(rendered(signedIn)).not.toMatch(/<!--\$[?!]-->/);

    const signedOut = await page('/modules/crm-pro');
    expect(rendered(signedOut)).toContain(escaped(module.name));
    expect(serverState(signedOut)!.ROOT_QUERY.me).toBeNull();
    expect(JSON.stringify(serverState(signedOut))).not.toContain(alice.me.name);
  });

  it('a draft module is in neither the rendered catalog nor a rendered page (its page is left to the browser)', async () => {
    const draft = await t.prisma.module.update({ where: { slug: 'analytics-pro' }, data: { status: 'draft' } });
    const catalog = await page('/modules');
    expect(rendered(catalog)).not.toBe('');
    expect(catalog).not.toContain(draft.name);
    const own = await page('/modules/analytics-pro');
    expect(rendered(own)).toBe('');
    expect(serverState(own)).toBeNull();
    expect(own).not.toContain(draft.name);
  });

  it('a rendered page names its own chunks and CSS in <head>, once each and beyond what index.html loads', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dist, MANIFEST_FILE), 'utf8')) as Record<string, ManifestChunk>;
    const head = (html: string) => html.slice(0, html.indexOf('</head>'));
    const links = (html: string, rel: string) =>
      [...head(html).matchAll(new RegExp(`<link rel="${rel}" crossorigin href="/([^"]+)">`, 'g'))].map((m) => m[1]!);
    const shellPreloads = links(indexHtml(), 'modulepreload');
    const cases = [
      ['/modules', 'src/areas/storefront/catalog/catalog.page.tsx'],
      ['/modules/crm-pro', 'src/areas/storefront/module/module.page.tsx'],
    ] as const;
    for (const [url, source] of cases) {
      const html = await page(url);
      const preloads = links(html, 'modulepreload');
      expect(preloads).toContain(manifest[source]!.file);
      expect(preloads).toContain(manifest['src/areas/storefront/storefront.routes.tsx']!.file);
      expect(new Set(preloads).size).toBe(preloads.length);
      expect(preloads.length).toBeGreaterThan(shellPreloads.length + 2);
      // The storefront's CSS is fetched at once (its critical rules are inlined: the next test).
      const css = [...head(html).matchAll(/<link rel="preload" as="style" crossorigin href="\/([^"]+)" data-wk-css>/g)].map((m) => m[1]!);
      for (const f of manifest['src/areas/storefront/storefront.routes.tsx']!.css ?? []) expect(css).toContain(f);
      for (const f of [...preloads, ...css]) expect(fs.existsSync(path.join(dist, f))).toBe(true);
    }
    // A page the browser renders keeps index.html's head.
    expect(links(await page('/sign-in'), 'modulepreload')).toEqual(shellPreloads);
  });

  it('a rendered page paints with its critical CSS inlined; its stylesheets are fetched at once and applied by the app', async () => {
    const head = (html: string) => html.slice(0, html.indexOf('</head>'));
    const blocking = (html: string) => [...head(html).matchAll(/<link rel="stylesheet" crossorigin href="\/([^"]+)">/g)].map((m) => m[1]!);
    const sheets = blocking(indexHtml());
    expect(sheets.length).toBeGreaterThan(0);
    for (const url of ['/modules', '/modules/crm-pro']) {
      const html = await page(url);
      expect(blocking(html)).toEqual([]);
      const deferred = [
        ...head(html).matchAll(new RegExp(`<link rel="preload" as="style" crossorigin href="/([^"]+)" ${DEFERRED_CSS_ATTRIBUTE}>`, 'g')),
      ].map((m) => m[1]!);
      for (const f of sheets) expect(deferred).toContain(f);
      const inline = /<style>([^<]*)<\/style>/.exec(head(html))![1]!;
      const full = deferred.map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join('');
      expect(inline.length).toBeLessThan(full.length / 2);
      // Each single-class rule of a class on the page is there (the browser journey compares every computed style).
      const classes = new Set([...html.matchAll(/\sclass="([^"]*)"/g)].flatMap((m) => m[1]!.split(' ')));
      for (const m of full.matchAll(/(?:^|})\.([\w-]+)\{([^}]*)\}/g)) {
        if (classes.has(m[1]!)) expect(inline).toContain(`.${m[1]}{${m[2]}}`);
      }
    }
    // A page the browser renders keeps its blocking stylesheets (it has no HTML to paint before them).
    expect(blocking(await page('/sign-in'))).toEqual(sheets);
  });

  it('other paths are not rendered by the server (the app renders them)', async () => {
    for (const url of ['/', '/org/101', '/modules/preview', '/checkout/crm-pro']) {
      const html = await page(url);
      expect(html).toContain('<div id="root"></div>');
      expect(serverState(html)).toBeNull();
    }
  });
});

describe('a failing server renderer', () => {
  // Before the app starts: the shell loads its renderer as soon as it is created.
  let load: jest.SpyInstance;
  beforeAll(() => {
    load = jest.spyOn(serverRenderer, 'load').mockReturnValue({ renderPage: () => Promise.reject(new Error('renderer broke')) });
  });
  afterAll(() => load.mockRestore());
  const t = useTestApp({ config: { webDistDir: dist } });
  it('gives the plain app shell with the first data (never a 500), and says so in the log', async () => {
    const r = await get(t.baseUrl, '/modules', HTML);
    expect(r.status).toBe(200);
    const html = decode(r);
    expect(html).toContain('<div id="root"></div>');
    expect(serverState(html)).toBeNull();
    expect(firstData(html)!.map((o) => o.operationName)).toEqual(['CurrentUser', 'CatalogFacets', 'CatalogModules']);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('a referral link’s code, kept by the page itself', () => {
  const t = useTestApp({ config: { webDistDir: dist } });
  const refCookie = (r: Raw) => ([] as string[]).concat(r.headers['set-cookie'] ?? []).filter((c) => c.startsWith('wk_ref='));

  it('a page opened with ?ref= sets the session cookie checkout reads, in the code’s canonical form', async () => {
    for (const url of ['/modules/crm-pro?ref=jdref-2026', '/modules?ref=jdref-2026&q=crm', '/?ref=jdref-2026']) {
      const r = await get(t.baseUrl, url, HTML);
      expect(r.status).toBe(200);
      const [cookie] = refCookie(r);
      expect(cookie).toMatch(/^wk_ref=JDREF-2026; Path=\/; SameSite=Lax$/);
    }
  });

  it('no cookie without a ref, or for a value that cannot be a code (never echoed)', async () => {
    for (const url of ['/modules/crm-pro', '/modules?ref=%3Cscript%3E', '/modules?ref=a%3Bb%3Dc', '/modules?ref=ab&ref=cd']) {
      const r = await get(t.baseUrl, url, HTML);
      expect(r.status).toBe(200);
      expect(refCookie(r)).toEqual([]);
    }
  });
});

describe('PageCache', () => {
  const made = (html: string, keep = true) => jest.fn(() => Promise.resolve({ html, keep }));

  it('gives a page until it is ttl old, then makes it again', async () => {
    let now = 1_000;
    const cache = new PageCache(5_000, () => now);
    const first = made('v1');
    expect(await cache.get('/modules', first)).toBe('v1');
    now += 4_999;
    expect(await cache.get('/modules', made('v2'))).toBe('v1');
    now += 1;
    const again = made('v2');
    expect(await cache.get('/modules', again)).toBe('v2');
    expect(first).toHaveBeenCalledTimes(1);
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('makes a page once for callers who ask at the same time, and keeps it only when told', async () => {
    const cache = new PageCache(5_000, () => 0);
    let finish!: (v: { html: string; keep: boolean }) => void;
    const slow = jest.fn(() => new Promise<{ html: string; keep: boolean }>((r) => (finish = r)));
    const waiting = [cache.get('/a', slow), cache.get('/a', slow), cache.get('/a', slow)];
    finish({ html: 'a', keep: false });
    expect(await Promise.all(waiting)).toEqual(['a', 'a', 'a']);
    expect(slow).toHaveBeenCalledTimes(1);
    expect(cache.size).toBe(0);
    expect(await cache.get('/a', made('a2'))).toBe('a2');
  });

  it('drops the least recently used pages beyond its size', async () => {
    const cache = new PageCache(60_000, () => 0, 2, 10);
    await cache.get('/a', made('aaaa'));
    await cache.get('/b', made('bbbb'));
    await cache.get('/a', made('never'));
    await cache.get('/c', made('cccc'));
    expect(cache.size).toBe(2);
    expect(await cache.get('/a', made('a2'))).toBe('aaaa');
    expect(await cache.get('/b', made('b2'))).toBe('b2');
    // 3 × 4 characters is over 10: one more page pushes out the oldest.
    expect(cache.size).toBe(2);
    expect(await cache.get('/big', made('x'.repeat(11)))).toBe('x'.repeat(11));
    expect(cache.size).toBe(2);
  });
});

describe('rendered pages of visitors without a session, reused for WEB_PAGE_CACHE_MS', () => {
  const clock = new FixedClock(new Date());
  const renders: string[] = [];
  const realLoad = serverRenderer.load.bind(serverRenderer);
  beforeAll(() => {
    // Counts the pages the renderer makes (before the app starts: the shell loads its renderer when it is created).
    jest.spyOn(serverRenderer, 'load').mockImplementation((d: string) => {
      const real = realLoad(d)!;
      const counted: PageRenderer = {
        renderPage: (url, execute) => {
          renders.push(url);
          return real.renderPage(url, execute);
        },
      };
      return counted;
    });
  });
  afterAll(() => jest.restoreAllMocks());
  const t = useTestApp({ clock, config: { webDistDir: dist, webPageCacheMs: 5_000 } });
  const page = async (url: string, cookie?: string) => {
    const r = await get(t.baseUrl, url, { ...HTML, ...(cookie ? { cookie } : {}) });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('private, no-cache');
    return decode(r);
  };

  it('the same URL is rendered once for everyone without a session until the page is 5 s old, then again', async () => {
    renders.length = 0;
    const [a, b, c] = await Promise.all([page('/modules/crm-pro'), page('/modules/crm-pro'), page('/modules/crm-pro')]);
    expect(renders).toEqual(['/modules/crm-pro']);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(rendered(a)).toContain('CRM Pro');
    // Another URL (the query string too) is another page.
    await page('/modules/crm-pro?tab=reviews');
    expect(renders).toEqual(['/modules/crm-pro', '/modules/crm-pro?tab=reviews']);

    // A change shows to visitors without a session within the page's lifetime, never later.
    await t.prisma.module.update({ where: { slug: 'crm-pro' }, data: { name: 'CRM Pro Renamed' } });
    clock.advance(4_999);
    expect(rendered(await page('/modules/crm-pro'))).not.toContain('CRM Pro Renamed');
    clock.advance(1);
    expect(rendered(await page('/modules/crm-pro'))).toContain('CRM Pro Renamed');
    expect(renders.filter((u) => u === '/modules/crm-pro')).toHaveLength(2);
  });

  it('a signed-in page is rendered for its caller alone: never read from, nor written to, the shared pages', async () => {
    const anonymous = await page('/modules');
    const before = renders.length;
    const alice = await t.gqlOk('{ me { name } }', {}, { as: 'alice@acme.test' });
    const signedIn = await page('/modules', await t.sessionCookie('alice@acme.test'));
    expect(renders.length).toBe(before + 1);
    expect(serverState(signedIn)!.ROOT_QUERY.me.__ref).toBeDefined();
    expect(JSON.stringify(serverState(signedIn))).toContain(alice.me.name);
    // The next visitor without a session still gets the shared page, which names nobody.
    const next = await page('/modules');
    expect(next).toBe(anonymous);
    expect(renders.length).toBe(before + 1);
    expect(serverState(next)!.ROOT_QUERY.me).toBeNull();
    expect(next).not.toContain(alice.me.name);
    // A cookie that names no session is not a visitor without a session: rendered for itself, not kept.
    await page('/modules', 'wk_session=not-a-session');
    await page('/modules', 'wk_session=not-a-session');
    expect(renders.length).toBe(before + 3);
  });

  it('pages the server does not render are not kept', async () => {
    const before = renders.length;
    const html = await page('/sign-in');
    expect(html).toContain('<div id="root"></div>');
    expect(renders.length).toBe(before);
  });
});
