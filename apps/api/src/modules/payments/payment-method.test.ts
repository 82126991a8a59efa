import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runRenewals } from '../../jobs/renewals.job';
import { ACME, buyOk, protocolCode, sandbox, TECHSTART } from '../checkout/test-support/checkout-fixtures';
import { luhnValid } from './payment-method.service';
import { SANDBOX_CARDS } from './sandbox-provider';

const clock = new FixedClock(new Date('2026-05-01T00:00:00Z'));
const t = useTestApp({ clock });
const jobDepsOf = (app: typeof t) => ({ prisma: app.prisma, config: app.config, clock, services: app.services });

const LIST = `query($orgId: Int!) { orgStoredPaymentMethods(orgId: $orgId) { id label brand last4 expMonth expYear isDefault } }`;
const ADD = `mutation($i: PaymentMethodAddInput!) { paymentMethodAdd(input: $i) { paymentMethod { id label brand last4 isDefault } errors { code field message } } }`;
const SET_DEFAULT = `mutation($id: String!) { paymentMethodSetDefault(input: { paymentMethodId: $id }) { paymentMethod { id isDefault } errors { code } } }`;
const REMOVE = `mutation($id: String!) { paymentMethodRemove(input: { paymentMethodId: $id }) { removedId errors { code } } }`;

const card = (over: Record<string, unknown> = {}) => ({
  orgId: ACME,
  cardNumber: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  ...over,
});

describe('Luhn', () => {
  it('accepts the test numbers and refuses a changed digit', () => {
    for (const n of Object.values(SANDBOX_CARDS)) expect(luhnValid(n)).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
  });
});

describe('sandbox tokenization', () => {
  it('turns test numbers into pm_ ids; 0002 is declined; other numbers are refused', async () => {
    const p = sandbox(t);
    const ok = await p.tokenizeCard({ number: SANDBOX_CARDS.success, expMonth: 1, expYear: 2030, cvc: '123' });
    expect(ok).toMatchObject({ status: 'tokenized', brand: 'visa', last4: '4242' });
    if (ok.status !== 'tokenized') return;
    expect(ok.paymentMethodId).toMatch(/^pm_[a-z_]+[0-9a-f]{24}$/);
    expect(ok.paymentMethodId).not.toContain('4242');
    expect(await p.tokenizeCard({ number: SANDBOX_CARDS.declined, expMonth: 1, expYear: 2030, cvc: '123' })).toMatchObject({
      status: 'declined',
      code: 'card_declined',
    });
    expect(await p.tokenizeCard({ number: '4111111111111111', expMonth: 1, expYear: 2030, cvc: '123' })).toMatchObject({
      status: 'declined',
      code: 'test_cards_only',
    });
    // The "fails at renewal" card charges at checkout but is declined off-session.
    const rf = await p.tokenizeCard({ number: SANDBOX_CARDS.failRenewal, expMonth: 1, expYear: 2030, cvc: '123' });
    if (rf.status !== 'tokenized') throw new Error('expected a token');
    const base = { amount: '10.00', currency: 'USD', paymentMethodId: rf.paymentMethodId, description: 'x' };
    expect((await p.charge({ ...base, idempotencyKey: 'rf-1', offSession: false })).status).toBe('succeeded');
    expect((await p.charge({ ...base, idempotencyKey: 'rf-2', offSession: true })).status).toBe('declined');
  });
});

describe('paymentMethodAdd', () => {
  it('stores the provider id, brand, last 4 and expiry — never the number or CVC — and audits', async () => {
    const r = await t.gqlOk(ADD, { i: card({ cardNumber: '5555-5555-5555-4444', cvc: '987' }) }, { as: 'alice@acme.test' });
    expect(r.paymentMethodAdd.errors).toEqual([]);
    const pm = r.paymentMethodAdd.paymentMethod;
    expect(pm).toMatchObject({ label: 'Mastercard ending 4444', brand: 'mastercard', last4: '4444', isDefault: false });
    expect(pm.id).toMatch(/^pm_/);
    const row = await t.prisma.paymentMethod.findUniqueOrThrow({ where: { id: pm.id } });
    expect(JSON.stringify(row)).not.toMatch(/5555555555554444/);
    // The id is the provider's random token (hex), which may hold "987" by chance: the CVC is looked
    // for in every other column.
    const { id: _token, ...stored } = row;
    expect(JSON.stringify(stored)).not.toMatch(/987/);
    const auditRow = await t.prisma.auditLog.findFirstOrThrow({ where: { entityType: 'payment_method', entityId: pm.id } });
    expect(auditRow).toMatchObject({ actionType: 'create', orgId: ACME });
    expect(JSON.stringify(auditRow)).not.toMatch(/5555555555554444/);
  });

  it('the first card of an org becomes its default; makeDefault moves the mark', async () => {
    await t.prisma.paymentMethod.deleteMany({ where: { orgId: TECHSTART } });
    const first = await t.gqlOk(ADD, { i: card({ orgId: TECHSTART }) }, { as: 'tom@techstart.test' });
    expect(first.paymentMethodAdd.paymentMethod.isDefault).toBe(true);
    const second = await t.gqlOk(ADD, { i: card({ orgId: TECHSTART, makeDefault: true }) }, { as: 'tom@techstart.test' });
    expect(second.paymentMethodAdd.paymentMethod.isDefault).toBe(true);
    const list = (await t.gqlOk(LIST, { orgId: TECHSTART }, { as: 'tom@techstart.test' })).orgStoredPaymentMethods;
    expect(list.map((m: any) => [m.id, m.isDefault])).toEqual([
      [second.paymentMethodAdd.paymentMethod.id, true],
      [first.paymentMethodAdd.paymentMethod.id, false],
    ]);
  });

  it('refuses bad numbers, expiry and CVC with field errors, and a declined card, storing nothing', async () => {
    const before = await t.prisma.paymentMethod.count();
    const bad = await t.gql(ADD, { i: card({ cardNumber: '4242 4242 4242 4241', expMonth: 13, cvc: '12' }) }, { as: 'alice@acme.test' });
    expect(bad.data!.paymentMethodAdd.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_CARD_NUMBER', 'cardNumber'],
      ['INVALID_EXPIRY', 'expMonth'],
      ['INVALID_CVC', 'cvc'],
    ]);
    const expired = await t.gql(ADD, { i: card({ expMonth: 4, expYear: 2026 }) }, { as: 'alice@acme.test' });
    expect(expired.data!.paymentMethodAdd.errors.map((e: any) => [e.code, e.field])).toEqual([['CARD_EXPIRED', 'expYear']]);
    const declined = await t.gql(ADD, { i: card({ cardNumber: '4000 0000 0000 0002' }) }, { as: 'alice@acme.test' });
    expect(declined.data!.paymentMethodAdd.errors).toEqual([
      { code: 'CARD_DECLINED', field: 'cardNumber', message: 'The card was declined.' },
    ]);
    expect(await t.prisma.paymentMethod.count()).toBe(before);
  });

  it.each([
    ['viewer@acme.test', ACME, 'FORBIDDEN'],
    ['dev@acme.test', ACME, 'FORBIDDEN'],
    ['tom@techstart.test', ACME, 'NOT_FOUND'],
    ['admin@webkernel.com', ACME, 'NOT_FOUND'],
    [null, ACME, 'UNAUTHENTICATED'],
  ])('%s may not add a card to org %s (%s)', async (as, orgId, code) => {
    expect(protocolCode(await t.gql(ADD, { i: card({ orgId }) }, { as }))).toBe(code);
    expect(protocolCode(await t.gql(LIST, { orgId }, { as }))).toBe(code);
  });
});

describe('set default and remove', () => {
  it("another org's card is NOT_FOUND, a member without manage_billing FORBIDDEN", async () => {
    for (const q of [SET_DEFAULT, REMOVE]) {
      expect(protocolCode(await t.gql(q, { id: 'pm_123abc' }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
      expect(protocolCode(await t.gql(q, { id: 'pm_123abc' }, { as: 'dev@acme.test' }))).toBe('FORBIDDEN');
      expect(protocolCode(await t.gql(q, { id: 'pm_does_not_exist' }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    }
    expect(await t.prisma.paymentMethod.findUnique({ where: { id: 'pm_123abc' } })).toMatchObject({ isDefault: true });
  });

  it('sets the default (exactly one, even when two changes race) and removes a card, with audit rows', async () => {
    const a = (await t.gqlOk(ADD, { i: card() }, { as: 'alice@acme.test' })).paymentMethodAdd.paymentMethod.id;
    const b = (await t.gqlOk(ADD, { i: card() }, { as: 'alice@acme.test' })).paymentMethodAdd.paymentMethod.id;
    await Promise.all([
      t.gqlOk(SET_DEFAULT, { id: a }, { as: 'alice@acme.test' }),
      t.gqlOk(SET_DEFAULT, { id: b }, { as: 'alice@acme.test' }),
    ]);
    expect(await t.prisma.paymentMethod.count({ where: { orgId: ACME, isDefault: true } })).toBe(1);

    const removed = await t.gqlOk(REMOVE, { id: a }, { as: 'alice@acme.test' });
    expect(removed.paymentMethodRemove).toEqual({ removedId: a, errors: [] });
    expect(await t.prisma.paymentMethod.findUnique({ where: { id: a } })).toBeNull();
    expect(await t.prisma.auditLog.count({ where: { entityType: 'payment_method', entityId: a, actionType: 'delete', orgId: ACME } })).toBe(
      1,
    );
    expect(await t.prisma.auditLog.count({ where: { entityType: 'payment_method', actionType: 'set_default', orgId: ACME } })).toBe(2);
  });
});

describe('renewals charge the default card', () => {
  beforeEach(() => clock.set(new Date('2026-05-01T00:00:00Z')));

  it("charges the org's default, not the method the license was bought with", async () => {
    const { license } = await buyOk(t, 'alice@acme.test', { paymentMethodId: 'pm_sandbox_success' });
    const added = await t.gqlOk(ADD, { i: card({ cardNumber: SANDBOX_CARDS.failRenewal, makeDefault: true }) }, { as: 'alice@acme.test' });
    const defaultId = added.paymentMethodAdd.paymentMethod.id as string;
    clock.set(new Date('2026-06-01T00:30:00Z'));
    await runRenewals(jobDepsOf(t));
    const renewal = await t.prisma.subscriptionRenewal.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(renewal).toMatchObject({ paymentMethodId: defaultId, status: 'failed' });
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).status).toBe('suspended');
  });

  it('without a default, falls back to the license method while the org still has it', async () => {
    const added = await t.gqlOk(ADD, { i: card({ orgId: TECHSTART }) }, { as: 'tom@techstart.test' });
    const id = added.paymentMethodAdd.paymentMethod.id as string;
    const { license } = await buyOk(t, 'tom@techstart.test', { orgId: TECHSTART, paymentMethodId: id });
    await t.prisma.paymentMethod.updateMany({ where: { orgId: TECHSTART }, data: { isDefault: false } });
    clock.set(new Date('2026-06-01T00:30:00Z'));
    await runRenewals(jobDepsOf(t));
    const renewal = await t.prisma.subscriptionRenewal.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(renewal).toMatchObject({ paymentMethodId: id, status: 'active' });
  });

  it('a removed card is never charged: no default and no stored method take the payment-failed path', async () => {
    const added = await t.gqlOk(ADD, { i: card() }, { as: 'alice@acme.test' });
    const id = added.paymentMethodAdd.paymentMethod.id as string;
    const { license } = await buyOk(t, 'alice@acme.test', { paymentMethodId: id });
    await t.prisma.paymentMethod.deleteMany({ where: { orgId: ACME } });
    clock.set(new Date('2026-06-01T00:30:00Z'));
    await runRenewals(jobDepsOf(t));
    const renewal = await t.prisma.subscriptionRenewal.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(renewal).toMatchObject({ paymentMethodId: null, status: 'failed' });
  });
});
