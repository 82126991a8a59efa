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

/** A vendor-set entitlement code: `name` or `name:value`, each part `[a-z0-9_.-]`, at most 64 characters. */
const CODE = /^[a-z0-9_.-]+(:[a-z0-9_.-]+)?$/;
export const MAX_ENTITLEMENT_CODES = 50;

export type EntitlementCodesResult = { ok: true; codes: string[] } | { ok: false; index: number | null; message: string };

/**
 * Checks the entitlement codes a vendor sets on a plan (trimmed, lower-cased, sorted and unique, like
 * derived codes). Refuses a malformed code (with its index) and more than {@link MAX_ENTITLEMENT_CODES}.
 */
export function normalizeEntitlementCodes(list: readonly string[]): EntitlementCodesResult {
  if (list.length > MAX_ENTITLEMENT_CODES)
    return { ok: false, index: null, message: `At most ${MAX_ENTITLEMENT_CODES} entitlement codes per plan.` };
  const codes = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const code = list[i]!.trim().toLowerCase();
    if (code.length === 0 || code.length > 64 || !CODE.test(code)) {
      return {
        ok: false,
        index: i,
        message: 'An entitlement code is a name or name:value of lower-case letters, digits, "_", "." and "-" (at most 64 characters).',
      };
    }
    codes.add(code);
  }
  return { ok: true, codes: [...codes].sort() };
}

/**
 * The entitlement codes a plan grants: the vendor's own list when they set one (stored as a JSON array),
 * otherwise the codes derived from its features ({@link entitlementsOf}).
 */
export function planEntitlements(plan: { features?: unknown; entitlementCodes?: unknown } | null | undefined): string[] {
  if (!plan) return [];
  const custom = plan.entitlementCodes;
  if (Array.isArray(custom) && custom.every((c) => typeof c === 'string')) return [...(custom as string[])].sort();
  return entitlementsOf(plan.features);
}
