/** "≥ 2.0.0" for an open range, "1.9.0 – 1.9.5" otherwise, "= 2.0.0" when both ends meet. */
export function formatRange(min: string, max: string | null | undefined): string {
  if (!max) return `${min} or later`;
  if (min === max) return `exactly ${min}`;
  return `${min} – ${max}`;
}
