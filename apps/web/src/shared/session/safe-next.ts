/**
 * The `next` parameter of /sign-in and /sign-up, accepted only as a path on this site
 * (no scheme, no `//host`, no backslashes) so a crafted link cannot send users elsewhere.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  if (/^\/(sign-in|sign-up)(\/|\?|$)/.test(next)) return fallback;
  return next;
}

/** `/sign-in?next=<current location>` */
export function signInPath(next?: string): string {
  const safe = safeNextPath(next, '');
  return safe && safe !== '/' ? `/sign-in?next=${encodeURIComponent(safe)}` : '/sign-in';
}
