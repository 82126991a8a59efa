// The admin module's public surface: the platform-admin error vocabulary (one GraphQL enum, AdminErrorCode) that the
// softwares, tax and coupons payloads share. Each of those domains has its own folder; this one holds only the codes.
export { AdminError, AdminErrorCode } from './admin.errors';
