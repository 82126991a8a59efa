// The notifications module's public surface: other modules, jobs and the app import only this file.
export { drainMailOutbox } from './mail-outbox';
export { createMailer } from './mailer';
export { notify, platformAdminRecipients } from './notification.service';
export type { Recipient } from './notification.service';
