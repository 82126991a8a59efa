/**
 * Price-change protection (README "Price changes"; the rule itself is @wk/domain price-protection):
 * a vendor's price change is recorded as history (old, new, currency, when, who) and applies to new
 * purchases at once; a subscription already on the plan is charged, at each renewal, the lowest
 * price the plan had in the 90 days up to that renewal — so a raise reaches it 90 days after the
 * change and a drop at once. The renewal job charges exactly `renewalPrice`, the license page shows
 * `nextRenewalPrice`, and the notice job tells the org 30 days before a raise is first charged.
 */
import type { License, PlanPriceChange, PricingPlan, Prisma } from '@wk/db';
import {
  billingPeriodMonths,
  compareAmounts,
  explainRenewalPrice,
  protectedPrice,
  toAmount,
  type PlanPrice,
  type PriceChangePoint,
  type BillingCycle,
  type PlanType,
  type RenewalPriceExplanation,
} from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';

type Db = Pick<Prisma.TransactionClient, 'planPriceChange' | 'licensePlanChange' | 'license'>;

/** A renewal whose period ended more than this long ago restarts now (renewals.job LAPSE_RESTART_MS). */
const LAPSE_RESTART_MS = 7 * 86_400_000;

export const toPoint = (c: PlanPriceChange): PriceChangePoint => ({
  id: c.id,
  changedAt: c.changedAt,
  oldAmount: toAmount(c.oldAmount),
  oldCurrency: c.oldCurrency,
  newAmount: toAmount(c.newAmount),
  currency: c.currency,
});

/**
 * Records a change of a plan's price, inside the caller's transaction (the plan update), with its
 * own audit row: how many subscriptions keep the old price, and until when. Nothing is recorded when
 * the price (and currency) stay the same, or for plans without a fixed price (custom).
 */
export async function recordPriceChange(
  tx: Prisma.TransactionClient,
  ctx: Context,
  before: PricingPlan,
  after: PricingPlan,
  vendorOrgId: number | null,
): Promise<PlanPriceChange | null> {
  if (before.priceAmount === null || after.priceAmount === null) return null;
  const oldAmount = toAmount(before.priceAmount);
  const newAmount = toAmount(after.priceAmount);
  if (compareAmounts(oldAmount, newAmount) === 0 && before.priceCurrency === after.priceCurrency) return null;
  const now = ctx.clock.now();
  const change = await tx.planPriceChange.create({
    data: {
      planId: after.id,
      oldAmount,
      oldCurrency: before.priceCurrency,
      newAmount,
      currency: after.priceCurrency,
      changedAt: now,
      changedById: ctx.user?.id ?? null,
    },
  });
  const raise = before.priceCurrency === after.priceCurrency && compareAmounts(newAmount, oldAmount) > 0;
  const subscriptions = await tx.license.count({
    where: { pricingPlanId: after.id, autoRenew: true, cancelledAt: null, status: { in: ['active', 'suspended'] } },
  });
  await audit(tx, ctx, {
    action: 'price_change',
    entityType: 'plan_price_change',
    entityId: change.id,
    orgId: vendorOrgId,
    oldValue: { planId: after.id, price: oldAmount, currency: before.priceCurrency },
    newValue: {
      planId: after.id,
      price: newAmount,
      currency: after.priceCurrency,
      // A raise reaches existing subscriptions 90 days later; a drop applies to everyone now.
      existingSubscriptions: subscriptions,
      protectedUntil: raise ? new Date(now.getTime() + 90 * 86_400_000) : null,
    },
  });
  return change;
}

/** When the license joined this plan: its last applied plan change to it, else its start. */
export async function licenseOnPlanSince(db: Db, license: Pick<License, 'id' | 'startsAt'>, planId: number): Promise<Date> {
  const moved = await db.licensePlanChange.findFirst({
    where: { licenseId: license.id, toPlanId: planId, status: 'applied' },
    orderBy: { id: 'desc' },
  });
  return moved ? (moved.appliedAt ?? moved.effectiveAt) : license.startsAt;
}

export async function planPriceHistory(db: Db, planId: number): Promise<PlanPriceChange[]> {
  return db.planPriceChange.findMany({ where: { planId }, orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] });
}

/**
 * The price (before tax) a renewal of the license on `plan` starting at `at` is charged. The
 * renewal job prices the period with it; the plan's current price when the plan has no history.
 */
export async function renewalPrice(
  db: Db,
  license: Pick<License, 'id' | 'startsAt'>,
  plan: Pick<PricingPlan, 'id' | 'priceAmount' | 'priceCurrency'>,
  at: Date,
): Promise<PlanPrice | null> {
  if (plan.priceAmount === null) return null;
  const changes = await planPriceHistory(db, plan.id);
  const current = { amount: toAmount(plan.priceAmount), currency: plan.priceCurrency };
  if (changes.length === 0) return current;
  const since = await licenseOnPlanSince(db, license, plan.id);
  return protectedPrice({ changes: changes.map(toPoint), current, since, at });
}

export interface NextRenewalPrice {
  renewsAt: Date;
  plan: PricingPlan;
  explanation: RenewalPriceExplanation;
  changes: PlanPriceChange[];
}

/**
 * The next renewal of a license and its price, explained (null when it will not renew: auto-renew
 * off or cancelled, not active/suspended, or a plan that does not renew). A downgrade scheduled for
 * the period's end prices the renewal on the new plan. The caller checked access to the license.
 */
export async function nextRenewalPrice(
  db: Db & Pick<Prisma.TransactionClient, 'pricingPlan'>,
  license: Pick<License, 'id' | 'startsAt' | 'autoRenew' | 'cancelledAt' | 'expiresAt' | 'pricingPlanId' | 'status'>,
  now: Date,
) {
  if (!license.autoRenew || license.cancelledAt || !license.expiresAt || !license.pricingPlanId) return null;
  if (license.status !== 'active' && license.status !== 'suspended') return null;
  const lapsed = now.getTime() - license.expiresAt.getTime() > LAPSE_RESTART_MS;
  const renewsAt = lapsed ? now : license.expiresAt;
  const scheduled = await db.licensePlanChange.findFirst({
    where: { licenseId: license.id, status: 'scheduled', effectiveAt: { lte: renewsAt } },
    orderBy: { id: 'desc' },
  });
  const plan = await db.pricingPlan.findUnique({ where: { id: scheduled?.toPlanId ?? license.pricingPlanId } });
  if (!plan || plan.priceAmount === null) return null;
  if (billingPeriodMonths({ planType: plan.planType as PlanType, billingCycle: plan.billingCycle as BillingCycle }) === null) return null;
  const changes = await planPriceHistory(db, plan.id);
  const since = scheduled ? renewsAt : await licenseOnPlanSince(db, license, plan.id);
  const explanation = explainRenewalPrice({
    changes: changes.map(toPoint),
    current: { amount: toAmount(plan.priceAmount), currency: plan.priceCurrency },
    since,
    at: renewsAt,
  });
  return { renewsAt, plan, explanation, changes } satisfies NextRenewalPrice;
}

/** A date (YYYY-MM-DD) for messages. */
export const day = (d: Date) => d.toISOString().slice(0, 10);
