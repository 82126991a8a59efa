// The tax module's public surface (tax rules, as platform admins manage them): other modules, jobs and the app import only this file.
export { AdminTaxRule } from './tax.types';
