/**
 * A whole number with a comma between thousands ("12,345"), as `n.toLocaleString('en-US')` writes it, without
 * Intl: the first Intl call of a page loads the browser's locale data, a long task while a phone hydrates the
 * catalog (issue 16). Anything but a safe integer is left to toLocaleString.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = (i > 3 ? ',' : '') + digits.slice(Math.max(0, i - 3), i) + out;
  return n < 0 ? `-${out}` : out;
}
