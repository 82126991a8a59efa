import { compareAmounts, formatMoney, PRICE_NOTICE_DAYS, PRICE_PROTECTION_DAYS, toAmount } from '@wk/domain';
import { audit } from '../core/audit';
import { notify } from '../modules/notifications';
import { licenseRecipients } from '../modules/licenses';
import { day, licenseOnPlanSince, nextRenewalPrice, renewalPrice } from '../modules/price-changes';
import { jobContext, type JobDeps, type JobReport } from './job-context';

const DAY_MS = 86_400_000;
const BATCH = 200;

/**
 * The 30-day notice of a raised price (README "Price changes"): for each auto-renewing license
 * whose next renewal, within 30 days, is the first one charged a vendor's raised price (its 90 days
 * of protection are over), the org is told once — in the app and by e-mail (outbox).
 *
 * Exactly one notice per license and price change, even with two workers or a re-run: the claim is
 * an INSERT of (license, change) into license_price_notices with ON CONFLICT DO NOTHING, in the
 * same transaction as the notification (a concurrent worker waits on the unique index, then finds
 * the row and sends nothing). When two raises first reach a license at the same renewal, one
 * notice (keyed by the latest of them) gives the price that renewal charges.
 */
export async function runPriceChangeNotices(deps: JobDeps): Promise<JobReport> {
  const report: JobReport = { sent: 0, skipped: 0 };
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + PRICE_NOTICE_DAYS * DAY_MS);
  // Candidates: renewing licenses due within 30 days on a plan with a raise whose protection ends by then.
  const due = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT l.id FROM module_licenses l
    WHERE l.auto_renew AND l.cancelled_at IS NULL AND l.status IN ('active', 'suspended')
      AND l.expires_at > ${now} AND l.expires_at <= ${horizon}
      AND EXISTS (
        SELECT 1 FROM plan_price_changes c
        WHERE c.plan_id = l.pricing_plan_id AND c.new_amount > c.old_amount AND c.currency = c.old_currency
          AND c.changed_at > l.starts_at
          AND c.changed_at + make_interval(days => ${PRICE_PROTECTION_DAYS}) <= l.expires_at
          AND NOT EXISTS (SELECT 1 FROM license_price_notices n WHERE n.license_id = l.id AND n.price_change_id = c.id))
    ORDER BY l.expires_at, l.id LIMIT ${BATCH}`;
  const ctx = jobContext(deps);
  for (const { id } of due) {
    const sent = await deps.prisma.$transaction(async (tx) => {
      const license = await tx.license.findUniqueOrThrow({ where: { id }, include: { module: { select: { name: true } }, periods: true } });
      const next = await nextRenewalPrice(tx, license, now);
      // A downgrade scheduled for the renewal moves it to another plan: this plan's price no longer applies.
      if (!next || next.plan.id !== license.pricingPlanId) return false;
      const renewsAt = next.renewsAt;
      // The price this period was on: what a renewal at the period's start (or when it joined the plan) was charged.
      const period = license.periods.find((p) => p.expiresAt?.getTime() === renewsAt.getTime());
      const since = await licenseOnPlanSince(tx, license, next.plan.id);
      const periodStart = new Date(Math.max((period?.startsAt ?? license.startsAt).getTime(), since.getTime()));
      const was = await renewalPrice(tx, license, next.plan, periodStart);
      const will = next.explanation;
      if (!was || was.currency !== will.currency || compareAmounts(will.amount, was.amount) <= 0) return false;
      // The raise whose protection ended during this period (the latest, if several).
      const raise = [...next.changes]
        .filter((c) => compareAmounts(toAmount(c.newAmount), toAmount(c.oldAmount)) > 0 && c.currency === c.oldCurrency)
        .filter((c) => {
          const end = c.changedAt.getTime() + PRICE_PROTECTION_DAYS * DAY_MS;
          return end > periodStart.getTime() && end <= renewsAt.getTime() && c.changedAt.getTime() > since.getTime();
        })
        .at(-1);
      if (!raise) return false;
      const claimed = await tx.$executeRaw`
        INSERT INTO license_price_notices (license_id, price_change_id, applies_at, old_amount, new_amount, currency, sent_at)
        VALUES (${license.id}, ${raise.id}, ${renewsAt}, ${was.amount}::numeric, ${will.amount}::numeric, ${will.currency}, ${now})
        ON CONFLICT (license_id, price_change_id) DO NOTHING`;
      if (claimed !== 1) return false;
      const moduleName = license.module.name;
      const oldPrice = formatMoney(was);
      const newPrice = formatMoney({ amount: will.amount, currency: will.currency });
      await notify(tx, await licenseRecipients(tx, license.orgId), {
        type: 'price_change',
        title: `${moduleName}: new price from ${day(renewsAt)}`,
        message:
          `The vendor changed the price of ${moduleName} (${next.plan.name}) on ${day(raise.changedAt)}. ` +
          `Your subscription kept ${oldPrice} for ${PRICE_PROTECTION_DAYS} days; your renewal on ${day(renewsAt)} will be charged ${newPrice} (plus tax where it applies). ` +
          `Turn auto-renew off before then if you no longer want to renew.`,
        relatedEntityType: 'license',
        relatedEntityId: license.id,
        dedupeKey: `price-change:${raise.id}:license:${license.id}`,
        at: now,
      });
      await audit(tx, ctx, {
        action: 'price_change_notice',
        entityType: 'license',
        entityId: license.id,
        orgId: license.orgId,
        newValue: { priceChangeId: raise.id, appliesAt: renewsAt, oldAmount: was.amount, newAmount: will.amount, currency: will.currency },
      });
      return true;
    });
    report[sent ? 'sent' : 'skipped']++;
  }
  return report;
}
