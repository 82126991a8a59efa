import { randomBytes } from 'node:crypto';
import type {
  AuthorizationResult,
  ChargeRequest,
  ChargeResult,
  PaymentMethodInfo,
  PaymentProvider,
  RefundOptions,
} from './payment-provider';

/** The sandbox's test payment methods (PRODUCT.md: one succeeds, one is declined, one fails at renewal). */
export const SANDBOX_METHODS = {
  success: 'pm_sandbox_success',
  declined: 'pm_sandbox_declined',
  failRenewal: 'pm_sandbox_fail_renewal',
} as const;

const TEST_METHODS: PaymentMethodInfo[] = [
  {
    id: SANDBOX_METHODS.success,
    label: 'Sandbox card — always succeeds',
    brand: 'visa',
    last4: '4242',
    description: 'Every charge succeeds.',
  },
  {
    id: SANDBOX_METHODS.declined,
    label: 'Sandbox card — always declined',
    brand: 'visa',
    last4: '0002',
    description: 'Every charge is declined.',
  },
  {
    id: SANDBOX_METHODS.failRenewal,
    label: 'Sandbox card — fails at renewal',
    brand: 'mastercard',
    last4: '0341',
    description: 'The first purchase succeeds; renewals charged later are declined.',
  },
];

export type SandboxOperation =
  | {
      kind: 'authorize';
      key: string;
      amount: string;
      currency: string;
      method: string;
      outcome: 'authorized' | 'declined';
      id: string | null;
    }
  | { kind: 'capture'; authorizationId: string; chargeId: string }
  | { kind: 'void'; authorizationId: string }
  | { kind: 'charge'; key: string; amount: string; currency: string; method: string; outcome: 'succeeded' | 'declined'; id: string | null }
  | { kind: 'refund'; chargeId: string; amount?: string };

interface Hold {
  id: string;
  amount: string;
  currency: string;
  state: 'authorized' | 'captured' | 'voided';
  chargeId: string | null;
}

/**
 * The built-in sandbox provider. It moves no real money: it keeps a ledger in memory so tests
 * (and the concurrency proofs) can count what was authorized, captured, voided and refunded.
 * Stored methods that are not test cards (the seed's pm_123abc, pm_456def) behave as cards that
 * always succeed.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  /** Every operation, in order. */
  readonly ledger: SandboxOperation[] = [];
  private readonly byKey = new Map<string, AuthorizationResult | ChargeResult>();
  private readonly holds = new Map<string, Hold>();
  private readonly charges = new Map<string, { amount: string; currency: string; refunded: boolean }>();
  private readonly refunds = new Map<string, string>();

  testMethods(): PaymentMethodInfo[] {
    return TEST_METHODS.map((m) => ({ ...m }));
  }

  private declineFor(method: string, offSession: boolean): { code: string; message: string } | null {
    if (method === SANDBOX_METHODS.declined) return { code: 'card_declined', message: 'The card was declined.' };
    if (method === SANDBOX_METHODS.failRenewal && offSession) {
      return { code: 'card_declined', message: 'The card was declined for this renewal.' };
    }
    return null;
  }

  async authorize(request: ChargeRequest): Promise<AuthorizationResult> {
    const key = `auth:${request.idempotencyKey}`;
    const earlier = this.byKey.get(key);
    if (earlier) return earlier as AuthorizationResult;
    const decline = this.declineFor(request.paymentMethodId, request.offSession);
    let result: AuthorizationResult;
    if (decline) {
      result = { status: 'declined', ...decline };
    } else {
      const id = `auth_sbx_${randomBytes(8).toString('hex')}`;
      this.holds.set(id, { id, amount: request.amount, currency: request.currency, state: 'authorized', chargeId: null });
      result = { status: 'authorized', authorizationId: id };
    }
    this.byKey.set(key, result);
    this.ledger.push({
      kind: 'authorize',
      key: request.idempotencyKey,
      amount: request.amount,
      currency: request.currency,
      method: request.paymentMethodId,
      outcome: result.status,
      id: result.status === 'authorized' ? result.authorizationId : null,
    });
    return result;
  }

  async capture(authorizationId: string): Promise<{ chargeId: string }> {
    const hold = this.holds.get(authorizationId);
    if (!hold) throw new Error(`Unknown authorization ${authorizationId}`);
    if (hold.state === 'captured' && hold.chargeId) return { chargeId: hold.chargeId };
    if (hold.state === 'voided') throw new Error(`Authorization ${authorizationId} was voided`);
    const chargeId = `ch_sbx_${randomBytes(8).toString('hex')}`;
    hold.state = 'captured';
    hold.chargeId = chargeId;
    this.charges.set(chargeId, { amount: hold.amount, currency: hold.currency, refunded: false });
    this.ledger.push({ kind: 'capture', authorizationId, chargeId });
    return { chargeId };
  }

  async void(authorizationId: string): Promise<void> {
    const hold = this.holds.get(authorizationId);
    if (!hold || hold.state !== 'authorized') return;
    hold.state = 'voided';
    this.ledger.push({ kind: 'void', authorizationId });
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const key = `charge:${request.idempotencyKey}`;
    const earlier = this.byKey.get(key);
    if (earlier) return earlier as ChargeResult;
    const decline = this.declineFor(request.paymentMethodId, request.offSession);
    let result: ChargeResult;
    if (decline) {
      result = { status: 'declined', ...decline };
    } else {
      const chargeId = `ch_sbx_${randomBytes(8).toString('hex')}`;
      this.charges.set(chargeId, { amount: request.amount, currency: request.currency, refunded: false });
      result = { status: 'succeeded', chargeId };
    }
    this.byKey.set(key, result);
    this.ledger.push({
      kind: 'charge',
      key: request.idempotencyKey,
      amount: request.amount,
      currency: request.currency,
      method: request.paymentMethodId,
      outcome: result.status,
      id: result.status === 'succeeded' ? result.chargeId : null,
    });
    return result;
  }

  async refund(chargeId: string, options: RefundOptions = {}): Promise<{ refundId: string }> {
    const key = options.idempotencyKey ?? `full:${chargeId}`;
    const done = this.refunds.get(key);
    if (done) return { refundId: done };
    const refundId = `re_sandbox_${this.refunds.size + 1}_${chargeId.slice(-8)}`;
    this.refunds.set(key, refundId);
    // A charge made by another process (the sandbox keeps no shared state) is refunded as asked.
    const charge = this.charges.get(chargeId);
    if (charge && !options.amount) charge.refunded = true;
    this.ledger.push({ kind: 'refund', chargeId, ...(options.amount ? { amount: options.amount } : {}) });
    return { refundId };
  }

  /** Money that actually moved and was kept: captured or charged, not refunded. */
  keptCharges(): { chargeId: string; amount: string; currency: string }[] {
    return [...this.charges.entries()]
      .filter(([, c]) => !c.refunded)
      .map(([chargeId, c]) => ({ chargeId, amount: c.amount, currency: c.currency }));
  }

  /** Authorizations still held (neither captured nor voided): should always be empty after a request. */
  openHolds(): string[] {
    return [...this.holds.values()].filter((h) => h.state === 'authorized').map((h) => h.id);
  }
}
