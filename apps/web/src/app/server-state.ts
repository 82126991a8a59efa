/**
 * The element in which the API writes the Apollo cache of a page it rendered (apps/api/src/web-shell.ts,
 * app/entry-server.tsx): its presence means #root holds server-rendered HTML to hydrate.
 */
export const SERVER_STATE_ELEMENT_ID = 'wk-server-state';

/** The server's Apollo cache, or null when the page was not rendered by the server (or the block is unreadable). */
export function readServerState(doc: Document = document): Record<string, unknown> | null {
  const text = doc.getElementById(SERVER_STATE_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
