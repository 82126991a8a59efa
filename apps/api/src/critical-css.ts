/**
 * The CSS a server-rendered page needs for its first paint (issue 16): the web build's stylesheets (Mantine's
 * whole stylesheet is 250 KB, 30 KB br) cut down to the rules that can match the page's HTML, inlined in its
 * <head>, so that nothing blocks the first paint but the HTML itself. The full stylesheets are still fetched at
 * once (`preload`) and applied by the app's entry script before it hydrates (apps/web/src/main.tsx), so anything
 * drawn later (menus, dialogs, toasts) has its rules.
 *
 * A rule is kept unless one of its selectors certainly cannot match: every class a selector requires (outside
 * `:not()`, `:is()`, `:where()` and any other parenthesised or bracketed part) must be on some element of the
 * page. Selectors with no class (`:root`, `body`, `*`), at-rules without rules inside (`@font-face`,
 * `@keyframes`) and everything the cut does not understand are kept. So the cut only ever keeps too much, never
 * too little: each kept rule is the original text, in the original order, inside its original `@media` blocks.
 */

/** One part of a stylesheet: a style rule, a block of rules (`@media`, `@supports`, `@container`, `@layer x`), or text kept whole. */
export type CssNode =
  | { kind: 'rule'; selector: string; text: string }
  | { kind: 'group'; prelude: string; children: CssNode[] }
  | { kind: 'raw'; text: string };

/** At-rules whose block holds style rules (the others' blocks are kept whole). */
const GROUPING = /^@(media|supports|container|layer|document|scope)\b/i;

/** The index just past the block that opens at `open` (a `{`), skipping strings and comments. */
function blockEnd(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") i = stringEnd(css, i);
    else if (c === '/' && css[i + 1] === '*') i = css.indexOf('*/', i + 2) < 0 ? css.length : css.indexOf('*/', i + 2) + 1;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return css.length;
}

function stringEnd(css: string, start: number): number {
  const quote = css[start];
  for (let i = start + 1; i < css.length; i++) {
    if (css[i] === '\\') i++;
    else if (css[i] === quote) return i;
  }
  return css.length;
}

/** The stylesheet as a list of nodes (a minified build's output, or any well-formed CSS). */
export function parseCss(css: string): CssNode[] {
  const nodes: CssNode[] = [];
  let i = 0;
  while (i < css.length) {
    // Whitespace and comments between rules.
    if (/\s/.test(css[i]!)) {
      i++;
      continue;
    }
    if (css.startsWith('/*', i)) {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 2;
      continue;
    }
    // The prelude runs to the first `{` or `;` outside strings and parentheses.
    let j = i;
    let parens = 0;
    for (; j < css.length; j++) {
      const c = css[j];
      if (c === '"' || c === "'") j = stringEnd(css, j);
      else if (c === '(') parens++;
      else if (c === ')') parens--;
      else if (parens <= 0 && (c === '{' || c === ';')) break;
    }
    const prelude = css.slice(i, j).trim();
    if (j >= css.length || css[j] === ';') {
      nodes.push({ kind: 'raw', text: css.slice(i, Math.min(j + 1, css.length)) });
      i = j + 1;
      continue;
    }
    const end = blockEnd(css, j);
    if (prelude.startsWith('@')) {
      nodes.push(
        GROUPING.test(prelude)
          ? { kind: 'group', prelude, children: parseCss(css.slice(j + 1, end - 1)) }
          : { kind: 'raw', text: css.slice(i, end) },
      );
    } else {
      nodes.push({ kind: 'rule', selector: prelude, text: css.slice(i, end) });
    }
    i = end;
  }
  return nodes;
}

/** Every class on an element of the HTML (`class="…"`, as React writes it). */
export function classesOf(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) for (const c of m[1]!.split(/\s+/)) if (c) out.add(c);
  return out;
}

/** The selector with its parenthesised and bracketed parts and strings removed (what every match requires). */
function required(selector: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (c === '\\') {
      if (depth === 0) out += c + (selector[i + 1] ?? '');
      i++;
    } else if (c === '"' || c === "'") i = stringEnd(selector, i);
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out;
}

/** Splits a selector list at its top-level commas. */
function selectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '\\') i++;
    else if (c === '"' || c === "'") i = stringEnd(list, i);
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out;
}

const CLASS = /\.((?:\\.|[\w-])+)/g;

/** False only when the selector list certainly matches nothing in a page with these classes. */
export function mayMatch(selectorList: string, classes: ReadonlySet<string>): boolean {
  return selectors(selectorList).some((s) => {
    for (const m of required(s).matchAll(CLASS)) if (!classes.has(m[1]!.replace(/\\(.)/g, '$1'))) return false;
    return true;
  });
}

/** The rules of `nodes` that may match a page with these classes, as CSS text. */
export function criticalCss(nodes: CssNode[], classes: ReadonlySet<string>): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'raw') out += n.text;
    else if (n.kind === 'rule') {
      if (mayMatch(n.selector, classes)) out += n.text;
    } else {
      const inner = criticalCss(n.children, classes);
      if (inner) out += `${n.prelude}{${inner}}`;
    }
  }
  return out;
}
