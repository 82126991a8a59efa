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
