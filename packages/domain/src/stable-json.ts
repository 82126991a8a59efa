/**
 * JSON with object keys sorted and `undefined` members left out, so two equal values give the same text
 * whatever their key order: the key of an operation's variables. The API's web shell writes the first
 * page's answers under it and the web app's first-data link reads them back (issue 16).
 * No dependency: the web app imports this file alone (`@wk/domain/dist/stable-json`), not the package.
 */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
