/**
 * Entitlement codes of a plan, derived from its features (seed 001 `features` JSON), so that
 * instances can switch capabilities on without knowing a plan's marketing names:
 * - `{ "updates": true }` → `updates`; `false`, null and empty values grant nothing;
 * - `{ "support": "priority" }` → `support:priority`; numbers likewise (`limited_features:1`);
 * - a list → one code per item (`{ "channels": ["email", "sms"] }` → `channels:email`, `channels:sms`).
 * Codes are lower case, `[a-z0-9_.-]` per part, sorted and unique: the same features always give the
 * same codes.
 */
const part = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s/]+/g, '_')
    .replace(/[^a-z0-9_.-]/g, '');

export function entitlementsOf(features: unknown): string[] {
  if (!features || typeof features !== 'object' || Array.isArray(features)) return [];
  const codes = new Set<string>();
  const add = (key: string, value: unknown) => {
    const k = part(key);
    if (!k) return;
    if (value === true) codes.add(k);
    else if (typeof value === 'string' && part(value)) codes.add(`${k}:${part(value)}`);
    else if (typeof value === 'number' && Number.isFinite(value)) codes.add(`${k}:${value}`);
    else if (Array.isArray(value)) for (const item of value) add(key, item);
  };
  for (const [key, value] of Object.entries(features as Record<string, unknown>)) add(key, value);
  return [...codes].sort();
}
