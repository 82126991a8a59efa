/**
 * A free-text reason as a sentence: trimmed, ending with exactly one full stop, unless it already
 * ends with a sentence mark (". ! ? …"). Lets a message say "{reason} It can no longer…" without
 * "script.." or a missing stop.
 */
export function asSentence(text: string | null | undefined): string {
  const t = (text ?? '').trim();
  if (!t) return '';
  return /[.!?…]["')\]]*$/.test(t) ? t : `${t}.`;
}
