/**
 * Compatibility verification: the references a module's PHP code makes into its core's namespace
 * (classes, static methods, functions, hooks), resolved against the public API surface each
 * registered core release carries (uploaded by admins as JSON, see README).
 */
import { extensionOf, type TextFile } from './review-findings';
import { PHP_EXTENSIONS } from './code-rules';

export interface ApiSurface {
  classes: Record<string, string[]>;
  functions: string[];
  hooks: string[];
}

export type ApiSurfaceParse = { ok: true; surface: ApiSurface } | { ok: false; field: string; message: string };

const QUALIFIED = /^[A-Za-z_][\w]*(?:\\[A-Za-z_][\w]*)*$/;
const MEMBER = /^[A-Za-z_]\w*$/;
const HOOK = /^[\w.:-]{1,200}$/;

/** Validates an API surface document: { classes: { "Ns\\Cls": ["method"] }, functions: ["Ns\\fn"], hooks: ["name"] }. */
export function parseApiSurface(raw: unknown): ApiSurfaceParse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, field: '$', message: 'The API surface must be a JSON object with "classes", "functions" and "hooks".' };
  const o = raw as Record<string, unknown>;
  const classes: Record<string, string[]> = {};
  const c = o.classes ?? {};
  if (typeof c !== 'object' || c === null || Array.isArray(c))
    return { ok: false, field: 'classes', message: '"classes" must map each class name to the list of its public methods.' };
  for (const [name, methods] of Object.entries(c as Record<string, unknown>)) {
    const n = name.replace(/^\\/, '');
    if (!QUALIFIED.test(n)) return { ok: false, field: `classes.${name}`, message: `"${name}" is not a qualified class name.` };
    if (!Array.isArray(methods) || !methods.every((m) => typeof m === 'string' && MEMBER.test(m)))
      return { ok: false, field: `classes.${name}`, message: `The methods of "${name}" must be a list of method names.` };
    classes[n] = [...new Set(methods as string[])];
  }
  const list = (key: 'functions' | 'hooks', re: RegExp): string[] | string => {
    const v = o[key] ?? [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && re.test(x.replace(/^\\/, ''))))
      return `"${key}" must be a list of ${key === 'functions' ? 'qualified function names' : 'hook names'}.`;
    return [...new Set((v as string[]).map((x) => x.replace(/^\\/, '')))];
  };
  const functions = list('functions', QUALIFIED);
  if (typeof functions === 'string') return { ok: false, field: 'functions', message: functions };
  const hooks = list('hooks', HOOK);
  if (typeof hooks === 'string') return { ok: false, field: 'hooks', message: hooks };
  return { ok: true, surface: { classes, functions, hooks } };
}

export interface CoreReference {
  kind: 'class' | 'method' | 'function' | 'hook';
  /** Webkernel\Http\Router, Webkernel\Http\Router::group, Webkernel\config or the hook name. */
  name: string;
  file: string;
  line: number;
}

const HOOK_METHODS = new Set(['on', 'emit', 'listen', 'dispatch', 'trigger', 'filter']);

/** Every reference the module's PHP files make into `namespace` (first occurrence per file). */
export function extractReferences(files: readonly TextFile[], namespace: string): CoreReference[] {
  const ns = namespace.replace(/\\+$/, '');
  const refs: CoreReference[] = [];
  for (const f of files) {
    if (!PHP_EXTENSIONS.has(extensionOf(f.path))) continue;
    const aliases = new Map<string, string>();
    const fnAliases = new Map<string, string>();
    const seen = new Set<string>();
    const add = (kind: CoreReference['kind'], name: string, line: number) => {
      const key = `${kind}:${name}`;
      if (seen.has(key)) return;
      seen.add(key);
      refs.push({ kind, name, file: f.path, line });
    };
    const inNs = (fq: string) => fq === ns || fq.startsWith(`${ns}\\`);
    const resolveClass = (raw: string): string | null => {
      if (raw.startsWith('\\')) return raw.slice(1);
      const [head, ...rest] = raw.split('\\');
      const alias = aliases.get(head!.toLowerCase());
      if (alias) return [alias, ...rest].join('\\');
      return raw.startsWith(`${ns}\\`) ? raw : null;
    };
    f.lines.forEach((text, i) => {
      const line = i + 1;
      const code = text.replace(/\/\/.*$|#(?!\[).*$/, '');
      let m: RegExpExecArray | null;
      const useFn = /^\s*use\s+function\s+\\?([\w\\]+)(?:\s+as\s+(\w+))?\s*;/i.exec(code);
      if (useFn) {
        const fq = useFn[1]!;
        if (inNs(fq)) {
          fnAliases.set((useFn[2] ?? fq.split('\\').pop()!).toLowerCase(), fq);
          add('function', fq, line);
        }
        return;
      }
      const use = /^\s*use\s+\\?([\w\\]+)(?:\s+as\s+(\w+))?\s*;/i.exec(code);
      if (use) {
        const fq = use[1]!;
        if (inNs(fq)) {
          aliases.set((use[2] ?? fq.split('\\').pop()!).toLowerCase(), fq);
          add('class', fq, line);
        }
        return;
      }
      const staticCall = /(\\?[A-Za-z_][\w]*(?:\\[A-Za-z_]\w*)*)::([A-Za-z_]\w*)\s*\(\s*(?:["']([^"']+)["'])?/g;
      while ((m = staticCall.exec(code))) {
        const cls = resolveClass(m[1]!);
        if (!cls || !inNs(cls)) continue;
        add('method', `${cls}::${m[2]}`, line);
        if (m[3] && HOOK_METHODS.has(m[2]!.toLowerCase()) && /Hooks?$|Dispatcher$/.test(cls)) add('hook', m[3], line);
      }
      const classUse = /\b(?:new|extends|implements|instanceof)\s+(\\?[A-Za-z_]\w*(?:\\[A-Za-z_]\w*)*)/g;
      while ((m = classUse.exec(code))) {
        const cls = resolveClass(m[1]!);
        if (cls && inNs(cls)) add('class', cls, line);
      }
      const fqFn = /(?<![\w\\$>:])\\?((?:[A-Za-z_]\w*\\)+[A-Za-z_]\w*)\s*\(/g;
      while ((m = fqFn.exec(code))) {
        const fq = m[1]!;
        if (inNs(fq) && !/::/.test(code.slice(m.index + m[0].length - 2, m.index + m[0].length + 2))) add('function', fq, line);
      }
      const plainFn = /(?<![\w\\$>:])([A-Za-z_]\w*)\s*\(/g;
      while ((m = plainFn.exec(code))) {
        const fq = fnAliases.get(m[1]!.toLowerCase());
        if (fq) add('function', fq, line);
      }
    });
  }
  return refs;
}

/** Whether `surface` provides the reference. */
export function surfaceHas(surface: ApiSurface, ref: CoreReference): boolean {
  switch (ref.kind) {
    case 'class':
      return ref.name in surface.classes;
    case 'method': {
      const [cls, method] = ref.name.split('::') as [string, string];
      const methods = surface.classes[cls];
      return !!methods && methods.some((x) => x.toLowerCase() === method.toLowerCase());
    }
    case 'function':
      return surface.functions.some((x) => x.toLowerCase() === ref.name.toLowerCase());
    case 'hook':
      return surface.hooks.includes(ref.name);
  }
}
