// The vendors module's public surface: other modules, jobs and the app import only this file.
export { Vendor } from './vendor.types';
export { isHttpUrl, vendorForMemberOrAdmin } from './vendor.service';
export { canManageVendor, requireVendorMember, vendorsManagedBy } from './vendor-access';
