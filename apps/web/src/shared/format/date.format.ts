/** Dates from the API are ISO-8601 strings (scalar DateTime). Shown in the browser's locale. */
type DateInput = string | Date | null | undefined;

function toDate(value: DateInput): Date | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

// Made on first use, not when the module loads: the first Intl object of a page loads the browser's locale data,
// which would otherwise run while a server-rendered page hydrates (dates show in the locale only after it).
let dateFmt: Intl.DateTimeFormat | undefined;
let dateTimeFmt: Intl.DateTimeFormat | undefined;

/** "12 Mar 2025" (locale-dependent); "—" when missing. */
export function formatDate(value: DateInput): string {
  const d = toDate(value);
  return d ? (dateFmt ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' })).format(d) : '—';
}

/** "12 Mar 2025, 14:05"; "—" when missing. */
export function formatDateTime(value: DateInput): string {
  const d = toDate(value);
  if (!d) return '—';
  dateTimeFmt ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return dateTimeFmt.format(d);
}

let relFmt: Intl.RelativeTimeFormat | undefined;
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "in 3 days", "2 hours ago", "now". */
export function formatRelative(value: DateInput, now: Date = new Date()): string {
  const d = toDate(value);
  if (!d) return '—';
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  relFmt ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relFmt.format(Math.round(seconds / size), unit);
  }
  return relFmt.format(0, 'minute');
}

/** "2026-03-01T10:00" for <input type="datetime-local"> from an ISO string (local time). */
export function toLocalInput(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO string from a datetime-local value (or a URL parameter); null when empty or not a date. */
export function fromLocalInput(value: string | null | undefined): string | null {
  return toDate(value)?.toISOString() ?? null;
}
