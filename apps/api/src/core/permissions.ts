import type { OrgRole, Permission } from '@wk/db';

export const ALL_PERMISSIONS: Permission[] = [
  'view_modules',
  'view_instances',
  'manage_instances',
  'purchase_modules',
  'manage_licenses',
  'manage_members',
  'manage_billing',
] as Permission[];

/** Role defaults (PRODUCT.md "Roles and permissions"). */
export const ROLE_DEFAULTS: Record<OrgRole, Permission[]> = {
  admin: ['all'] as Permission[],
  developer: ['manage_instances', 'view_modules'] as Permission[],
  viewer: ['view_modules', 'view_instances'] as Permission[],
};

/** What a permission implies beyond itself. */
const IMPLIES: Partial<Record<Permission, Permission[]>> = {
  manage_instances: ['view_instances'] as Permission[],
  manage_licenses: ['view_modules'] as Permission[],
  purchase_modules: ['view_modules'] as Permission[],
};

/** The effective permission set of a membership: its explicit list, or its role's defaults. */
export function effectivePermissions(role: OrgRole, explicit: readonly Permission[]): Set<Permission> {
  const base = explicit.length > 0 ? explicit : ROLE_DEFAULTS[role];
  if (base.includes('all' as Permission)) return new Set(ALL_PERMISSIONS);
  const out = new Set<Permission>();
  for (const p of base) {
    out.add(p);
    for (const q of IMPLIES[p] ?? []) out.add(q);
  }
  return out;
}
