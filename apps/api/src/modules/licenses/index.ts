// The licenses module's public surface: other modules, jobs and the app import only this file.
export { License, LicensePayload, ModuleRef, PlanRef } from './license.types';
export { toModuleRef, toPlanRef } from './license.mapper';
export { changeLicenseStatus, heldLicenses, isInTrial, isRenewablePlan, licenseRecipients, noteLicenseEvent } from './license.service';
export { activeUsersSql, licenseUserCount } from './user-limit';
