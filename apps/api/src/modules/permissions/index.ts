/** Module permissions and consent: the public face of this module for the others. */
export {
  currentConsent,
  isOrgAdmin,
  permissionChange,
  permissionDelta,
  recordConsent,
  requireOrgAdmin,
  revokeConsents,
  unknownPermissions,
} from './permission.service';
export { PermissionChange, ModulePermission } from './permission.types';
