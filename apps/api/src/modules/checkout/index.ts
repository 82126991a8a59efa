// The checkout module's public surface: other modules, jobs and the app import only this file.
export { PaymentMethodOption } from './checkout.types';
export { PURCHASE_OPERATION, committedPurchaseResponse, purchasePaymentKey, settleUncapturedPayments } from './checkout.service';
export { completeIdempotencyKey, purgeExpiredIdempotencyKeys, releaseIdempotencyKey, takeOverStaleKeys } from './idempotency';
