import { describe, expect, it } from 'vitest';
import { meetsRequirement } from './role-guard';
import type { CurrentUser } from '../session/session-provider';

const user = (over: Partial<CurrentUser>): CurrentUser => ({ memberships: [], vendors: [], platformRole: 'user', ...over }) as CurrentUser;

describe('meetsRequirement (which areas a user may enter)', () => {
  it('member area: only users with an organization', () => {
    expect(meetsRequirement(user({}), 'member')).toBe(false);
    expect(meetsRequirement(user({ memberships: [{}] as CurrentUser['memberships'] }), 'member')).toBe(true);
  });

  it('vendor portal: only users who run a vendor', () => {
    expect(meetsRequirement(user({ memberships: [{}] as CurrentUser['memberships'] }), 'vendor')).toBe(false);
    expect(meetsRequirement(user({ vendors: [{}] as CurrentUser['vendors'] }), 'vendor')).toBe(true);
  });

  it('admin area: only platform admins, whatever else they are', () => {
    const busy = user({ memberships: [{}] as CurrentUser['memberships'], vendors: [{}] as CurrentUser['vendors'] });
    expect(meetsRequirement(busy, 'platform_admin')).toBe(false);
    expect(meetsRequirement(user({ platformRole: 'platform_admin' } as Partial<CurrentUser>), 'platform_admin')).toBe(true);
  });
});
