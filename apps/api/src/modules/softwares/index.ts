// The softwares module's public surface: other modules, jobs and the app import only this file.
export { Software, SoftwareCore } from './software.types';
export { publicCoresOf } from './software.service';
export { AdminSoftware, AdminSoftwareCore } from './software-admin.types';
