import { explainRenewalPrice, noticeDueAt, planPriceAt, protectedPrice, type PriceChangePoint } from './price-protection';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const DAY = 86_400_000;
const plus = (date: Date, days: number) => new Date(date.getTime() + days * DAY);
const change = (id: number, at: string, from: string, to: string): PriceChangePoint => ({
  id,
  changedAt: d(at),
  oldAmount: from,
  oldCurrency: 'USD',
  newAmount: to,
  currency: 'USD',
});
const since = d('2026-01-01');

describe('price protection', () => {
  const raise = change(1, '2026-12-06', '490.00', '540.00');
  const current = { amount: '540.00', currency: 'USD' };

  it('reads the plan price at any instant from the history (a change applies at its own instant)', () => {
    expect(planPriceAt([raise], current, d('2026-12-05')).amount).toBe('490.00');
    expect(planPriceAt([raise], current, d('2026-12-06')).amount).toBe('540.00');
    expect(planPriceAt([], { amount: '49', currency: 'USD' }, d('2020-01-01')).amount).toBe('49.00');
  });

  it('a raise reaches an existing subscription after exactly 90 days: day 89 old price, day 90 new', () => {
    expect(protectedPrice({ changes: [raise], current, since, at: plus(raise.changedAt, 89) }).amount).toBe('490.00');
    expect(protectedPrice({ changes: [raise], current, since, at: plus(raise.changedAt, 89.99) }).amount).toBe('490.00');
    expect(protectedPrice({ changes: [raise], current, since, at: plus(raise.changedAt, 90) }).amount).toBe('540.00');
    expect(protectedPrice({ changes: [raise], current, since, at: plus(raise.changedAt, 120) }).amount).toBe('540.00');
  });

  it('a subscription that joined after the raise pays the price it bought at', () => {
    expect(protectedPrice({ changes: [raise], current, since: plus(raise.changedAt, 1), at: plus(raise.changedAt, 31) }).amount).toBe(
      '540.00',
    );
  });

  it('a drop applies at once, and a raise after a drop is protected from the dropped price', () => {
    const drop = change(2, '2027-01-01', '540.00', '450.00');
    const back = change(3, '2027-01-10', '450.00', '500.00');
    const changes = [back, drop, raise]; // any order
    const cur = { amount: '500.00', currency: 'USD' };
    // 2027-01-05: the raise is still protected (490), but the drop to 450 is lower and applies at once.
    expect(protectedPrice({ changes, current: cur, since, at: d('2027-01-05') }).amount).toBe('450.00');
    // After the raise back to 500, the license keeps 450 for 90 days after 2027-01-10.
    expect(protectedPrice({ changes, current: cur, since, at: d('2027-04-09') }).amount).toBe('450.00');
    expect(protectedPrice({ changes, current: cur, since, at: d('2027-04-10') }).amount).toBe('500.00');
  });

  it('several raises in a row: each arrives 90 days after its own change', () => {
    const second = change(4, '2027-02-04', '540.00', '600.00'); // 60 days after the first raise
    const changes = [raise, second];
    const cur = { amount: '600.00', currency: 'USD' };
    expect(protectedPrice({ changes, current: cur, since, at: plus(raise.changedAt, 89) }).amount).toBe('490.00');
    expect(protectedPrice({ changes, current: cur, since, at: plus(raise.changedAt, 90) }).amount).toBe('540.00');
    expect(protectedPrice({ changes, current: cur, since, at: plus(second.changedAt, 89) }).amount).toBe('540.00');
    expect(protectedPrice({ changes, current: cur, since, at: plus(second.changedAt, 90) }).amount).toBe('600.00');
  });

  it('a drop below the protected price applies at once even during a protection window', () => {
    const drop = change(5, '2026-12-20', '540.00', '400.00');
    expect(protectedPrice({ changes: [raise, drop], current: { amount: '400', currency: 'USD' }, since, at: d('2026-12-21') }).amount).toBe(
      '400.00',
    );
  });

  it('explains the next renewal: protected until a date, then the new price', () => {
    const e = explainRenewalPrice({ changes: [raise], current, since, at: d('2027-01-06') });
    expect(e).toMatchObject({
      amount: '490.00',
      planAmount: '540.00',
      isProtected: true,
      thenAmount: '540.00',
      raisedBy: null,
      loweredBy: null,
    });
    expect(e.protectedUntil).toEqual(d('2027-03-06'));
    expect(e.protectingChange?.id).toBe(1);
    expect(noticeDueAt(e.protectedUntil!)).toEqual(d('2027-02-04'));

    const after = explainRenewalPrice({ changes: [raise], current, since, at: d('2027-03-06') });
    expect(after).toMatchObject({ amount: '540.00', isProtected: false, protectedUntil: null, thenAmount: null });
    expect(after.raisedBy?.id).toBe(1);

    const drop = change(6, '2027-04-01', '540.00', '450.00');
    const lowered = explainRenewalPrice({
      changes: [raise, drop],
      current: { amount: '450', currency: 'USD' },
      since,
      at: d('2027-04-10'),
    });
    expect(lowered).toMatchObject({ amount: '450.00', isProtected: false, raisedBy: null });
    expect(lowered.loweredBy?.id).toBe(6);

    const none = explainRenewalPrice({ changes: [], current: { amount: '49', currency: 'USD' }, since, at: d('2027-01-01') });
    expect(none).toMatchObject({
      amount: '49.00',
      planAmount: '49.00',
      isProtected: false,
      protectedUntil: null,
      raisedBy: null,
      loweredBy: null,
    });
  });

  it('prices in another currency (a plan nobody bought, re-priced) are not compared', () => {
    const eur: PriceChangePoint = {
      id: 7,
      changedAt: d('2026-12-01'),
      oldAmount: '10.00',
      oldCurrency: 'USD',
      newAmount: '20.00',
      currency: 'EUR',
    };
    expect(protectedPrice({ changes: [eur], current: { amount: '20', currency: 'EUR' }, since, at: d('2026-12-15') })).toEqual({
      amount: '20.00',
      currency: 'EUR',
    });
  });
});
