import type { OrgRole, Permission, PlatformRole } from '../../gql/graphql';

export const platformRoleLabel: Record<PlatformRole, string> = {
  user: 'User',
  platform_admin: 'Platform admin',
};

export const orgRoleLabel: Record<OrgRole, string> = {
  admin: 'Admin',
  developer: 'Developer',
  viewer: 'Viewer',
};

export const permissionLabel: Record<Permission, string> = {
  all: 'Everything',
  view_modules: 'View modules',
  view_instances: 'View instances',
  manage_instances: 'Manage instances',
  purchase_modules: 'Purchase modules',
  manage_licenses: 'Manage licenses',
  manage_members: 'Manage members',
  manage_billing: 'Manage billing',
};
