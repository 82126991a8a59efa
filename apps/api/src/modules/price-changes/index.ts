// The price-changes module's public surface: other modules, jobs and the app import only this file.
export { day, licenseOnPlanSince, nextRenewalPrice, recordPriceChange, renewalPrice } from './price-change.service';
