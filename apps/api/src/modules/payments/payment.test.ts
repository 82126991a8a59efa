import { useTestApp } from '../../test/harness';
import { protocolCode } from '../checkout/test-support/checkout-fixtures';
import { SandboxPaymentProvider, SANDBOX_METHODS } from './sandbox-provider';
import { createPaymentProvider } from './payment.service';
import { loadConfig } from '../../core/config';
import type { AuthorizationResult, ChargeResult, PaymentProvider } from './payment-provider';
import { buy, codes } from '../checkout/test-support/checkout-fixtures';

/** Stands in for a real provider (which has no test cards): it accepts every charge. */
class ExternalProviderDouble implements PaymentProvider {
  readonly name = 'external';
  async authorize(): Promise<AuthorizationResult> {
    return { status: 'authorized', authorizationId: `auth_${Math.random()}` };
  }
  async capture(authorizationId: string) {
    return { chargeId: `ch_${authorizationId}` };
  }
  async void() {}
  async charge(): Promise<ChargeResult> {
    return { status: 'succeeded', chargeId: `ch_${Math.random()}` };
  }
  async refund(chargeId: string) {
    return { refundId: `re_${chargeId}` };
  }
  async lookup() {
    return null;
  }
}

const req = (over: Partial<Parameters<SandboxPaymentProvider['charge']>[0]> = {}) => ({
  idempotencyKey: `k-${Math.random()}`,
  amount: '49.00',
  currency: 'USD',
  paymentMethodId: SANDBOX_METHODS.success,
  offSession: false,
  description: 'test',
  ...over,
});

describe('sandbox payment provider', () => {
  it('authorizes, captures once, and voids holds that will not be captured', async () => {
    const p = new SandboxPaymentProvider();
    const auth = await p.authorize(req());
    expect(auth.status).toBe('authorized');
    if (auth.status !== 'authorized') return;
    const c1 = await p.capture(auth.authorizationId);
    const c2 = await p.capture(auth.authorizationId);
    expect(c2.chargeId).toBe(c1.chargeId);
    expect(await p.keptCharges()).toEqual([{ chargeId: c1.chargeId, amount: '49.00', currency: 'USD' }]);
    const other = await p.authorize(req());
    if (other.status !== 'authorized') throw new Error('expected an authorization');
    await p.void(other.authorizationId);
    await expect(p.capture(other.authorizationId)).rejects.toThrow(/voided/);
    expect(await p.openHolds()).toEqual([]);
    expect(await p.keptCharges()).toHaveLength(1);
  });

  it('pm_sandbox_declined is always declined; pm_sandbox_fail_renewal succeeds at checkout but not off-session', async () => {
    const p = new SandboxPaymentProvider();
    expect(await p.authorize(req({ paymentMethodId: SANDBOX_METHODS.declined }))).toMatchObject({
      status: 'declined',
      code: 'card_declined',
    });
    expect(await p.charge(req({ paymentMethodId: SANDBOX_METHODS.declined, offSession: true }))).toMatchObject({ status: 'declined' });
    expect((await p.authorize(req({ paymentMethodId: SANDBOX_METHODS.failRenewal }))).status).toBe('authorized');
    expect(await p.charge(req({ paymentMethodId: SANDBOX_METHODS.failRenewal, offSession: true }))).toMatchObject({ status: 'declined' });
    // Stored cards of the demo data behave as succeeding cards.
    expect((await p.charge(req({ paymentMethodId: 'pm_123abc', offSession: true }))).status).toBe('succeeded');
  });

  it('the same idempotency key never moves money twice', async () => {
    const p = new SandboxPaymentProvider();
    const key = 'same-key-1';
    const [a, b] = await Promise.all([p.charge(req({ idempotencyKey: key })), p.charge(req({ idempotencyKey: key }))]);
    expect(a).toEqual(b);
    expect(await p.keptCharges()).toHaveLength(1);
    const auth1 = await p.authorize(req({ idempotencyKey: 'auth-key' }));
    const auth2 = await p.authorize(req({ idempotencyKey: 'auth-key' }));
    expect(auth2).toEqual(auth1);
  });

  it('refunds give a charge back', async () => {
    const p = new SandboxPaymentProvider();
    const c = await p.charge(req());
    if (c.status !== 'succeeded') throw new Error('expected a charge');
    await p.refund(c.chargeId);
    await p.refund(c.chargeId);
    expect(await p.keptCharges()).toEqual([]);
    expect(p.ledger.filter((o) => o.kind === 'refund')).toHaveLength(1);
  });

  it('only the sandbox is configurable today', () => {
    expect(createPaymentProvider(loadConfig({})).name).toBe('sandbox');
    expect(createPaymentProvider(loadConfig({ PAYMENT_PROVIDER: 'sandbox' })).name).toBe('sandbox');
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'stripe' })).toThrow('PAYMENT_PROVIDER="stripe": expected one of sandbox');
    expect(() => createPaymentProvider({ paymentProvider: 'stripe' })).toThrow(/No payment provider named "stripe"/);
  });
});

describe('orgPaymentMethods', () => {
  const t = useTestApp();
  const Q = `query($orgId: Int!) { orgPaymentMethods(orgId: $orgId) { id label kind brand last4 description } }`;

  it("lists the org's stored methods, then the sandbox test cards", async () => {
    const { orgPaymentMethods } = await t.gqlOk(Q, { orgId: 102 }, { as: 'tom@techstart.test' });
    expect(orgPaymentMethods.map((m: { id: string; kind: string }) => [m.id, m.kind])).toEqual([
      ['pm_456def', 'stored'],
      ['pm_sandbox_success', 'test'],
      ['pm_sandbox_declined', 'test'],
      ['pm_sandbox_fail_renewal', 'test'],
    ]);
    expect(orgPaymentMethods[0]).toMatchObject({ label: 'Mastercard ending 4444', brand: 'mastercard', last4: '4444', description: null });
  });

  it.each([
    ['viewer@acme.test', 101, 'FORBIDDEN'],
    ['dev@acme.test', 101, 'FORBIDDEN'],
    ['tom@techstart.test', 101, 'NOT_FOUND'],
    ['john@johndoe.test', 101, 'NOT_FOUND'],
    [null, 101, 'UNAUTHENTICATED'],
  ])('%s on org %s → %s', async (as, orgId, code) => {
    expect(protocolCode(await t.gql(Q, { orgId }, { as }))).toBe(code);
  });
});

describe('sandbox test cards with another payment provider configured', () => {
  const t = useTestApp({ services: { payments: new ExternalProviderDouble() } });
  const Q = `query($orgId: Int!) { orgPaymentMethods(orgId: $orgId) { id kind } }`;

  it('offers only the org’s stored methods: no sandbox test card', async () => {
    const { orgPaymentMethods } = await t.gqlOk(Q, { orgId: 102 }, { as: 'tom@techstart.test' });
    expect(orgPaymentMethods).toEqual([{ id: 'pm_456def', kind: 'stored' }]);
  });

  it('refuses to pay with a sandbox test card', async () => {
    const before = await t.prisma.purchase.count();
    const r = await buy(t, 'alice@acme.test', { paymentMethodId: 'pm_sandbox_success' });
    expect(codes(r, 'purchaseCreate')).toContain('PAYMENT_METHOD_INVALID');
    expect(await t.prisma.purchase.count()).toBe(before);
  });
});
