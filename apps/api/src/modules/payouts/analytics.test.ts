import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runRenewals } from '../../jobs/renewals.job';
import { cancelLicense } from '../licenses/license.service';
import { refundReceipt } from '../refunds/refund.service';
import { createPromotion } from '../promotions/promotion.service';
import { vendorAnalytics } from './analytics.service';
import { vendorRevenue } from './payout.service';
import { buyOk, ACME, ANALYTICS, PLAN, TECHSTART } from '../checkout/test-support/checkout-fixtures';

const at = (iso: string) => new Date(iso);
const JOHN_DOE = 3;

const ANALYTICS_QUERY = /* GraphQL */ `
  query Analytics($vendorId: Int!, $months: Int!) {
    vendorAnalytics(vendorId: $vendorId, months: $months) {
      months
      revenue {
        month
        currency
        newRevenue {
          amount
        }
        renewal {
          amount
        }
        refund {
          amount
        }
        total {
          amount
        }
      }
      mrr {
        month
        currency
        mrr {
          amount
        }
        subscriptions
      }
      churn {
        month
        cancellations
      }
      trials {
        planId
        planName
        moduleName
        started
        converted
      }
    }
    vendorRevenue(vendorId: $vendorId, months: $months) {
      month
      currency
      gross {
        amount
      }
    }
  }
`;

/**
 * Vendor analytics against hand-computed figures. John Doe (vendor 3) has no sales in the demo
 * data; Analytics Pro is 99.00/month. Every buyer here is reverse-charged (tax 0).
 */
describe('vendor analytics', () => {
  const clock = new FixedClock(at('2026-10-10T10:00:00Z'));
  const t = useTestApp({ clock });
  const deps = () => ({ prisma: t.prisma, config: t.config, clock, services: t.services });

  it('revenue by month (new / renewal / refund), MRR, churn and trials per plan, to the cent', async () => {
    // Oct 10: TechStart buys Pro (new 99.00) → renews Nov 10 and Dec 10.
    const a = await buyOk(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: ANALYTICS,
      planId: PLAN.analyticsPro,
      acceptContractId: null,
    });
    // Oct 20: Acme starts a 14-day trial of Pro (not a sale) → first charge Nov 3 (converted), renews Dec 3.
    await t.prisma.pricingPlan.update({ where: { id: PLAN.analyticsPro }, data: { trialDays: 14 } });
    clock.set(at('2026-10-20T10:00:00Z'));
    await buyOk(t, 'alice@acme.test', {
      orgId: ACME,
      moduleId: ANALYTICS,
      planId: PLAN.analyticsPro,
      acceptContractId: null,
      startTrial: true,
    });
    // Oct 25: TechStart buys a second Pro with John's 15 % vendor coupon: new 99.00 − 14.85 = 84.15; cancelled Nov 5.
    clock.set(at('2026-10-25T10:00:00Z'));
    const coupon = await createPromotion(await t.ctxAs('john@johndoe.test'), {
      vendorId: JOHN_DOE,
      kind: 'coupon',
      code: 'JDANALYTICS15',
      discountType: 'percentage',
      discountValue: '15',
    });
    const c = await buyOk(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: ANALYTICS,
      planId: PLAN.analyticsPro,
      acceptContractId: null,
      couponCode: coupon.code,
    });
    expect(c.purchase.total.amount).toBe('84.15');

    clock.set(at('2026-11-04T10:00:00Z'));
    await runRenewals(deps()); // the trial's first charge
    clock.set(at('2026-11-05T10:00:00Z'));
    const cancelled = await cancelLicense(await t.ctxAs('tom@techstart.test'), { licenseId: c.license.id });
    expect(cancelled.errors).toEqual([]);
    clock.set(at('2026-11-10T10:00:00Z'));
    await runRenewals(deps()); // license a
    clock.set(at('2026-12-04T10:00:00Z'));
    await runRenewals(deps()); // the converted trial
    clock.set(at('2026-12-11T10:00:00Z'));
    await runRenewals(deps()); // license a
    // Dec 12: an admin refunds 50.00 of license a's December renewal.
    clock.set(at('2026-12-12T10:00:00Z'));
    const decRenewal = await t.prisma.subscriptionRenewal.findFirstOrThrow({
      where: { licenseId: a.license.id, renewedAt: at('2026-12-11T10:00:00Z') },
      include: { invoice: true },
    });
    const refund = await refundReceipt(await t.ctxAs('admin@webkernel.com'), {
      invoiceId: decRenewal.invoice!.id,
      amount: '50.00',
      reason: 'Goodwill',
    });
    expect(refund.errors).toEqual([]);

    clock.set(at('2026-12-15T10:00:00Z'));
    // Sessions are dated by the real clock; the figures are read through the services at the fixed clock.
    const john = await t.ctxAs('john@johndoe.test');
    const v = await vendorAnalytics(john, JOHN_DOE, 3);
    const chart = await vendorRevenue(john, JOHN_DOE, 3);
    expect(v.months).toEqual(['2026-10', '2026-11', '2026-12']);
    const rev = v.revenue.map((r) => [r.month, r.currency, r.newRevenue, r.renewal, r.refund, r.total]);
    expect(rev).toEqual([
      ['2026-10', 'USD', '183.15', '0.00', '0.00', '183.15'], // 99.00 + 84.15
      ['2026-11', 'USD', '0.00', '198.00', '0.00', '198.00'], // trial conversion + renewal of a
      ['2026-12', 'USD', '0.00', '198.00', '-50.00', '148.00'],
    ]);
    // The same sales as the revenue chart: the totals agree month by month.
    expect(chart.map((r) => [r.month, r.gross])).toEqual(rev.map((r) => [r[0], r[5]]));
    // MRR at Oct 31: a + c = 198.00 (the trial pays nothing yet); Nov 30: a + the converted trial (c cancelled) = 198.00;
    // now: a (renewed Dec 10) + trial license (renewed Dec 3) = 198.00.
    expect(v.mrr.map((m) => [m.month, m.mrr, m.subscriptions])).toEqual([
      ['2026-10', '198.00', 2],
      ['2026-11', '198.00', 2],
      ['2026-12', '198.00', 2],
    ]);
    expect(v.churn).toEqual([
      { month: '2026-10', cancellations: 0 },
      { month: '2026-11', cancellations: 1 },
      { month: '2026-12', cancellations: 0 },
    ]);
    expect(v.trials).toEqual([
      { planId: PLAN.analyticsPro, planName: expect.any(String), moduleName: 'Analytics Pro', started: 1, converted: 1 },
    ]);
  });

  it('is for the vendor only: another vendor and buyers get NOT_FOUND (GraphQL, at the real time)', async () => {
    clock.set(new Date());
    const own = await t.gql(ANALYTICS_QUERY, { vendorId: JOHN_DOE, months: 2 }, { as: 'john@johndoe.test' });
    expect(own.errors).toBeUndefined();
    expect(own.data!.vendorAnalytics.months).toHaveLength(2);
    for (const as of ['alice@acme.test', 'tom@techstart.test', 'viewer@acme.test']) {
      const r = await t.gql(ANALYTICS_QUERY, { vendorId: JOHN_DOE, months: 3 }, { as });
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});
