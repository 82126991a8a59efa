// The admin module's public surface: other modules, jobs and the app import only this file.
export { AdminSoftware, AdminSoftwareCore } from './admin.types';
