import { formatDate, formatDateTime } from '../format/date.format';

/** A <time> element with the machine-readable value and a human label. */
export function DateText({ value, withTime = false }: { value: string | null | undefined; withTime?: boolean }) {
  if (!value) return <span>—</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {withTime ? formatDateTime(value) : formatDate(value)}
    </time>
  );
}
