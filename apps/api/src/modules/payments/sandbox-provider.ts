import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@wk/db';
import type {
  AuthorizationResult,
  ChargeRequest,
  ChargeResult,
  PaymentMethodInfo,
  PaymentProvider,
  ProviderPaymentState,
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

/**
 * One record of the sandbox provider: an authorization (hold), a one-step charge, or a refund
 * (kind `refund`, keyed by the refund's idempotency key, state `refunded`).
 */
export interface SandboxRecord {
  id: string;
  kind: 'authorize' | 'charge' | 'refund';
  idempotencyKey: string;
  amount: string;
  currency: string;
  paymentMethodId: string;
  state: 'authorized' | 'captured' | 'voided' | 'succeeded' | 'declined' | 'refunded';
  chargeId: string | null;
  declineCode: string | null;
  declineMessage: string | null;
}

/**
 * Where the sandbox keeps its records. In memory for unit tests; in PostgreSQL
 * (`sandbox_payment_records`) when the product runs, so that — like a real provider — the same
 * idempotency key returns the same authorization in every process and after a crash.
 */
export interface SandboxStore {
  /** Inserts unless a record of this kind and key exists; returns the stored one and whether it was new. */
  insertOnce(record: SandboxRecord): Promise<{ record: SandboxRecord; created: boolean }>;
  byId(id: string): Promise<SandboxRecord | null>;
  byChargeId(chargeId: string): Promise<SandboxRecord | null>;
  byKey(kind: SandboxRecord['kind'], idempotencyKey: string): Promise<SandboxRecord | null>;
  /** Moves a record from one state to another (compare-and-set); false when it was not in `from`. */
  transition(id: string, from: SandboxRecord['state'], to: SandboxRecord['state'], chargeId?: string): Promise<boolean>;
  list(): Promise<SandboxRecord[]>;
}

export class MemorySandboxStore implements SandboxStore {
  private readonly records = new Map<string, SandboxRecord>();
  async insertOnce(record: SandboxRecord) {
    // Synchronous check-and-set: concurrent calls with one key cannot both insert.
    const existing = [...this.records.values()].find((x) => x.kind === record.kind && x.idempotencyKey === record.idempotencyKey);
    if (existing) return { record: { ...existing }, created: false };
    this.records.set(record.id, { ...record });
    return { record: { ...record }, created: true };
  }
  async byId(id: string) {
    const r = this.records.get(id);
    return r ? { ...r } : null;
  }
  async byChargeId(chargeId: string) {
    const r = [...this.records.values()].find((x) => x.chargeId === chargeId);
    return r ? { ...r } : null;
  }
  async byKey(kind: SandboxRecord['kind'], idempotencyKey: string) {
    const r = [...this.records.values()].find((x) => x.kind === kind && x.idempotencyKey === idempotencyKey);
    return r ? { ...r } : null;
  }
  async transition(id: string, from: SandboxRecord['state'], to: SandboxRecord['state'], chargeId?: string) {
    const r = this.records.get(id);
    if (!r || r.state !== from) return false;
    r.state = to;
    if (chargeId) r.chargeId = chargeId;
    return true;
  }
  async list() {
    return [...this.records.values()].map((r) => ({ ...r }));
  }
}

type SandboxDb = Pick<PrismaClient, 'sandboxPaymentRecord'>;

const fromRow = (r: {
  id: string;
  kind: string;
  idempotencyKey: string;
  amount: { toFixed(n: number): string };
  currency: string;
  paymentMethodId: string;
  state: string;
  chargeId: string | null;
  declineCode: string | null;
  declineMessage: string | null;
}): SandboxRecord => ({
  id: r.id,
  kind: r.kind as SandboxRecord['kind'],
  idempotencyKey: r.idempotencyKey,
  amount: r.amount.toFixed(2),
  currency: r.currency,
  paymentMethodId: r.paymentMethodId,
  state: r.state as SandboxRecord['state'],
  chargeId: r.chargeId,
  declineCode: r.declineCode,
  declineMessage: r.declineMessage,
});

/** The sandbox's records in PostgreSQL: written outside the product's transactions (own statements). */
export class PrismaSandboxStore implements SandboxStore {
  constructor(private readonly db: SandboxDb) {}
  async insertOnce(record: SandboxRecord) {
    const created = await this.db.sandboxPaymentRecord.createMany({ data: [record], skipDuplicates: true });
    const stored = await this.byKey(record.kind, record.idempotencyKey);
    if (!stored) throw new Error(`Sandbox record ${record.kind}:${record.idempotencyKey} vanished.`);
    return { record: stored, created: created.count === 1 && stored.id === record.id };
  }
  async byId(id: string) {
    const r = await this.db.sandboxPaymentRecord.findUnique({ where: { id } });
    return r ? fromRow(r) : null;
  }
  async byChargeId(chargeId: string) {
    const r = await this.db.sandboxPaymentRecord.findUnique({ where: { chargeId } });
    return r ? fromRow(r) : null;
  }
  async byKey(kind: SandboxRecord['kind'], idempotencyKey: string) {
    const r = await this.db.sandboxPaymentRecord.findUnique({ where: { kind_idempotencyKey: { kind, idempotencyKey } } });
    return r ? fromRow(r) : null;
  }
  async transition(id: string, from: SandboxRecord['state'], to: SandboxRecord['state'], chargeId?: string) {
    const r = await this.db.sandboxPaymentRecord.updateMany({
      where: { id, state: from },
      data: { state: to, updatedAt: new Date(), ...(chargeId ? { chargeId } : {}) },
    });
    return r.count === 1;
  }
  async list() {
    const rows = await this.db.sandboxPaymentRecord.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(fromRow);
  }
}

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/**
 * The built-in sandbox provider. It moves no real money. Its records (holds, charges) live in a
 * {@link SandboxStore}: PostgreSQL when the product runs, memory in unit tests. `ledger` lists the
 * operations this instance performed (not replays), for tests.
 * Stored methods that are not test cards (the seed's pm_123abc, pm_456def) behave as cards that
 * always succeed.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  /** Every operation this instance performed, in order (replays of an idempotency key are not repeated). */
  readonly ledger: SandboxOperation[] = [];

  constructor(private readonly store: SandboxStore = new MemorySandboxStore()) {}

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

  private async record(kind: SandboxRecord['kind'], request: ChargeRequest): Promise<{ record: SandboxRecord; created: boolean }> {
    const decline = this.declineFor(request.paymentMethodId, request.offSession);
    const id = kind === 'authorize' ? newId('auth_sbx') : newId('ch_sbx');
    const { record, created } = await this.store.insertOnce({
      id,
      kind,
      idempotencyKey: request.idempotencyKey,
      amount: request.amount,
      currency: request.currency,
      paymentMethodId: request.paymentMethodId,
      state: decline ? 'declined' : kind === 'authorize' ? 'authorized' : 'succeeded',
      chargeId: decline || kind === 'authorize' ? null : id,
      declineCode: decline?.code ?? null,
      declineMessage: decline?.message ?? null,
    });
    // Like real providers: the same key with other parameters is an error, never a second payment.
    if (
      !created &&
      (record.amount !== request.amount || record.currency !== request.currency || record.paymentMethodId !== request.paymentMethodId)
    ) {
      throw new Error(`Sandbox: idempotency key ${request.idempotencyKey} was used with different parameters.`);
    }
    return { record, created };
  }

  async authorize(request: ChargeRequest): Promise<AuthorizationResult> {
    const { record, created } = await this.record('authorize', request);
    const result: AuthorizationResult =
      record.state === 'declined'
        ? { status: 'declined', code: record.declineCode ?? 'card_declined', message: record.declineMessage ?? 'The card was declined.' }
        : { status: 'authorized', authorizationId: record.id };
    if (created)
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
    const chargeId = newId('ch_sbx');
    if (await this.store.transition(authorizationId, 'authorized', 'captured', chargeId)) {
      this.ledger.push({ kind: 'capture', authorizationId, chargeId });
      return { chargeId };
    }
    const hold = await this.store.byId(authorizationId);
    if (!hold || hold.kind !== 'authorize') throw new Error(`Unknown authorization ${authorizationId}`);
    if ((hold.state === 'captured' || hold.state === 'refunded') && hold.chargeId) return { chargeId: hold.chargeId };
    throw new Error(`Authorization ${authorizationId} was ${hold.state}`);
  }

  async void(authorizationId: string): Promise<void> {
    if (await this.store.transition(authorizationId, 'authorized', 'voided')) this.ledger.push({ kind: 'void', authorizationId });
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const { record, created } = await this.record('charge', request);
    const result: ChargeResult =
      record.state === 'declined'
        ? { status: 'declined', code: record.declineCode ?? 'card_declined', message: record.declineMessage ?? 'The card was declined.' }
        : { status: 'succeeded', chargeId: record.chargeId! };
    if (created)
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

  /**
   * Refunds a charge, whole or in part (`options.amount`). Idempotent per `options.idempotencyKey`
   * (default: one full refund per charge), across processes: the refund is a stored record. A full
   * refund also marks the charge refunded. A charge the sandbox does not know (seeded payments) is
   * refunded as asked.
   */
  async refund(chargeId: string, options: RefundOptions = {}): Promise<{ refundId: string }> {
    const key = options.idempotencyKey ?? `full:${chargeId}`;
    const charge = await this.store.byChargeId(chargeId);
    const { record, created } = await this.store.insertOnce({
      id: newId('re_sbx'),
      kind: 'refund',
      idempotencyKey: key,
      amount: options.amount ?? charge?.amount ?? '0.00',
      currency: charge?.currency ?? 'USD',
      paymentMethodId: charge?.paymentMethodId ?? '',
      state: 'refunded',
      chargeId: null,
      declineCode: null,
      declineMessage: null,
    });
    if (!created) return { refundId: record.id };
    if (charge && !options.amount)
      await this.store.transition(charge.id, charge.kind === 'authorize' ? 'captured' : 'succeeded', 'refunded');
    this.ledger.push({ kind: 'refund', chargeId, ...(options.amount ? { amount: options.amount } : {}) });
    return { refundId: record.id };
  }

  async lookup(idempotencyKey: string): Promise<ProviderPaymentState | null> {
    const r = await this.store.byKey('authorize', idempotencyKey);
    if (!r) return null;
    return {
      authorizationId: r.id,
      state: r.state as ProviderPaymentState['state'],
      chargeId: r.chargeId,
      amount: r.amount,
      currency: r.currency,
    };
  }

  /** Money that actually moved and was kept: captured or charged, not refunded. */
  async keptCharges(): Promise<{ chargeId: string; amount: string; currency: string }[]> {
    return (await this.store.list())
      .filter((r) => r.state === 'captured' || r.state === 'succeeded')
      .map((r) => ({ chargeId: r.chargeId!, amount: r.amount, currency: r.currency }));
  }

  /** Authorizations still held (neither captured nor voided): should always be empty after a request. */
  async openHolds(): Promise<string[]> {
    return (await this.store.list()).filter((r) => r.state === 'authorized').map((r) => r.id);
  }
}
