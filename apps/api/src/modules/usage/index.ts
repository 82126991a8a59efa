// The usage module's public surface: other modules, jobs and the app import only this file.
export { recordErrors, recordUsage } from './usage.service';
