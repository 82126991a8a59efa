import type { OrgRole, Permission } from '../../../gql/graphql';

export const ROLE_OPTIONS: { value: OrgRole; label: string; description: string }[] = [
  { value: 'viewer', label: 'Viewer', description: 'Sees modules and instances; changes nothing.' },
  { value: 'developer', label: 'Developer', description: 'Manages instances and activations; sees modules.' },
  { value: 'admin', label: 'Admin', description: 'Everything: purchases, licenses, billing and members.' },
];

/** Permissions a member can be given explicitly ("all" is the admin role). */
export const GRANTABLE: Permission[] = [
  'view_modules',
  'view_instances',
  'manage_instances',
  'purchase_modules',
  'manage_licenses',
  'manage_members',
  'manage_billing',
];

export const ROLE_COLOR: Record<OrgRole, string> = { admin: 'indigo', developer: 'teal', viewer: 'gray' };

/** Role defaults (PRODUCT.md "Roles and permissions"), to tell a custom permission list from the defaults. */
export const ROLE_DEFAULTS: Record<OrgRole, Permission[]> = {
  admin: ['all'],
  developer: ['manage_instances', 'view_modules'],
  viewer: ['view_modules', 'view_instances'],
};

/** Whether a membership's explicit list differs from its role's defaults (an empty list means the defaults). */
export function hasCustomPermissions(role: OrgRole, permissions: readonly Permission[]): boolean {
  if (role === 'admin' || permissions.length === 0) return false;
  const defaults = ROLE_DEFAULTS[role];
  return permissions.length !== defaults.length || permissions.some((p) => !defaults.includes(p));
}
