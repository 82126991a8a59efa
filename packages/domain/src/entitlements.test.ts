import { entitlementsOf } from './entitlements';

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
