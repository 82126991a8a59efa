/** The payments module's public face for other modules. */
export { renewalPaymentMethodId } from './payment-method.service';
export { isUsablePaymentMethod, paymentMethodLabel, paymentsOf, checkoutPaymentMethods, listPaymentMethods } from './payment.service';
export { canSeeBilling, createPaymentProvider } from './payment.service';
export type { PaymentProvider, ChargeRequest, ChargeResult, CardDetails, TokenizeResult } from './payment-provider';
