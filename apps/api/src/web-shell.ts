/**
 * The web app's shell (index.html) with the first page's data inlined (issue 16): the storefront
 * renders the signed-in state, the catalog and a module page without waiting for their GraphQL
 * answers. The web build writes the exact documents the app sends (`shell-queries.json`, with
 * Apollo's `__typename`s); the server runs them for the requested path with the caller's own
 * context (the same authorization as a /graphql request, and a unit of the same rate limit), and
 * writes the results into a `<script type="application/json" id="wk-first-data">` element. The
 * app's Apollo link (apps/web/src/app/first-data-link.ts) answers an operation from it once, when
 * its name and variables match; otherwise the app asks the API as before.
 *
 * The catalog (`/modules`, with any filters in its query string) and a module page (`/modules/:slug`)
 * are also rendered on the server (React's own renderer, from the app's real components: the web
 * build's dist-ssr/entry-server.cjs, apps/web/src/app/entry-server.tsx), so they show their content
 * before any script runs. The renderer runs the page's GraphQL operations with the same caller's
 * context (the inlined answers first), and the page's Apollo cache is written next to the HTML
 * (`<script type="application/json" id="wk-server-state">`) for the browser to hydrate with. An
 * operation that answers with an error, or a renderer that fails, gives today's shell (logged): the
 * page never fails because of its server rendering.
 *
 * A server-rendered page also names its own chunks in its <head>: the storefront area's and the page's
 * JavaScript (`modulepreload`) and their CSS (`stylesheet`), read from the web build's manifest (Vite's
 * backend integration, `dist/.vite/manifest.json`). Without them the browser would find each lazy chunk
 * only after running the one before it, and the page would hydrate (take input) seconds later on a phone.
 *
 * A rendered page's stylesheets do not block its first paint: the rules that can match its HTML are inlined in
 * a <style> (critical-css.ts), and each stylesheet is fetched at once (`<link rel="preload" as="style"
 * data-wk-css>`) and applied by the app's entry script before it hydrates (apps/web/src/main.tsx).
 *
 * A rendered page of a visitor without a session cookie is the same for every such visitor: it is kept
 * (PageCache) by its URL (path and query string, the only inputs that change it besides the data) for
 * `webPageCacheMs` (WEB_PAGE_CACHE_MS, 5 s by default), and a page asked for again meanwhile, or while it is
 * being rendered, is sent without rendering it again. A request that carries a session cookie (valid or not)
 * never reads nor fills it. Expiry is by age alone, so it holds with any number of processes: none keeps a
 * page older than its lifetime, and no invalidation message is needed. The response still says `private,
 * no-cache` (no shared cache stores the page; a browser revalidates it).
 *
 * The JSON is escaped so that no string in it (a module name holding `</script>`) can end the
 * element: `<`, `>`, `&`, U+2028 and U+2029 are written as \u escapes. A data block is not run, so
 * the Content-Security-Policy (script-src 'self') is unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import type { ApolloServer } from '@apollo/server';
import { REFERRAL_COOKIE, referralCodeOf, stableJson } from '@wk/domain';
import type { BaseDeps, Context } from './core/context';
import type { PgRateLimiter } from './core/rate-limit';
import { clientIp } from './core/rest';
import { classesOf, criticalCss, parseCss, type CssNode } from './critical-css';
import { isHttps, readCookie, requestContext, resolveSession, SESSION_COOKIE, type WithSession } from './modules/auth';

export const FIRST_DATA_ELEMENT_ID = 'wk-first-data';
export const SERVER_STATE_ELEMENT_ID = 'wk-server-state';
/** Marks a stylesheet of a rendered page that is fetched at once but applied by the app's entry script (main.tsx). */
export const DEFERRED_CSS_ATTRIBUTE = 'data-wk-css';
const ROOT_ELEMENT = '<div id="root"></div>';
export const SHELL_QUERIES_FILE = 'shell-queries.json';
export const MANIFEST_FILE = path.join('.vite', 'manifest.json');

/** One entry of Vite's build manifest: a source file's chunk, the chunks it imports, its CSS. */
export interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/** The app's sources a server-rendered page runs (the storefront area and the page), by path; null for other paths. */
export function pageSources(pathname: string): string[] | null {
  if (!isServerRendered(pathname)) return null;
  const p = pathname.replace(/\/+$/, '') || '/';
  const page = p === '/modules' ? 'src/areas/storefront/catalog/catalog.page.tsx' : 'src/areas/storefront/module/module.page.tsx';
  return ['src/areas/storefront/storefront.routes.tsx', page];
}

/**
 * The <link> elements that fetch a page's own chunks and CSS at once: what the sources import (statically,
 * transitively) beyond what index.html already loads. Unknown sources (another build) give nothing.
 */
export function pagePreloads(manifest: Record<string, ManifestChunk>, sources: string[]): string {
  const walk = (key: string, into: Set<string>, skip: Set<string>) => {
    if (into.has(key) || skip.has(key) || !manifest[key]) return;
    into.add(key);
    for (const i of manifest[key].imports ?? []) walk(i, into, skip);
  };
  const shell = new Set<string>();
  walk('index.html', shell, new Set());
  const page = new Set<string>();
  for (const source of sources) walk(source, page, shell);
  const chunks = [...page].map((k) => manifest[k]!);
  const css = [...new Set(chunks.flatMap((c) => c.css ?? []))];
  return [
    ...css.map((f) => `<link rel="stylesheet" crossorigin href="/${f}">`),
    ...chunks.map((c) => `<link rel="modulepreload" crossorigin href="/${c.file}">`),
  ].join('\n    ');
}

/** One operation the app will send, with the variables it will send them with. */
export interface ShellOperation {
  operationName: string;
  variables: Record<string, unknown>;
}

/**
 * The catalog's first page as apps/web/src/areas/storefront/catalog/catalog-browser.tsx asks for it
 * at `/modules` without a query string (its default filters and sort, PAGE_SIZE cards). When the two
 * differ the app's link finds no match and the page asks the API itself: slower, never wrong. The
 * storefront journey (e2e catalog spec) checks that they match.
 */
export const CATALOG_FIRST_PAGE_VARIABLES = {
  filter: {
    search: null,
    software: null,
    coreVersion: null,
    category: null,
    type: null,
    planType: null,
    vendor: null,
    verifiedOnly: null,
  },
  sort: 'RELEVANCE',
  first: 12,
  withCompat: false,
  coreVersion: '0.0.0',
  software: null,
};

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** The operations whose answers the shell of this path carries. */
export function shellOperations(pathname: string, query: Record<string, unknown>): ShellOperation[] {
  const ops: ShellOperation[] = [{ operationName: 'CurrentUser', variables: {} }];
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/modules' && Object.keys(query).length === 0) {
    ops.push({ operationName: 'CatalogFacets', variables: {} });
    ops.push({ operationName: 'CatalogModules', variables: CATALOG_FIRST_PAGE_VARIABLES });
  }
  const module = /^\/modules\/([^/]+)$/.exec(p);
  if (module && module[1] !== 'preview' && SLUG.test(module[1]!)) {
    ops.push({ operationName: 'ModulePage', variables: { slug: module[1] } });
  }
  return ops;
}

/** The paths the server renders: the catalog (with any query string) and a module page. */
export function isServerRendered(pathname: string): boolean {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/modules') return true;
  const module = /^\/modules\/([^/]+)$/.exec(p);
  return !!module && module[1] !== 'preview' && SLUG.test(module[1]!);
}

/** The web build's server renderer (apps/web/src/app/entry-server.tsx), as the shell calls it. */
export interface PageRenderer {
  renderPage(
    url: string,
    execute: (op: { query: string; operationName: string | undefined; variables: Record<string, unknown> }) => Promise<{
      data?: Record<string, unknown> | null;
      errors?: readonly unknown[];
    }>,
  ): Promise<{ html: string; state: Record<string, unknown> }>;
}

/**
 * Where the shell finds the renderer: the web build's dist-ssr beside its dist. Loaded on the first
 * page it renders (React and the app's components stay out of a process that serves only the API).
 * A holder, so that a test can make it fail.
 */
export const serverRenderer = {
  load(dist: string): PageRenderer | null {
    const file = path.join(dist, '..', 'dist-ssr', 'entry-server.cjs');
    if (!fs.existsSync(file)) return null;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as PageRenderer;
  },
};

/** JSON that cannot close the <script> element it sits in, nor be read as HTML. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Rendered pages by key, each for `ttlMs` after it was made; at most `maxEntries` and `maxChars` in all (the least
 * recently used go first). `get` makes a missing page once however many ask for it at the same time, and keeps
 * it only when `make` says it may.
 */
export class PageCache {
  private readonly pages = new Map<string, { html: string; at: number }>();
  private readonly making = new Map<string, Promise<{ html: string; keep: boolean }>>();
  private chars = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 200,
    private readonly maxChars = 16 << 20,
  ) {}

  get size() {
    return this.pages.size;
  }

  async get(key: string, make: () => Promise<{ html: string; keep: boolean }>): Promise<string> {
    const page = this.pages.get(key);
    if (page && this.now() - page.at < this.ttlMs) {
      // Most recently used last (a Map keeps insertion order).
      this.pages.delete(key);
      this.pages.set(key, page);
      return page.html;
    }
    if (page) this.drop(key);
    let pending = this.making.get(key);
    if (!pending) {
      const at = this.now();
      pending = make().then((r) => {
        if (r.keep && r.html.length <= this.maxChars) this.put(key, r.html, at);
        return r;
      });
      this.making.set(key, pending);
      void pending.then(
        () => this.making.delete(key),
        () => this.making.delete(key),
      );
    }
    return (await pending).html;
  }

  private put(key: string, html: string, at: number) {
    this.drop(key);
    this.pages.set(key, { html, at });
    this.chars += html.length;
    for (const [oldest] of this.pages) {
      if (this.pages.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.drop(oldest);
    }
  }

  private drop(key: string) {
    const page = this.pages.get(key);
    if (!page) return;
    this.chars -= page.html.length;
    this.pages.delete(key);
  }
}

/** The longest URL whose page is kept (longer ones are rendered for their caller alone). */
const MAX_CACHED_URL = 1024;

export interface WebShell {
  /** Sends index.html for a client-side route, with the first data when the path has some. */
  send(req: Request, res: Response): Promise<void>;
}

export function webShell(dist: string, deps: BaseDeps, apollo: ApolloServer<Context>, limiter: PgRateLimiter): WebShell {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const queriesFile = path.join(dist, SHELL_QUERIES_FILE);
  const queries: Record<string, string> = fs.existsSync(queriesFile) ? JSON.parse(fs.readFileSync(queriesFile, 'utf8')) : {};
  const manifestFile = path.join(dist, MANIFEST_FILE);
  const manifest: Record<string, ManifestChunk> = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : {};
  const preloads = new Map<string, string>();
  /** The page's own chunks and CSS, in its <head> (computed once per page kind). */
  const withPreloads = (page: string, pathname: string) => {
    const sources = pageSources(pathname);
    if (!sources) return page;
    const key = sources.join(' ');
    if (!preloads.has(key)) preloads.set(key, pagePreloads(manifest, sources));
    const links = preloads.get(key)!;
    return links ? page.replace('</head>', `  ${links}\n  </head>`) : page;
  };
  const { graphqlRateLimitPerUser: perUser, graphqlRateLimitPerIp: perIp, graphqlRateWindowMs: windowMs } = deps.config;

  interface Inlined {
    operationName: string;
    variables: Record<string, unknown>;
    data: Record<string, unknown>;
  }

  /** The inlined answers, and the caller's context for the page's other operations (null when over the rate limit). */
  async function firstData(req: Request, res: Response): Promise<{ operations: Inlined[]; contextValue: Context | null }> {
    const ops = shellOperations(req.path, req.query as Record<string, unknown>).filter((o) => queries[o.operationName]);
    if (!ops.length) return { operations: [], contextValue: null };
    const now = deps.clock.now();
    const session = await resolveSession(deps.prisma, req, now);
    (req as WithSession).wkSession = session;
    // The same budget as /graphql: one unit per shell; over the limit, the app asks the API itself.
    const decisions = await limiter.take(
      [
        { key: `gql:ip:${clientIp(req) ?? 'unknown'}`, limit: perIp, windowMs },
        ...(session ? [{ key: `gql:user:${session.user.id}`, limit: perUser, windowMs }] : []),
      ],
      now,
    );
    if (decisions.some((d) => !d.allowed)) return { operations: [], contextValue: null };
    const contextValue = await requestContext(deps, req, res);
    const out: Inlined[] = [];
    for (const op of ops) {
      const r = await apollo.executeOperation(
        { query: queries[op.operationName], variables: op.variables, operationName: op.operationName },
        { contextValue },
      );
      if (r.body.kind !== 'single') continue;
      const { data, errors } = r.body.singleResult;
      // Only complete answers: an error (a missing module, say) is left for the page to ask and show.
      if (errors?.length || !data) continue;
      out.push({ operationName: op.operationName, variables: op.variables, data });
    }
    return { operations: out, contextValue };
  }

  const sheets = new Map<string, CssNode[] | null>();
  const criticalByClasses = new Map<string, string>();
  /** The page with its stylesheets' critical rules inlined and the stylesheets themselves deferred (unchanged when a sheet is missing). */
  function inlineCriticalCss(page: string): string {
    const head = page.slice(0, page.indexOf('</head>'));
    const links = [...head.matchAll(/<link rel="stylesheet" crossorigin href="\/([^"]+\.css)">/g)];
    if (!links.length) return page;
    const files = links.map((l) => l[1]!);
    for (const f of files) {
      if (!sheets.has(f)) {
        const file = path.join(dist, f);
        sheets.set(
          f,
          path.resolve(file).startsWith(path.resolve(dist)) && fs.existsSync(file) ? parseCss(fs.readFileSync(file, 'utf8')) : null,
        );
      }
    }
    const parsed = files.map((f) => sheets.get(f));
    if (parsed.some((p) => !p)) return page;
    // Pages of one kind mostly share their classes: the cut is made once per set (at most 500 sets kept).
    const classes = classesOf(page);
    const key = `${files.join(' ')}\n${[...classes].sort().join(' ')}`;
    let css = criticalByClasses.get(key);
    if (css === undefined) {
      css = parsed.map((p) => criticalCss(p!, classes)).join('\n');
      if (criticalByClasses.size >= 500) criticalByClasses.delete(criticalByClasses.keys().next().value!);
      criticalByClasses.set(key, css);
    }
    if (/<\/style/i.test(css)) return page;
    let out = page;
    links.forEach((l, i) => {
      const deferred = `<link rel="preload" as="style" crossorigin href="/${l[1]}" ${DEFERRED_CSS_ATTRIBUTE}>`;
      out = out.replace(l[0], i === 0 ? `<style>${css}</style>\n    ${deferred}` : deferred);
    });
    return out;
  }

  let renderer: PageRenderer | null | undefined;
  // Loaded as soon as the server has started rather than on the first page: reading the renderer (6 MB of
  // JavaScript) takes 0.3 s on an idle machine and seconds on a busy one, which the first visitor would wait for.
  setTimeout(() => {
    try {
      renderer ??= serverRenderer.load(dist);
    } catch {
      // Left for the first page to try again (and log).
    }
  }, 0).unref();

  /** The page rendered with the caller's answers (the inlined ones first), or null: then the plain shell. */
  async function render(req: Request, contextValue: Context, inlined: Inlined[], shell: string): Promise<string | null> {
    if (renderer === undefined) renderer = serverRenderer.load(dist);
    if (!renderer) return null;
    const known = new Map(inlined.map((o) => [`${o.operationName} ${stableJson(o.variables)}`, o.data]));
    const page = await renderer.renderPage(req.originalUrl, async ({ query, operationName, variables }) => {
      const hit = known.get(`${operationName ?? ''} ${stableJson(variables)}`);
      // As the browser gets them: JSON (a DateTime is an ISO string there, a Date object here).
      if (hit) return JSON.parse(JSON.stringify({ data: hit })) as { data: Record<string, unknown> };
      const r = await apollo.executeOperation({ query, variables, operationName }, { contextValue });
      return r.body.kind === 'single'
        ? (JSON.parse(JSON.stringify(r.body.singleResult)) as typeof r.body.singleResult)
        : { errors: ['an incremental answer'] };
    });
    const state = `<script type="application/json" id="${SERVER_STATE_ELEMENT_ID}">${jsonForScript(page.state)}</script>`;
    return inlineCriticalCss(shell.replace(ROOT_ELEMENT, `<div id="root">${page.html}</div>`).replace('</body>', `${state}\n  </body>`));
  }

  /** The page for this request, and whether any visitor without a session may be sent the same page. */
  async function page(req: Request, res: Response): Promise<{ html: string; keep: boolean }> {
    let operations: Inlined[] = [];
    let contextValue: Context | null = null;
    try {
      ({ operations, contextValue } = await firstData(req, res));
    } catch (e) {
      // The shell never fails for its data: the app asks the API itself (and shows an outage).
      req.log.warn({ err: e }, 'first data for the app shell failed');
    }
    let out = withPreloads(html, req.path);
    let rendered = false;
    if (contextValue && isServerRendered(req.path)) {
      try {
        const r = await render(req, contextValue, operations, out);
        rendered = r !== null;
        out = r ?? out;
      } catch (e) {
        // Never a 500 for the rendering: the browser renders the page itself, as before.
        req.log.warn({ err: e }, 'server rendering of the page failed: the app shell is sent');
      }
    }
    const block = operations.length
      ? `<script type="application/json" id="${FIRST_DATA_ELEMENT_ID}">${jsonForScript({ operations })}</script>`
      : '';
    // Kept only when complete (rendered, nothing cut by the rate limit) and made for nobody in particular.
    const keep = rendered && !!contextValue && !contextValue.user && !(req as WithSession).wkSession;
    return { html: block ? out.replace('</body>', `${block}\n  </body>`) : out, keep };
  }

  const cache = deps.config.webPageCacheMs > 0 ? new PageCache(deps.config.webPageCacheMs, () => deps.clock.now().getTime()) : null;

  return {
    async send(req, res) {
      const shared =
        cache && isServerRendered(req.path) && readCookie(req, SESSION_COOKIE) === null && req.originalUrl.length <= MAX_CACHED_URL;
      const body = shared ? await cache.get(req.originalUrl, () => page(req, res)) : (await page(req, res)).html;
      // A referral link's code is kept for the browser session with the page itself, so it holds even when the
      // buyer moves on before the app has started (checkout reads it: areas/storefront/components/referral.ts).
      const referral = referralCodeOf(req.query.ref);
      if (referral) res.cookie(REFERRAL_COOKIE, referral, { sameSite: 'lax', secure: isHttps(req), path: '/' });
      // Per caller (the signed-in state), revalidated on every visit.
      res.setHeader('Cache-Control', 'private, no-cache');
      res.type('html');
      res.send(body);
    },
  };
}
