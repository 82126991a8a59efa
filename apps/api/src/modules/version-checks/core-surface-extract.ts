/**
 * Extracts a core release's public API surface from its PHP code with a real PHP parser
 * (glayzzle's php-parser): what modules may call, in the core's namespace.
 *
 * - **Classes** (and interfaces, traits, enums) with their public methods (`public`, or no
 *   visibility, which PHP reads as public). A class also offers the public methods of its parent
 *   classes, its interfaces and the traits it uses, when the archive declares them.
 * - **Functions** declared at namespace level.
 * - **Hooks**: the string literal a core fires with a call to `emit`, `dispatch`, `trigger`,
 *   `fire` or `filter` (`Hooks::emit('app.boot')`, `$this->events->dispatch('http.request')`), and
 *   any `@hook name` tag in a doc comment (for hooks fired under a computed name).
 *
 * Only declarations inside the core's namespace count (a bundled library is not the core's API);
 * `vendor/` and `tests/` folders are not read. A file the parser cannot read refuses the whole
 * extraction (fail closed: a partial surface would be taken for the core's).
 */
import { Engine } from 'php-parser';
import type { ApiSurface } from './compat-surface';
import { PHP_EXTENSIONS } from './code-rules';
import { extensionOf, type TextFile } from './review-findings';

export const HOOK_FIRING_METHODS = new Set(['emit', 'dispatch', 'trigger', 'fire', 'filter']);
const HOOK_NAME = /^[\w.:-]{1,200}$/;
const HOOK_TAG = /@hook\s+([\w.:-]{1,200})/g;
const SKIPPED_DIR = /(?:^|\/)(?:vendor|tests?)\//i;

/** Whether the extraction reads this archive path (PHP, outside vendor/ and tests/). */
export const isCoreSourcePath = (p: string) => PHP_EXTENSIONS.has(extensionOf(p)) && !SKIPPED_DIR.test(p);

export interface ExtractedSurface {
  surface: ApiSurface;
  /** PHP files parsed. */
  files: number;
  /** Public methods over all classes. */
  methods: number;
}

export class CoreParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(`${file}${line ? `, line ${line}` : ''}: ${detail}`);
  }
}

interface ClassDecl {
  name: string; // as declared, fully qualified
  methods: string[]; // public, as declared
  parents: string[]; // extends + implements + trait uses, fully qualified
}

/* The parser's AST is loosely typed: walk it as plain objects. */
type Node = { kind: string; [key: string]: unknown };
const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && typeof (x as Node).kind === 'string';
const nameOf = (x: unknown): string | null => (typeof x === 'string' ? x : isNode(x) && typeof x.name === 'string' ? x.name : null);

function parser() {
  return new Engine({
    parser: { extractDoc: true, php8: true, suppressErrors: false },
    ast: { withPositions: false },
    lexer: { short_tags: true },
  });
}

/** Resolves a class name as PHP does, from the namespace and its `use` imports. */
function resolver(ns: string, uses: Map<string, string>) {
  return (n: Node): string => {
    const raw = String(n.name);
    if (n.resolution === 'fqn' || raw.startsWith('\\')) return raw.replace(/^\\/, '');
    if (n.resolution === 'rn') return [ns, raw.replace(/^namespace\\/i, '')].filter(Boolean).join('\\');
    const [head, ...rest] = raw.split('\\');
    const alias = uses.get(head!.toLowerCase());
    if (alias) return [alias, ...rest].join('\\');
    return ns ? `${ns}\\${raw}` : raw;
  };
}

function collectDeclarations(nodes: unknown[], ns: string, classes: ClassDecl[], functions: string[]) {
  const uses = new Map<string, string>();
  const resolve = resolver(ns, uses);
  const fq = (short: string) => (ns ? `${ns}\\${short}` : short);
  for (const n of nodes) {
    if (!isNode(n)) continue;
    if (n.kind === 'namespace') {
      collectDeclarations(n.children as unknown[], String(n.name ?? '').replace(/^\\/, ''), classes, functions);
    } else if (n.kind === 'usegroup') {
      if (n.type === 'function' || n.type === 'const') continue;
      for (const item of (n.items as Node[]) ?? []) {
        if (item.type === 'function' || item.type === 'const') continue;
        const full = [n.name ? String(n.name) : '', String(item.name)].filter(Boolean).join('\\').replace(/^\\/, '');
        uses.set((nameOf(item.alias) ?? full.split('\\').pop()!).toLowerCase(), full);
      }
    } else if (n.kind === 'class' || n.kind === 'interface' || n.kind === 'trait' || n.kind === 'enum') {
      const short = nameOf(n.name);
      if (!short) continue;
      const parents: string[] = [];
      const ext = n.extends;
      for (const p of Array.isArray(ext) ? ext : ext ? [ext] : []) if (isNode(p)) parents.push(resolve(p));
      for (const p of (n.implements as Node[] | null) ?? []) if (isNode(p)) parents.push(resolve(p));
      const methods: string[] = [];
      for (const member of (n.body as Node[] | null) ?? []) {
        if (!isNode(member)) continue;
        if (member.kind === 'traituse') for (const t of (member.traits as Node[]) ?? []) parents.push(resolve(t));
        if (member.kind === 'method' && (member.visibility === 'public' || member.visibility === '' || member.visibility == null)) {
          const m = nameOf(member.name);
          if (m) methods.push(m);
        }
      }
      classes.push({ name: fq(short), methods, parents });
    } else if (n.kind === 'function') {
      const short = nameOf(n.name);
      if (short) functions.push(fq(short));
    }
  }
}

function collectHooks(node: unknown, hooks: Set<string>, depth = 0): void {
  if (depth > 400 || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const x of node) collectHooks(x, hooks, depth + 1);
    return;
  }
  const n = node as Node;
  if (n.kind === 'call' && isNode(n.what) && ['staticlookup', 'propertylookup', 'nullsafepropertylookup'].includes(n.what.kind)) {
    const method = nameOf(n.what.offset);
    const first = (n.arguments as Node[] | undefined)?.[0];
    if (method && HOOK_FIRING_METHODS.has(method.toLowerCase()) && isNode(first) && first.kind === 'string') {
      const value = String(first.value);
      if (HOOK_NAME.test(value)) hooks.add(value);
    }
  }
  for (const [k, v] of Object.entries(n)) if (k !== 'loc' && typeof v === 'object') collectHooks(v, hooks, depth + 1);
}

const inNamespace = (name: string, ns: string) =>
  !ns || name.toLowerCase() === ns.toLowerCase() || name.toLowerCase().startsWith(`${ns.toLowerCase()}\\`);

/** Parses the archive's PHP files and returns the public surface inside `namespace` ('' = every namespace). */
export function extractCoreSurface(files: readonly TextFile[], namespace: string): ExtractedSurface {
  const ns = namespace.replace(/^\\+|\\+$/g, '');
  const engine = parser();
  const classes: ClassDecl[] = [];
  const functions: string[] = [];
  const hooks = new Set<string>();
  let parsed = 0;
  for (const f of files) {
    if (!isCoreSourcePath(f.path)) continue;
    let program: Node;
    try {
      program = engine.parseCode(f.text, f.path) as unknown as Node;
    } catch (e) {
      const err = e as Error & { lineNumber?: number };
      throw new CoreParseError(f.path, err.lineNumber ?? null, err.message.replace(/\s+on line \d+$/, ''));
    }
    parsed++;
    collectDeclarations(program.children as unknown[], '', classes, functions);
    collectHooks(program.children, hooks);
    for (const c of (program.comments as Node[] | undefined) ?? [])
      for (const m of String(c.value ?? '').matchAll(HOOK_TAG)) hooks.add(m[1]!.replace(/[.:]+$/, ''));
  }

  // A class offers its own public methods and those of its parents, interfaces and traits.
  const byName = new Map<string, ClassDecl>();
  for (const c of classes) {
    const known = byName.get(c.name.toLowerCase());
    if (known) {
      known.methods.push(...c.methods);
      known.parents.push(...c.parents);
    } else byName.set(c.name.toLowerCase(), { ...c, methods: [...c.methods], parents: [...c.parents] });
  }
  const flat = new Map<string, string[]>();
  const methodsOf = (key: string, seen: Set<string>): string[] => {
    const done = flat.get(key);
    if (done) return done;
    const c = byName.get(key);
    if (!c || seen.has(key)) return [];
    seen.add(key);
    const all = new Map<string, string>();
    for (const m of c.methods) all.set(m.toLowerCase(), m);
    for (const p of c.parents) for (const m of methodsOf(p.toLowerCase(), seen)) if (!all.has(m.toLowerCase())) all.set(m.toLowerCase(), m);
    const list = [...all.values()];
    flat.set(key, list);
    return list;
  };
  const surface: ApiSurface = { classes: {}, functions: [], hooks: [...hooks].sort() };
  let methods = 0;
  for (const [key, c] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!inNamespace(c.name, ns)) continue;
    const list = methodsOf(key, new Set());
    surface.classes[c.name] = list;
    methods += list.length;
  }
  const fnSeen = new Set<string>();
  for (const fn of functions.sort((a, b) => a.localeCompare(b))) {
    if (!inNamespace(fn, ns) || fnSeen.has(fn.toLowerCase())) continue;
    fnSeen.add(fn.toLowerCase());
    surface.functions.push(fn);
  }
  return { surface, files: parsed, methods };
}

/** Adds what a surface lists to another (the manifest's names, e.g. hooks fired under computed names). */
export function mergeSurfaces(a: ApiSurface, b: ApiSurface): ApiSurface {
  const classes: Record<string, string[]> = { ...a.classes };
  for (const [cls, methods] of Object.entries(b.classes)) {
    const key = Object.keys(classes).find((k) => k.toLowerCase() === cls.toLowerCase()) ?? cls;
    const have = classes[key] ?? [];
    classes[key] = [...have, ...methods.filter((m) => !have.some((h) => h.toLowerCase() === m.toLowerCase()))];
  }
  const union = (x: string[], y: string[]) => [...x, ...y.filter((v) => !x.some((w) => w.toLowerCase() === v.toLowerCase()))];
  return { classes, functions: union(a.functions, b.functions), hooks: [...new Set([...a.hooks, ...b.hooks])] };
}
