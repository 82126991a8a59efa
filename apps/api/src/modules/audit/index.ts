// The audit module's public surface (the audit log search, platform-wide and per organization): other modules, jobs and
// the app import only this file. Writing an audit row is core/audit.ts.
export { AdminAuditLogEntry } from './audit.types';
