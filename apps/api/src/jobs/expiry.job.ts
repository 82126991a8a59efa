import { notify } from '../modules/notifications';
import { changeLicenseStatus, licenseRecipients } from '../modules/licenses';
import { jobContext, type JobDeps, type JobReport } from './job-context';

const BATCH = 200;

/**
 * Expires licenses whose period has ended and that will not renew: auto-renew off or renewal
 * cancelled, or suspended with no renewal retry pending (e.g. suspended by an admin). Auto-renew
 * licenses are the renewal job's. Safe with several workers (row lock with SKIP LOCKED, the
 * conditions re-checked after the lock, conditional status update).
 */
export async function runExpiry(deps: JobDeps): Promise<JobReport> {
  const report: JobReport = { expired: 0, skipped: 0 };
  const now = deps.clock.now();
  const due = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM module_licenses
    WHERE expires_at IS NOT NULL AND expires_at <= ${now} AND status IN ('active', 'suspended')
      AND (NOT auto_renew OR cancelled_at IS NOT NULL OR (status = 'suspended' AND renewal_attempts = 0))
    ORDER BY expires_at, id LIMIT ${BATCH}`;
  for (const { id } of due) {
    const outcome = await deps.prisma.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM module_licenses WHERE id = ${id} FOR UPDATE SKIP LOCKED`;
        if (locked.length === 0) return 'skipped' as const;
        const l = await tx.license.findUniqueOrThrow({ where: { id }, include: { module: { select: { name: true } } } });
        const stillDue =
          l.expiresAt !== null &&
          l.expiresAt.getTime() <= now.getTime() &&
          (l.status === 'active' || l.status === 'suspended') &&
          (!l.autoRenew || l.cancelledAt !== null || (l.status === 'suspended' && l.renewalAttempts === 0));
        if (!stillDue) return 'skipped' as const;
        const reason = l.cancelledAt
          ? 'Renewal cancelled: expired at the end of the period'
          : l.status === 'suspended'
            ? 'Period ended while suspended'
            : 'Automatic expiration';
        const ctx = jobContext(deps);
        await changeLicenseStatus(tx, ctx, l, 'expired', { reason, data: { nextRetryAt: null }, action: 'expire' });
        await notify(tx, await licenseRecipients(tx, l.orgId), {
          type: 'license_expiring',
          title: `${l.module.name} license expired`,
          message: `Your ${l.module.name} license ${l.licenseKey} expired on ${l.expiresAt!.toISOString().slice(0, 10)}. Buy it again from the storefront to keep using the module.`,
          relatedEntityType: 'license',
          relatedEntityId: l.id,
          dedupeKey: `license-expired:${l.id}:${l.expiresAt!.toISOString()}`,
          at: now,
        });
        return 'expired' as const;
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
    report[outcome]++;
  }
  return report;
}
