// The coupons module's public surface (platform-funded discount coupons): other modules, jobs and the app import only this file.
export { AdminCoupon } from './coupon.types';
