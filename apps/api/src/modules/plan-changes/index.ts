// The plan-changes module's public surface: other modules, jobs and the app import only this file.
export { PlanChangeErrorCode } from './plan-change.errors';
export { applyDueScheduledChange } from './plan-change.service';
