const intFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** 1 547 → "1,547" (locale grouping). */
export const formatCount = (n: number | null | undefined) => (n === null || n === undefined ? '—' : intFmt.format(n));

/** "234.50" MB (the API sends exact decimal strings). */
export const formatMb = (mb: string) => `${mb} MB`;

export const formatMs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${intFmt.format(ms)} ms`);

/** Shortens a hash for display: first 10 and last 6 characters. */
export const shortHash = (h: string | null | undefined) => (!h ? '—' : h.length > 20 ? `${h.slice(0, 10)}…${h.slice(-6)}` : h);

/** YYYY-MM-DD of a date, UTC. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** "2025-01-02" → "2 Jan" for chart axes. */
export function shortDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
