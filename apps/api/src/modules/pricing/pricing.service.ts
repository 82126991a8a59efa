/**
 * Pricing plans of a module (every seed plan type).
 * A plan that was ever bought is never deleted: it is deactivated instead.
 */
import { Prisma, type BillingCycle, type PlanType, type PricingPlan, type SeatPolicy } from '@wk/db';
import { compareAmounts, isCurrencyCode, normalizeEntitlementCodes, parseAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { ErrorBag, clean, fail } from '../publishing';
import { PublishingErrorCode as E } from '../publishing';
import { moduleForWrite } from '../publishing';
import { HEARTBEAT_WINDOW_MAX, HEARTBEAT_WINDOW_MIN } from '../instances';
import { recordPriceChange } from '../price-changes';

/** Which billing cycles each plan type allows, and how it is priced. */
const PLAN_RULES: Record<PlanType, { cycles: BillingCycle[]; price: 'zero' | 'positive' | 'none'; rate: boolean }> = {
  free: { cycles: ['once', 'monthly'], price: 'zero', rate: false },
  freemium: { cycles: ['monthly', 'yearly', 'once'], price: 'zero', rate: false },
  subscription: { cycles: ['monthly', 'yearly'], price: 'positive', rate: false },
  perpetual: { cycles: ['once'], price: 'positive', rate: false },
  custom: { cycles: ['custom'], price: 'none', rate: true },
};

export interface PlanFields {
  planType: PlanType;
  name: string;
  price: string | null;
  currency: string;
  billingCycle: BillingCycle;
  customRatePerDay: string | null;
  features: { key: string; value: unknown }[];
  maxUsers: number | null;
  maxInstances: number | null;
  trialDays: number;
  seatPolicy: SeatPolicy;
  heartbeatWindowMinutes: number | null;
  /** The vendor's own entitlement codes; null: derived from the features. */
  entitlements: string[] | null;
  /** Days a signed license file stays valid; null: the platform default. */
  licenseFileTtlDays: number | null;
  sortOrder: number;
  isActive: boolean;
}

export const LICENSE_FILE_TTL_MAX_DAYS = 365;

/** Features edited as a list of key/value pairs, stored as a JSON object (seed features_json); listed by key. */
export function featuresToList(json: unknown): { key: string; value: unknown }[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return [];
  return Object.entries(json as Record<string, unknown>)
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The plan's price as its type wants it (none for custom, 0 for free plans, more than 0 otherwise), or null with the error added. */
function planPrice(bag: ErrorBag, f: PlanFields): string | null {
  const rule = PLAN_RULES[f.planType];
  let price: string | null = null;
  const rawPrice = clean(f.price);
  if (rule.price === 'none') {
    if (rawPrice !== null)
      bag.add(E.PLAN_PRICE_NOT_ALLOWED, 'A custom plan is priced per day: leave the price empty and set the daily rate.', 'price');
  } else if (rule.price === 'zero') {
    if (rawPrice !== null) {
      try {
        price = parseAmount(rawPrice, { field: 'price' });
        if (compareAmounts(price, '0') !== 0)
          bag.add(E.PLAN_PRICE_NOT_ALLOWED, `A ${f.planType} plan costs nothing: leave the price empty or 0.`, 'price');
      } catch {
        bag.add(E.INVALID_AMOUNT, 'Enter an amount such as 49 or 49.00 (at most 2 decimals).', 'price');
      }
    }
    price = '0.00';
  } else if (rawPrice === null) {
    bag.add(E.PLAN_PRICE_REQUIRED, `A ${f.planType} plan needs a price.`, 'price');
  } else {
    try {
      price = parseAmount(rawPrice, { field: 'price' });
      if (compareAmounts(price, '0') <= 0)
        bag.add(E.PLAN_PRICE_REQUIRED, 'The price must be greater than 0 (use a free or freemium plan otherwise).', 'price');
    } catch {
      bag.add(E.INVALID_AMOUNT, 'Enter an amount such as 49 or 49.00 (at most 2 decimals).', 'price');
    }
  }
  return price;
}

/** The daily rate: required for custom plans, refused on the others. */
function planRate(bag: ErrorBag, f: PlanFields): string | null {
  const rule = PLAN_RULES[f.planType];
  let rate: string | null = null;
  const rawRate = clean(f.customRatePerDay);
  if (rule.rate) {
    if (rawRate === null) bag.add(E.PLAN_RATE_REQUIRED, 'A custom plan needs a daily rate.', 'customRatePerDay');
    else {
      try {
        rate = parseAmount(rawRate, { field: 'customRatePerDay' });
        if (compareAmounts(rate, '0') <= 0) bag.add(E.PLAN_RATE_REQUIRED, 'The daily rate must be greater than 0.', 'customRatePerDay');
      } catch {
        bag.add(E.INVALID_AMOUNT, 'Enter an amount such as 450 or 450.00 (at most 2 decimals).', 'customRatePerDay');
      }
    }
  } else if (rawRate !== null) {
    bag.add(E.PLAN_RATE_NOT_ALLOWED, 'Only custom plans have a daily rate.', 'customRatePerDay');
  }
  return rate;
}

/** Seat and instance limits, trial days and the heartbeat window (floating plans only). */
function checkPlanLimits(bag: ErrorBag, f: PlanFields): void {
  for (const [field, v] of [
    ['maxUsers', f.maxUsers],
    ['maxInstances', f.maxInstances],
  ] as const) {
    if (v !== null && (!Number.isSafeInteger(v) || v < 1 || v > 1_000_000))
      bag.add(E.PLAN_LIMIT_INVALID, 'A limit is a whole number of at least 1 (leave it empty for no limit).', field);
  }
  if (!Number.isSafeInteger(f.trialDays) || f.trialDays < 0 || f.trialDays > 365)
    bag.add(E.PLAN_LIMIT_INVALID, 'Trial days are between 0 and 365.', 'trialDays');
  if (f.seatPolicy === 'floating') {
    const w = f.heartbeatWindowMinutes;
    if (w === null || !Number.isSafeInteger(w) || w < HEARTBEAT_WINDOW_MIN || w > HEARTBEAT_WINDOW_MAX)
      bag.add(
        E.PLAN_HEARTBEAT_WINDOW_INVALID,
        `A floating plan frees a seat after a number of minutes without a heartbeat: a whole number from ${HEARTBEAT_WINDOW_MIN} to ${HEARTBEAT_WINDOW_MAX} (7 days).`,
        'heartbeatWindowMinutes',
      );
  } else if (f.heartbeatWindowMinutes !== null) {
    bag.add(
      E.PLAN_HEARTBEAT_WINDOW_INVALID,
      'Only floating plans have a heartbeat window: a node-locked seat is held until deactivation.',
      'heartbeatWindowMinutes',
    );
  }
}

/** The features as an object: named keys, each once, with short text, number or true/false values; at most 50. */
function planFeatures(bag: ErrorBag, list: PlanFields['features']): Record<string, string | number | boolean> {
  const features: Record<string, string | number | boolean> = {};
  list.forEach((feat, i) => {
    const key = feat.key.trim();
    if (!/^[A-Za-z][A-Za-z0-9_ -]{0,59}$/.test(key))
      return void bag.add(
        E.PLAN_FEATURE_INVALID,
        'A feature name starts with a letter (letters, digits, spaces, "-" and "_").',
        `features[${i}].key`,
      );
    if (key in features) return void bag.add(E.PLAN_FEATURE_INVALID, `"${key}" is listed twice.`, `features[${i}].key`);
    const v = feat.value;
    if (typeof v === 'string' ? v.length > 200 : !(typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
      return void bag.add(
        E.PLAN_FEATURE_INVALID,
        'A feature value is text (at most 200 characters), a number or true/false.',
        `features[${i}].value`,
      );
    }
    features[key] = v as string | number | boolean;
  });
  if (list.length > 50) bag.add(E.PLAN_FEATURE_INVALID, 'At most 50 features per plan.', 'features');
  return features;
}

/** Validates a plan and returns the values to store (amounts canonical, features as an object). */
export function validatePlan(f: PlanFields): { data: Omit<Prisma.PricingPlanUncheckedCreateInput, 'moduleId'> } {
  const bag = new ErrorBag();
  const rule = PLAN_RULES[f.planType];
  const name = f.name.trim();
  if (!name) bag.add(E.REQUIRED, 'Give the plan a name, e.g. "Monthly".', 'name');
  const currency = f.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) bag.add(E.INVALID_CURRENCY, 'Use a three-letter ISO currency code such as USD or EUR.', 'currency');
  if (!rule.cycles.includes(f.billingCycle)) {
    bag.add(E.PLAN_BILLING_CYCLE_INVALID, `A ${f.planType} plan is billed ${rule.cycles.join(' or ')}.`, 'billingCycle');
  }
  const price = planPrice(bag, f);
  const rate = planRate(bag, f);
  checkPlanLimits(bag, f);
  let entitlementCodes: string[] | null = null;
  if (f.entitlements !== null) {
    const r = normalizeEntitlementCodes(f.entitlements);
    if (r.ok) entitlementCodes = r.codes;
    else bag.add(E.PLAN_ENTITLEMENT_INVALID, r.message, r.index === null ? 'entitlements' : `entitlements[${r.index}]`);
  }
  const ttl = f.licenseFileTtlDays;
  if (ttl !== null && (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > LICENSE_FILE_TTL_MAX_DAYS))
    bag.add(
      E.PLAN_LICENSE_FILE_TTL_INVALID,
      `A license file stays valid for 1 to ${LICENSE_FILE_TTL_MAX_DAYS} days (leave it empty for the platform default).`,
      'licenseFileTtlDays',
    );
  const features = planFeatures(bag, f.features);
  bag.throwIfAny();
  return {
    data: {
      planType: f.planType,
      name,
      priceAmount: price,
      priceCurrency: currency,
      billingCycle: f.billingCycle,
      customRatePerDay: rate,
      features,
      maxUsers: f.maxUsers,
      maxInstances: f.maxInstances,
      trialDays: f.trialDays,
      seatPolicy: f.seatPolicy,
      heartbeatWindowMinutes: f.seatPolicy === 'floating' ? f.heartbeatWindowMinutes : null,
      entitlementCodes: entitlementCodes ?? Prisma.DbNull,
      licenseFileTtlDays: f.licenseFileTtlDays,
      sortOrder: f.sortOrder,
      isActive: f.isActive,
    },
  };
}

const planSnapshot = (p: PricingPlan) => ({
  planType: p.planType,
  name: p.name,
  price: p.priceAmount?.toFixed(2) ?? null,
  currency: p.priceCurrency,
  billingCycle: p.billingCycle,
  customRatePerDay: p.customRatePerDay?.toFixed(2) ?? null,
  features: p.features,
  maxUsers: p.maxUsers,
  maxInstances: p.maxInstances,
  trialDays: p.trialDays,
  seatPolicy: p.seatPolicy,
  heartbeatWindowMinutes: p.heartbeatWindowMinutes,
  entitlementCodes: p.entitlementCodes,
  licenseFileTtlDays: p.licenseFileTtlDays,
  isActive: p.isActive,
});

export async function createPlan(
  ctx: Context,
  input: {
    moduleId: number;
    planType: PlanType;
    name: string;
    price?: string | null;
    currency?: string | null;
    billingCycle: BillingCycle;
    customRatePerDay?: string | null;
    features: { key: string; value: unknown }[];
    maxUsers?: number | null;
    maxInstances?: number | null;
    trialDays?: number | null;
    seatPolicy?: SeatPolicy | null;
    heartbeatWindowMinutes?: number | null;
    entitlements?: string[] | null;
    licenseFileTtlDays?: number | null;
    sortOrder?: number | null;
    isActive?: boolean | null;
  },
): Promise<PricingPlan> {
  const { module, vendor } = await moduleForWrite(ctx, input.moduleId);
  const { data } = validatePlan({
    planType: input.planType,
    name: input.name,
    price: input.price ?? null,
    currency: input.currency ?? 'USD',
    billingCycle: input.billingCycle,
    customRatePerDay: input.customRatePerDay ?? null,
    features: input.features,
    maxUsers: input.maxUsers ?? null,
    maxInstances: input.maxInstances ?? null,
    trialDays: input.trialDays ?? 0,
    seatPolicy: input.seatPolicy ?? 'node_locked',
    heartbeatWindowMinutes: input.heartbeatWindowMinutes ?? null,
    entitlements: input.entitlements ?? null,
    licenseFileTtlDays: input.licenseFileTtlDays ?? null,
    sortOrder: input.sortOrder ?? 0,
    isActive: input.isActive ?? true,
  });
  return ctx.prisma.$transaction(async (tx) => {
    const plan = await tx.pricingPlan.create({ data: { ...data, moduleId: module.id, createdAt: ctx.clock.now() } });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'pricing_plan',
      entityId: plan.id,
      orgId: vendor.orgId,
      newValue: { moduleId: module.id, ...planSnapshot(plan) },
    });
    return plan;
  });
}

/** An optional limit in an update: absent keeps the stored value, 0 clears it (no limit, or the default). */
function zeroClears(sent: number | null | undefined, stored: number | null): number | null {
  if (sent === undefined || sent === null) return stored;
  return sent === 0 ? null : sent;
}

async function planForWrite(ctx: Context, planId: number) {
  const plan = await ctx.prisma.pricingPlan.findUnique({ where: { id: planId } });
  if (!plan) throw notFound('Pricing plan');
  const { vendor } = await moduleForWrite(ctx, plan.moduleId).catch(() => {
    throw notFound('Pricing plan');
  });
  return { plan, vendor };
}

export async function updatePlan(
  ctx: Context,
  input: {
    planId: number;
    planType?: PlanType | null;
    name?: string | null;
    price?: string | null;
    currency?: string | null;
    billingCycle?: BillingCycle | null;
    customRatePerDay?: string | null;
    features?: { key: string; value: unknown }[] | null;
    maxUsers?: number | null;
    maxInstances?: number | null;
    trialDays?: number | null;
    seatPolicy?: SeatPolicy | null;
    heartbeatWindowMinutes?: number | null;
    entitlements?: string[] | null;
    entitlementsFromFeatures?: boolean | null;
    licenseFileTtlDays?: number | null;
    sortOrder?: number | null;
    isActive?: boolean | null;
  },
): Promise<PricingPlan> {
  const { plan, vendor } = await planForWrite(ctx, input.planId);
  const sold = (await ctx.prisma.purchase.count({ where: { pricingPlanId: plan.id } })) > 0;
  const next: PlanFields = {
    planType: input.planType ?? plan.planType,
    name: input.name ?? plan.name,
    price: input.price !== undefined ? input.price : (plan.priceAmount?.toFixed(2) ?? null),
    currency: input.currency ?? plan.priceCurrency,
    billingCycle: input.billingCycle ?? plan.billingCycle,
    customRatePerDay: input.customRatePerDay !== undefined ? input.customRatePerDay : (plan.customRatePerDay?.toFixed(2) ?? null),
    features: input.features ?? featuresToList(plan.features),
    maxUsers: zeroClears(input.maxUsers, plan.maxUsers),
    maxInstances: zeroClears(input.maxInstances, plan.maxInstances),
    trialDays: input.trialDays ?? plan.trialDays,
    seatPolicy: input.seatPolicy ?? plan.seatPolicy,
    // A change to node-locked drops the stored window; a window sent explicitly is validated.
    heartbeatWindowMinutes:
      input.heartbeatWindowMinutes !== undefined && input.heartbeatWindowMinutes !== null
        ? input.heartbeatWindowMinutes
        : (input.seatPolicy ?? plan.seatPolicy) === 'floating'
          ? plan.heartbeatWindowMinutes
          : null,
    // entitlementsFromFeatures: true goes back to codes derived from the features; a list sets the vendor's own.
    entitlements: input.entitlementsFromFeatures
      ? null
      : (input.entitlements ?? (Array.isArray(plan.entitlementCodes) ? (plan.entitlementCodes as string[]) : null)),
    // 0 goes back to the platform default (as 0 means "no limit" for maxUsers and maxInstances).
    licenseFileTtlDays: zeroClears(input.licenseFileTtlDays, plan.licenseFileTtlDays),
    sortOrder: input.sortOrder ?? plan.sortOrder,
    isActive: input.isActive ?? plan.isActive,
  };
  if (input.entitlementsFromFeatures && input.entitlements)
    fail(E.PLAN_ENTITLEMENT_INVALID, 'Send either a list of entitlement codes or entitlementsFromFeatures, not both.', 'entitlements');
  if (
    sold &&
    (next.planType !== plan.planType || next.billingCycle !== plan.billingCycle || next.currency.toUpperCase() !== plan.priceCurrency)
  ) {
    fail(
      E.PLAN_LOCKED,
      'This plan has purchases: its type, billing cycle and currency cannot change. Create a new plan and deactivate this one.',
      next.planType !== plan.planType ? 'planType' : next.billingCycle !== plan.billingCycle ? 'billingCycle' : 'currency',
    );
  }
  const { data } = validatePlan(next);
  return ctx.prisma.$transaction(async (tx) => {
    // Lock the plan: two concurrent price edits each record their change against the price they replaced.
    await tx.$queryRaw`SELECT id FROM module_pricing_plans WHERE id = ${plan.id} FOR UPDATE`;
    const before = await tx.pricingPlan.findUniqueOrThrow({ where: { id: plan.id } });
    const updated = await tx.pricingPlan.update({ where: { id: plan.id }, data });
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'pricing_plan',
      entityId: plan.id,
      orgId: vendor.orgId,
      oldValue: planSnapshot(before),
      newValue: planSnapshot(updated),
    });
    // A new price applies to new purchases at once; existing subscriptions are protected (README "Price changes").
    await recordPriceChange(tx, ctx, before, updated, vendor.orgId);
    return updated;
  });
}

/** Deletes a plan nobody bought; a plan with purchases, licenses or coupons is deactivated instead. */
export async function deletePlan(
  ctx: Context,
  planId: number,
): Promise<{ deletedPlanId: number | null; deactivatedPlan: PricingPlan | null }> {
  const { plan, vendor } = await planForWrite(ctx, planId);
  return ctx.prisma.$transaction(async (tx) => {
    const [purchases, licenses, coupons] = await Promise.all([
      tx.purchase.count({ where: { pricingPlanId: plan.id } }),
      tx.license.count({ where: { pricingPlanId: plan.id } }),
      tx.coupon.count({ where: { appliesToPlanId: plan.id } }),
    ]);
    if (purchases + licenses + coupons > 0) {
      const updated = await tx.pricingPlan.update({ where: { id: plan.id }, data: { isActive: false } });
      await audit(tx, ctx, {
        action: 'deactivate',
        entityType: 'pricing_plan',
        entityId: plan.id,
        orgId: vendor.orgId,
        oldValue: { isActive: plan.isActive },
        newValue: { isActive: false, reason: 'plan has purchases, licenses or coupons' },
      });
      return { deletedPlanId: null, deactivatedPlan: updated };
    }
    await tx.pricingPlan.delete({ where: { id: plan.id } });
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'pricing_plan',
      entityId: plan.id,
      orgId: vendor.orgId,
      oldValue: planSnapshot(plan),
    });
    return { deletedPlanId: plan.id, deactivatedPlan: null };
  });
}
