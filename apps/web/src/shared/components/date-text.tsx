import { formatDate, formatDateTime } from '../format/date.format';
import { useHydrated } from '../format/use-hydrated';

/**
 * A date as the server writes it (ISO, UTC): before the browser has taken over a server-rendered page,
 * whose locale and time zone the server does not know.
 */
export function isoLabel(value: string | Date, withTime = false): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  const iso = d.toISOString();
  return withTime ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : iso.slice(0, 10);
}

/** A <time> element with the machine-readable value and a human label (in the browser's locale once hydrated). */
export function DateText({ value, withTime = false }: { value: string | null | undefined; withTime?: boolean }) {
  const hydrated = useHydrated();
  if (!value) return <span>—</span>;
  if (!hydrated) return <time dateTime={value}>{isoLabel(value, withTime)}</time>;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {withTime ? formatDateTime(value) : formatDate(value)}
    </time>
  );
}
