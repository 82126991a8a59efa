import type { License, LicensePeriod, Module, Organization, PricingPlan, Prisma, SubscriptionRenewal, Vendor } from '@wk/db';
import {
  computeExpiry,
  computeQuote,
  formatMoney,
  isZero,
  nextPeriod,
  toAmount,
  type BillingCycle,
  type PlanType,
  type Quote,
} from '@wk/domain';
import type { Context } from '../core/context';
import { audit } from '../core/audit';
import { notify } from '../modules/notifications';
import { paymentsOf } from '../modules/payments';
import { renewalPaymentMethodId } from '../modules/payments';
import { createInvoice } from '../modules/receipts';
import { changeLicenseStatus, isInTrial, licenseRecipients, noteLicenseEvent } from '../modules/licenses';
import { applyDueScheduledChange } from '../modules/plan-changes';
import { renewalPrice } from '../modules/price-changes';
import { jobContext, type JobDeps, type JobReport } from './job-context';
import { rootLogger } from '../core/logger';

/** Charges per period: the first attempt and up to three retries; then the license expires. */
export const MAX_RENEWAL_ATTEMPTS = 4;
/** Wait after the 1st, 2nd and 3rd failed charge before retrying (1, 3 and 7 days). */
export const RETRY_BACKOFF_MS = [1, 3, 7].map((d) => d * 86_400_000);
/**
 * A license whose period ended more than this long ago without being processed (the worker was
 * down, or demo data from 2025) is renewed once, starting now, instead of being charged for
 * every missed period.
 */
export const LAPSE_RESTART_MS = 7 * 86_400_000;

const BATCH = 100;

/**
 * Renews auto-renew licenses whose period has ended (and retries failed charges when due).
 * Safe with several workers: each license is processed in its own transaction that locks its
 * row with `FOR UPDATE SKIP LOCKED` (another worker skips it) and re-checks eligibility after
 * the lock (a license renewed meanwhile is no longer due); renewal rows are unique per
 * (license, period start) and provider charges carry an idempotency key per attempt.
 */
export async function runRenewals(deps: JobDeps): Promise<JobReport> {
  const report: JobReport = { renewed: 0, failed: 0, expired: 0, skipped: 0 };
  const now = deps.clock.now();
  const due = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM module_licenses
    WHERE auto_renew AND cancelled_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ${now}
      AND ((status = 'active' AND renewal_attempts = 0)
        OR (status = 'suspended' AND renewal_attempts > 0 AND next_retry_at IS NOT NULL AND next_retry_at <= ${now}))
    ORDER BY expires_at, id LIMIT ${BATCH}`;
  for (const { id } of due) {
    try {
      const outcome = await renewLicense(deps, id);
      report[outcome] = (report[outcome] ?? 0) + 1;
    } catch (e) {
      // One broken license must not block the others; it is retried on the next run.
      report.errors = (report.errors ?? 0) + 1;
      (deps.logger ?? rootLogger()).error({ err: e, job: 'license-renewals', licenseId: id }, 'renewal of a license failed');
    }
  }
  return report;
}

function isDue(l: License, now: Date): boolean {
  if (!l.autoRenew || l.cancelledAt || !l.expiresAt || l.expiresAt.getTime() > now.getTime()) return false;
  if (l.status === 'active') return l.renewalAttempts === 0;
  return l.status === 'suspended' && l.renewalAttempts > 0 && l.nextRetryAt !== null && l.nextRetryAt.getTime() <= now.getTime();
}

/** The start of the current run of back-to-back periods (so month-end renewals never drift). */
export function chainAnchor(periods: Pick<LicensePeriod, 'startsAt' | 'expiresAt'>[], currentExpiry: Date): Date | undefined {
  const sorted = [...periods].sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  let i = sorted.findIndex((p) => p.expiresAt?.getTime() === currentExpiry.getTime());
  if (i < 0) return undefined;
  let anchor = sorted[i]!.startsAt;
  while (i + 1 < sorted.length && sorted[i + 1]!.expiresAt?.getTime() === anchor.getTime()) {
    i++;
    anchor = sorted[i]!.startsAt;
  }
  return anchor;
}

type Outcome = 'renewed' | 'failed' | 'expired' | 'skipped';
type Tx = Prisma.TransactionClient;
type RenewingLicense = License & {
  pricingPlan: PricingPlan | null;
  module: Module & { vendor: Vendor };
  org: Organization;
  periods: LicensePeriod[];
  renewals: SubscriptionRenewal[];
};
type Billing = { planType: PlanType; billingCycle: BillingCycle };
type Charge = { ok: true; chargeId: string | null } | { ok: false; code: string; message: string };
type RenewalPeriod = { periodStart: Date; periodEnd: Date | null; restarted: boolean };

/**
 * One license's renewal, in one transaction that holds its row: price the period (plan, 90-day
 * price protection, tax and commission now), charge the stored method, record the renewal and
 * payment, then extend the license, or suspend / expire it after a failed charge.
 */
async function renewLicense(deps: JobDeps, licenseId: number): Promise<Outcome> {
  const ctx = jobContext(deps);
  const provider = paymentsOf(deps.services);
  let keptChargeId: string | null = null;
  try {
    return await deps.prisma.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM module_licenses WHERE id = ${licenseId} FOR UPDATE SKIP LOCKED`;
        if (locked.length === 0) return 'skipped';
        const now = deps.clock.now();
        const license = await tx.license.findUniqueOrThrow({
          where: { id: licenseId },
          include: { pricingPlan: true, module: { include: { vendor: true } }, org: true, periods: true, renewals: true },
        });
        if (!isDue(license, now) || !license.pricingPlan || !license.expiresAt) return 'skipped';
        // A downgrade scheduled for the period's end applies before the next period is priced.
        const plan = (await applyDueScheduledChange(tx, ctx, license, now)) ?? license.pricingPlan;
        const billing: Billing = { planType: plan.planType as PlanType, billingCycle: plan.billingCycle as BillingCycle };
        const { periodStart, periodEnd, restarted } = renewalPeriod(license, license.expiresAt, billing, now);
        if (!periodEnd) return 'skipped'; // the plan no longer renews: the expiry job ends it

        const quote = await priceRenewal(tx, deps, license, plan, billing, periodStart, now);
        const attempt = license.renewalAttempts + 1;
        // The org's default card (Organization → Payment methods), else the license's own method.
        const methodId = await renewalPaymentMethodId(tx, deps.services, license.orgId, license.paymentMethodId);
        // Charge (off-session) through the stored method; the key makes a re-run of this very
        // attempt return the same charge instead of charging twice.
        const idempotencyKey = `renewal-${license.id}-${periodStart.toISOString()}-${attempt}`;
        let charge: Charge;
        if (isZero(quote.total)) charge = { ok: true, chargeId: null };
        else if (!methodId) charge = { ok: false, code: 'no_payment_method', message: 'No payment method on the license.' };
        else {
          const r = await provider.charge({
            idempotencyKey,
            amount: quote.total,
            currency: quote.currency,
            paymentMethodId: methodId,
            offSession: true,
            description: `${license.module.name} — ${plan.name} renewal`,
          });
          charge = r.status === 'succeeded' ? { ok: true, chargeId: r.chargeId } : { ok: false, code: r.code, message: r.message };
          if (r.status === 'succeeded') keptChargeId = r.chargeId;
        }

        const renewal = await recordRenewal(tx, {
          license,
          periodStart,
          periodEnd,
          quote,
          methodId,
          attempt,
          charge,
          idempotencyKey,
          providerName: provider.name,
          now,
        });
        const facts: OutcomeFacts = {
          tx,
          ctx,
          license,
          plan,
          quote,
          renewal,
          periodStart,
          periodEnd,
          attempt,
          now,
          recipients: await licenseRecipients(tx, license.orgId),
          total: formatMoney({ amount: quote.total, currency: quote.currency }),
        };
        if (charge.ok) {
          // The end of a free trial: the first charge starts the first paid period at the trial's end.
          await extendLicense(facts, { trialEnding: isInTrial(license), restarted });
          return 'renewed';
        }
        return chargeFailed(facts, charge);
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
  } catch (e) {
    // The charge went through but the transaction did not commit: give the money back.
    if (keptChargeId) await provider.refund(keptChargeId).catch(() => undefined);
    throw e;
  }
}

/**
 * The period this renewal pays for: the one a failed attempt already started, the next one on the
 * schedule, or — after a long lapse — one starting now. No end: the plan no longer renews.
 */
function renewalPeriod(license: RenewingLicense, expiresAt: Date, billing: Billing, now: Date): RenewalPeriod {
  const pending = license.renewals.find((r) => r.status === 'failed' && r.periodStart.getTime() >= expiresAt.getTime());
  if (pending) return { periodStart: pending.periodStart, periodEnd: pending.periodEnd, restarted: false };
  if (now.getTime() - expiresAt.getTime() > LAPSE_RESTART_MS)
    return { periodStart: now, periodEnd: computeExpiry(now, billing), restarted: true };
  const next = nextPeriod(expiresAt, billing, chainAnchor(license.periods, expiresAt));
  return { periodStart: next?.startsAt ?? expiresAt, periodEnd: next?.expiresAt ?? null, restarted: false };
}

/**
 * The renewal's price. Renewals keep the plan even if it is no longer sold (grandfathered), use no
 * coupon, and apply the tax rule and commission rate in effect now; after a vendor's price change
 * the price is protected for 90 days after a raise, lowered at once by a drop (README "Price changes").
 */
async function priceRenewal(
  tx: Tx,
  deps: JobDeps,
  license: RenewingLicense,
  plan: PricingPlan,
  billing: Billing,
  periodStart: Date,
  now: Date,
): Promise<Quote> {
  // Sequential: one connection per transaction.
  const taxRules = await tx.taxRule.findMany({ where: { countryCode: license.org.billingCountry } });
  const history = await tx.commissionHistory.findMany({ where: { vendorId: license.module.vendorId } });
  const price = await renewalPrice(tx, license, plan, periodStart);
  const priced = computeQuote({
    plan: {
      id: plan.id,
      moduleId: plan.moduleId,
      planType: billing.planType,
      priceAmount: price === null ? null : price.amount,
      priceCurrency: price?.currency ?? plan.priceCurrency,
      billingCycle: billing.billingCycle,
      customRatePerDay: plan.customRatePerDay === null ? null : toAmount(plan.customRatePerDay),
      isActive: true,
    },
    taxRules: taxRules.map((r) => ({ ...r, taxRate: r.taxRate.toFixed() })),
    org: { countryCode: license.org.billingCountry, region: license.org.billingRegion, taxId: license.org.taxId },
    platformCountry: deps.config.platformCountry,
    commissionHistory: history.map((h) => ({
      effectiveFrom: h.effectiveFrom,
      effectiveTo: h.effectiveTo,
      commissionRate: h.commissionRate.toFixed(),
    })),
    vendorFallbackRate: license.module.vendor.commissionRate.toFixed(),
    at: now,
  });
  if (!priced.ok) throw new Error(`License ${license.id}: cannot price renewal: ${priced.errors.map((e) => e.code).join(', ')}`);
  return priced.quote;
}

/** The renewal row of the period (one per license and period start) and the payment attempt. */
async function recordRenewal(
  tx: Tx,
  r: {
    license: RenewingLicense;
    periodStart: Date;
    periodEnd: Date;
    quote: Quote;
    methodId: string | null;
    attempt: number;
    charge: Charge;
    idempotencyKey: string;
    providerName: string;
    now: Date;
  },
): Promise<SubscriptionRenewal> {
  const { license, quote, charge, now } = r;
  const data = {
    renewedAt: now,
    periodEnd: r.periodEnd,
    currency: quote.currency,
    amount: quote.subtotal,
    taxAmount: quote.tax,
    totalAmount: quote.total,
    commissionAmount: quote.commission,
    vendorAmount: quote.vendorAmount,
    paymentMethodId: r.methodId,
    attempts: r.attempt,
    status: charge.ok ? ('active' as const) : ('failed' as const),
    nextBillingDate: charge.ok ? r.periodEnd : null,
    failureReason: charge.ok ? null : charge.message,
  };
  const renewal = await tx.subscriptionRenewal.upsert({
    where: { licenseId_periodStart: { licenseId: license.id, periodStart: r.periodStart } },
    create: { licenseId: license.id, periodStart: r.periodStart, ...data, createdAt: now },
    update: data,
  });
  if (r.methodId && !isZero(quote.total)) {
    await tx.payment.create({
      data: {
        orgId: license.orgId,
        provider: r.providerName,
        providerChargeId: charge.ok ? charge.chargeId : null,
        idempotencyKey: r.idempotencyKey,
        amount: quote.total,
        currency: quote.currency,
        status: charge.ok ? 'succeeded' : 'declined',
        failureCode: charge.ok ? null : charge.code,
        paymentMethodId: r.methodId,
        renewalId: renewal.id,
        createdAt: now,
      },
    });
  }
  return renewal;
}

interface OutcomeFacts {
  tx: Tx;
  ctx: Context;
  license: RenewingLicense;
  plan: PricingPlan;
  quote: Quote;
  renewal: SubscriptionRenewal;
  periodStart: Date;
  periodEnd: Date;
  attempt: number;
  now: Date;
  recipients: Awaited<ReturnType<typeof licenseRecipients>>;
  /** The charged total, formatted for messages. */
  total: string;
}

/** A paid renewal: receipt, the new period, the license extended (reactivated if suspended), the org told. */
async function extendLicense(f: OutcomeFacts, how: { trialEnding: boolean; restarted: boolean }): Promise<void> {
  const { tx, ctx, license, plan, quote, renewal, periodStart, periodEnd, now } = f;
  const moduleName = license.module.name;
  const invoice = await createInvoice(tx, {
    orgId: license.orgId,
    renewalId: renewal.id,
    issuedAt: now,
    quote,
    labels: {
      moduleName,
      planName: `${plan.name} renewal ${periodStart.toISOString().slice(0, 10)} → ${periodEnd.toISOString().slice(0, 10)}`,
    },
  });
  await tx.licensePeriod.create({
    data: { licenseId: license.id, startsAt: periodStart, expiresAt: periodEnd, renewalId: renewal.id, createdAt: now },
  });
  const data = { expiresAt: periodEnd, renewalAttempts: 0, nextRetryAt: null };
  const until = periodEnd.toISOString().slice(0, 10);
  if (license.status === 'suspended') {
    await changeLicenseStatus(tx, ctx, license, 'active', {
      reason: `Renewal payment succeeded; renewed until ${until}`,
      data,
      action: 'renew',
    });
  } else {
    await tx.license.update({ where: { id: license.id }, data });
    await noteLicenseEvent(
      tx,
      ctx,
      license,
      how.trialEnding
        ? `Trial ended: first payment made, paid period until ${until}`
        : `Renewed until ${until}${how.restarted ? ' (restarted after a lapse)' : ''}`,
    );
    await audit(tx, ctx, {
      action: 'renew',
      entityType: 'license',
      entityId: license.id,
      orgId: license.orgId,
      oldValue: { expiresAt: license.expiresAt },
      newValue: {
        expiresAt: periodEnd,
        renewalId: renewal.id,
        invoice: invoice.number,
        total: quote.total,
        currency: quote.currency,
        restarted: how.restarted,
      },
    });
  }
  await notify(tx, f.recipients, {
    type: 'renewal_successful',
    title: how.trialEnding ? `${moduleName}: trial ended, subscription started` : `${moduleName} renewed`,
    message: how.trialEnding
      ? `Your ${moduleName} trial ended and your subscription (${plan.name}) started: ${f.total} charged, receipt ${invoice.number}. Next renewal ${until}.`
      : `Your ${moduleName} license (${plan.name}) was renewed until ${until}: ${f.total} charged, receipt ${invoice.number}.`,
    relatedEntityType: 'license',
    relatedEntityId: license.id,
    at: now,
  });
}

/** A declined renewal: suspended with a retry after a back-off, or expired after the last attempt. */
async function chargeFailed(f: OutcomeFacts, charge: { code: string; message: string }): Promise<Outcome> {
  const { tx, ctx, license, attempt, now } = f;
  const moduleName = license.module.name;
  if (attempt >= MAX_RENEWAL_ATTEMPTS) {
    await changeLicenseStatus(tx, ctx, license, 'expired', {
      reason: `Renewal failed after ${attempt} attempts (${charge.message})`,
      data: { renewalAttempts: attempt, nextRetryAt: null },
      action: 'renewal_failed',
    });
    await notify(tx, f.recipients, {
      type: 'renewal_failed',
      title: `${moduleName} license expired`,
      message: `We could not charge ${f.total} for your ${moduleName} license after ${attempt} attempts (${charge.message}). The license has expired; buy it again to restore access.`,
      relatedEntityType: 'license',
      relatedEntityId: license.id,
      at: now,
    });
    return 'expired';
  }
  const nextRetryAt = new Date(now.getTime() + RETRY_BACKOFF_MS[attempt - 1]!);
  const data = { renewalAttempts: attempt, nextRetryAt };
  if (license.status === 'active') {
    await changeLicenseStatus(tx, ctx, license, 'suspended', { reason: 'Payment failed', data, action: 'renewal_failed' });
  } else {
    await tx.license.update({ where: { id: license.id }, data });
    await noteLicenseEvent(tx, ctx, license, `Payment failed again (attempt ${attempt} of ${MAX_RENEWAL_ATTEMPTS})`);
    await audit(tx, ctx, {
      action: 'renewal_failed',
      entityType: 'license',
      entityId: license.id,
      orgId: license.orgId,
      newValue: { attempt, code: charge.code, nextRetryAt },
    });
  }
  await notify(tx, f.recipients, {
    type: 'renewal_failed',
    title: `${moduleName} renewal failed`,
    message: `We could not charge ${f.total} for your ${moduleName} license (${charge.message}). The license is suspended; we will retry on ${nextRetryAt.toISOString().slice(0, 10)} (attempt ${attempt + 1} of ${MAX_RENEWAL_ATTEMPTS}). Update the payment method to restore it sooner.`,
    relatedEntityType: 'license',
    relatedEntityId: license.id,
    at: now,
  });
  return 'failed';
}
