/**
 * @wk/domain — the marketplace's pure business rules: money, tax, coupons, commission, quotes,
 * semver and compatibility, license keys, states and periods, invoices and payouts.
 * No I/O: callers load the data, these functions decide.
 */
export * from './errors';
export * from './money';
export * from './semver';
export * from './tax';
export * from './commission';
export * from './coupon';
export * from './quote';
export * from './license';
export * from './invoice';
export * from './payout';
export * from './compat';
export * from './lifecycle';
export * from './recurring';
export * from './entitlements';
export * from './price-protection';
export * from './monitoring';
export * from './stable-json';
