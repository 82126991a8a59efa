const intFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export const formatCount = (n: number | null | undefined) => (n === null || n === undefined ? '—' : intFmt.format(n));
export const formatMs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${intFmt.format(ms)} ms`);

/** "2025-01-02" → "2 Jan" for chart axes. */
export function shortDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "1.0.0 on core 2.0.0": one series per module version × core version. */
export const groupLabel = (g: { version: string; coreVersion: string }) => `${g.version} on core ${g.coreVersion}`;

const PALETTE = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'lime.7', 'pink.6', 'yellow.7'];
export const seriesColor = (i: number) => PALETTE[i % PALETTE.length]!;

/** A percentile read off the merged histogram: "≤ 250 ms", or "> 30,000 ms" in the open bucket; "—" without data. */
export const formatPercentile = (p: { ms: number; overflow: boolean } | null | undefined) =>
  p ? `${p.overflow ? '>' : '≤'} ${intFmt.format(p.ms)} ms` : '—';

/** "3.60 %", or "—" without calls. */
export const formatRate = (r: string | null | undefined) => (r === null || r === undefined ? '—' : `${r} %`);

/** Newest version first ("1.10.0" after "1.9.0" numerically; pre-release tags sort as text). */
export function compareSemverDesc(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y).localeCompare(String(x));
  }
  return 0;
}
