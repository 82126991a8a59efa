/**
 * The payment provider interface (PRODUCT.md "Purchases and licenses"). Checkout authorizes first
 * and captures only once the purchase is committed, so an authorization can always be voided
 * when the purchase cannot complete (coupon exhausted, database failure): a buyer is never
 * charged for something they did not get. Renewals charge off-session in one step.
 *
 * Every call carries an idempotency key: the same key returns the same outcome and never moves
 * money twice (providers such as Stripe behave the same way).
 */
export interface ChargeRequest {
  /** The provider-side idempotency key (unique per business attempt). */
  idempotencyKey: string;
  /** Exact 2-decimal amount, e.g. "49.00". Never a float. */
  amount: string;
  currency: string;
  paymentMethodId: string;
  /** Whether the buyer is present (checkout) or not (renewal charged by the job runner). */
  offSession: boolean;
  description: string;
}

export type AuthorizationResult = { status: 'authorized'; authorizationId: string } | { status: 'declined'; code: string; message: string };

export interface ProviderPaymentState {
  authorizationId: string;
  state: 'authorized' | 'captured' | 'voided' | 'declined' | 'refunded';
  chargeId: string | null;
  amount: string;
  currency: string;
}

export type ChargeResult = { status: 'succeeded'; chargeId: string } | { status: 'declined'; code: string; message: string };

export interface PaymentProvider {
  /** Stored on payment rows (`payments.provider`). */
  readonly name: string;
  /** Holds the amount on the payment method without moving it. */
  authorize(request: ChargeRequest): Promise<AuthorizationResult>;
  /** Moves the held amount; returns the charge id. Idempotent per authorization. */
  capture(authorizationId: string): Promise<{ chargeId: string }>;
  /** Releases a hold that will not be captured. Idempotent. */
  void(authorizationId: string): Promise<void>;
  /** Authorize + capture at once (off-session renewals). */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Gives a captured charge back, whole (compensation when a commit fails after capture) or in
   * part (`amount`, an admin refund). Idempotent per `idempotencyKey`. Returns the refund id.
   */
  refund(chargeId: string, options?: RefundOptions): Promise<{ refundId: string }>;
  /**
   * The authorization made with this idempotency key, if any (reconciliation: a process that
   * crashed between authorize and commit leaves a hold only the provider knows about).
   */
  lookup(idempotencyKey: string): Promise<ProviderPaymentState | null>;
  /** The sandbox's test cards (only the sandbox has them; see sandboxTestMethods). */
  testMethods?(): PaymentMethodInfo[];
}

export interface PaymentMethodInfo {
  id: string;
  label: string;
  brand: string | null;
  last4: string | null;
  /** What happens with this method in the sandbox (for test cards only). */
  description?: string;
}

export interface RefundOptions {
  /** Exact 2-decimal amount; the whole charge when omitted. */
  amount?: string;
  idempotencyKey?: string;
}
