import { entitlementsOf, normalizeEntitlementCodes, planEntitlements } from './entitlements';

describe('entitlementsOf', () => {
  it('derives codes from the seed plans’ features', () => {
    expect(entitlementsOf({ support: 'email', updates: true })).toEqual(['support:email', 'updates']);
    expect(entitlementsOf({ support: 'dedicated', custom_dev: true })).toEqual(['custom_dev', 'support:dedicated']);
    expect(entitlementsOf({ support: 'community', limited_features: 1 })).toEqual(['limited_features:1', 'support:community']);
  });

  it('grants nothing for false, null, empty strings and non-finite numbers', () => {
    expect(entitlementsOf({ updates: false, sso: null, tier: '  ', n: Number.NaN })).toEqual([]);
  });

  it('expands lists and normalises case, spaces and punctuation', () => {
    expect(entitlementsOf({ Channels: ['E-mail', 'SMS', 'sms'], 'API Access': true })).toEqual([
      'api_access',
      'channels:e-mail',
      'channels:sms',
    ]);
  });

  it('is empty for anything that is not an object of features', () => {
    for (const v of [null, undefined, 'x', 3, ['a']]) expect(entitlementsOf(v)).toEqual([]);
  });

  it('is deterministic whatever the key order', () => {
    expect(entitlementsOf({ b: true, a: 'x' })).toEqual(entitlementsOf({ a: 'x', b: true }));
  });
});

describe('normalizeEntitlementCodes', () => {
  it('trims, lower-cases, sorts and de-duplicates', () => {
    expect(normalizeEntitlementCodes([' SSO ', 'support:priority', 'sso', 'api.calls:10000'])).toEqual({
      ok: true,
      codes: ['api.calls:10000', 'sso', 'support:priority'],
    });
    expect(normalizeEntitlementCodes([])).toEqual({ ok: true, codes: [] });
  });

  it('refuses a malformed code with its index, and more than 50 codes', () => {
    for (const bad of ['', 'two words', 'a:b:c', 'é', 'x'.repeat(65), ':value', 'name:']) {
      const r = normalizeEntitlementCodes(['ok', bad]);
      expect(r).toMatchObject({ ok: false, index: 1 });
    }
    expect(normalizeEntitlementCodes(Array.from({ length: 51 }, (_, i) => `c${i}`))).toMatchObject({ ok: false, index: null });
    expect(normalizeEntitlementCodes(Array.from({ length: 50 }, (_, i) => `c${i}`)).ok).toBe(true);
  });
});

describe('planEntitlements', () => {
  it('uses the vendor’s list when set, the features otherwise', () => {
    const features = { support: 'email', updates: true };
    expect(planEntitlements({ features, entitlementCodes: null })).toEqual(['support:email', 'updates']);
    expect(planEntitlements({ features, entitlementCodes: ['sso', 'audit'] })).toEqual(['audit', 'sso']);
    expect(planEntitlements({ features, entitlementCodes: [] })).toEqual([]); // an explicit empty list grants nothing
    expect(planEntitlements(null)).toEqual([]);
  });
});
