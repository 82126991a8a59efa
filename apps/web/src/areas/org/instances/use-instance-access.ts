import { useCurrentOrg } from '../../../shared/session/current-org';

/**
 * What the signed-in member may do with the current organization's instances. Only decides what
 * to render: the API checks the same permissions on every field.
 */
export function useInstanceAccess() {
  const { membership, organization } = useCurrentOrg();
  const perms = membership?.effectivePermissions ?? [];
  return {
    orgId: organization?.id ?? null,
    orgName: organization?.name ?? null,
    canView: perms.includes('view_instances'),
    canManage: perms.includes('manage_instances'),
  };
}
