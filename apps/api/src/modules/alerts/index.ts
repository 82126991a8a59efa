// The alerts module's public surface: other modules, jobs and the app import only this file.
export { evaluateAlerts } from './alerts.service';
