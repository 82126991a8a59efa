// The payouts module's public surface: other modules, jobs and the app import only this file.
export { generatePayouts, vendorRecipients, vendorRevenue } from './payout.service';
