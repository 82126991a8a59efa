import { computeQuote, formatMoney, type BillingCycle, type PlanType } from '@wk/domain';
import { renewalPrice } from '../modules/price-changes';
import { notify } from '../modules/notifications';
import { licenseRecipients } from '../modules/licenses';
import type { JobDeps, JobReport } from './job-context';

/** How long before a free trial ends its notice goes out. */
export const TRIAL_NOTICE_DAYS = 3;
const BATCH = 200;

/**
 * "Your trial ends in 3 days": once per trial, for licenses still in their free trial
 * (expires_at = trial_ends_at) that end within {@link TRIAL_NOTICE_DAYS} days. The claim is an
 * atomic conditional update of `trial_notice_sent_at` (a second worker finds it set), and the
 * notification carries a dedupe key per license. It says what will be charged, or — when the
 * trial was cancelled — that nothing will be.
 */
export async function runTrialNotices(deps: JobDeps): Promise<JobReport> {
  const report: JobReport = { sent: 0, skipped: 0 };
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + TRIAL_NOTICE_DAYS * 86_400_000);
  const due = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM module_licenses
    WHERE status = 'active' AND trial_ends_at IS NOT NULL AND expires_at = trial_ends_at
      AND expires_at > ${now} AND expires_at <= ${horizon} AND trial_notice_sent_at IS NULL
    ORDER BY expires_at, id LIMIT ${BATCH}`;
  for (const { id } of due) {
    const sent = await deps.prisma.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`
        UPDATE module_licenses SET trial_notice_sent_at = ${now}
        WHERE id = ${id} AND trial_notice_sent_at IS NULL AND status = 'active' AND expires_at = trial_ends_at`;
      if (claimed !== 1) return false;
      const l = await tx.license.findUniqueOrThrow({
        where: { id },
        include: { module: { include: { vendor: true } }, pricingPlan: true, org: true },
      });
      const plan = l.pricingPlan!;
      const date = l.expiresAt!.toISOString().slice(0, 10);
      const charging = l.autoRenew && !l.cancelledAt;
      let amount: string | null = null;
      // The price the trial's end will charge (protected after a vendor's raise, like any renewal).
      const price = charging ? await renewalPrice(tx, l, plan, l.expiresAt!) : null;
      if (price) {
        const taxRules = await tx.taxRule.findMany({ where: { countryCode: l.org.billingCountry } });
        const q = computeQuote({
          plan: {
            id: plan.id,
            moduleId: plan.moduleId,
            planType: plan.planType as PlanType,
            priceAmount: price.amount,
            priceCurrency: price.currency,
            billingCycle: plan.billingCycle as BillingCycle,
            customRatePerDay: null,
            isActive: true,
          },
          taxRules: taxRules.map((r) => ({ ...r, taxRate: r.taxRate.toFixed() })),
          org: { countryCode: l.org.billingCountry, region: l.org.billingRegion, taxId: l.org.taxId },
          platformCountry: deps.config.platformCountry,
          commissionHistory: [],
          vendorFallbackRate: l.module.vendor.commissionRate.toFixed(),
          at: l.expiresAt!,
        });
        if (q.ok) amount = formatMoney({ amount: q.quote.total, currency: q.quote.currency });
      }
      await notify(tx, await licenseRecipients(tx, l.orgId), {
        type: 'trial_ending',
        title: `Your ${l.module.name} trial ends on ${date}`,
        message: charging
          ? `Your free ${l.module.name} trial ends on ${date}. Then ${amount ?? 'the plan price'} will be charged for ${plan.name} unless you cancel before.`
          : `Your free ${l.module.name} trial ends on ${date}. It was cancelled: nothing will be charged and the license ends then.`,
        relatedEntityType: 'license',
        relatedEntityId: l.id,
        dedupeKey: `trial-ending:${l.id}`,
        at: now,
      });
      return true;
    });
    report[sent ? 'sent' : 'skipped']++;
  }
  return report;
}
