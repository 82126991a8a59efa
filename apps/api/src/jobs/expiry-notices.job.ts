import { daysUntil, formatMoney } from '@wk/domain';
import { renewalPrice } from '../modules/price-changes';
import { notify } from '../modules/notifications';
import { licenseRecipients } from '../modules/licenses';
import type { JobDeps, JobReport } from './job-context';

/** How far ahead the "expires in 30 days" notice goes out. */
export const NOTICE_WINDOW_DAYS = 30;
const BATCH = 200;

/**
 * Sends the "expires in 30 days" notice once per license period: the claim is an atomic
 * conditional update of `expiry_notice_sent_for` to the current expiry (a second worker, or a
 * second run, finds it already set), and the notification carries a dedupe key per period.
 * Auto-renewing licenses get a "renews on …" wording with the amount.
 */
export async function runExpiryNotices(deps: JobDeps): Promise<JobReport> {
  const report: JobReport = { sent: 0, skipped: 0 };
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + NOTICE_WINDOW_DAYS * 86_400_000);
  const due = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM module_licenses
    WHERE status = 'active' AND expires_at > ${now} AND expires_at <= ${horizon}
      AND expiry_notice_sent_for IS DISTINCT FROM expires_at
      AND trial_ends_at IS DISTINCT FROM expires_at -- trials get their own notice (trial-notices.job.ts)
    ORDER BY expires_at, id LIMIT ${BATCH}`;
  for (const { id } of due) {
    const sent = await deps.prisma.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`
        UPDATE module_licenses SET expiry_notice_sent_for = expires_at
        WHERE id = ${id} AND status = 'active' AND expires_at > ${now} AND expires_at <= ${horizon}
          AND expiry_notice_sent_for IS DISTINCT FROM expires_at`;
      if (claimed !== 1) return false;
      const l = await tx.license.findUniqueOrThrow({ where: { id }, include: { module: { select: { name: true } }, pricingPlan: true } });
      const expires = l.expiresAt!;
      const days = daysUntil(now, expires);
      const date = expires.toISOString().slice(0, 10);
      const renewing = l.autoRenew && !l.cancelledAt;
      // What the renewal will charge: the protected price after a vendor's raise (README "Price changes").
      const renewal = renewing && l.pricingPlan ? await renewalPrice(tx, l, l.pricingPlan, expires) : null;
      const price = renewal ? formatMoney(renewal) : null;
      await notify(tx, await licenseRecipients(tx, l.orgId), {
        type: 'license_expiring',
        title: renewing ? `${l.module.name} renews in ${days} days` : `${l.module.name} expires in ${days} days`,
        message: renewing
          ? `Your ${l.module.name} license renews on ${date}${price ? ` for ${price} (plus tax where it applies)` : ''}. Turn auto-renew off before then if you no longer need it.`
          : `Your ${l.module.name} license expires on ${date} (in ${days} days). Turn auto-renew on or buy it again to keep using the module.`,
        relatedEntityType: 'license',
        relatedEntityId: l.id,
        dedupeKey: `license-expiring:${l.id}:${expires.toISOString()}`,
        at: now,
      });
      return true;
    });
    report[sent ? 'sent' : 'skipped']++;
  }
  return report;
}
