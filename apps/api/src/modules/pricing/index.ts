// The pricing module's public surface (a module's pricing plans, as its vendor manages them): other modules, jobs and
// the app import only this file.
export { VendorPricingPlan } from './pricing.types';
