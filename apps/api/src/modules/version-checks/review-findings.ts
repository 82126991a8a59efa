/**
 * What every automated check reports: findings tied to a file and line, with the lines around
 * them (secrets masked). Shared by the rule files and the checks.
 */
export type Severity = 'blocking' | 'warning' | 'info';

export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string | null;
  line: number | null;
  message: string;
  snippet?: string | null;
  snippetStartLine?: number | null;
  justification?: string | null;
  justificationSource?: 'manifest' | 'vendor' | null;
}

/** A text file of the archive, split into lines once. */
export interface TextFile {
  path: string;
  text: string;
  lines: string[];
}

const CONTEXT_LINES = 2;
const MAX_SNIPPET_LINE = 240;

/** The lines around `line` (1-based), each cut to a readable length and passed through `mask`. */
export function snippetAround(file: TextFile, line: number, mask: (s: string) => string = (s) => s) {
  const start = Math.max(1, line - CONTEXT_LINES);
  const end = Math.min(file.lines.length, line + CONTEXT_LINES);
  const text = file.lines
    .slice(start - 1, end)
    .map((l) => {
      const m = mask(l);
      return m.length > MAX_SNIPPET_LINE ? `${m.slice(0, MAX_SNIPPET_LINE)}…` : m;
    })
    .join('\n');
  return { snippet: text, snippetStartLine: start };
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

export function extensionOf(p: string): string {
  const b = baseName(p);
  const i = b.lastIndexOf('.');
  return i > 0 ? b.slice(i + 1).toLowerCase() : '';
}
