/** Discount coupons (platform admins). Codes are stored upper-case and unique case-insensitively. */
import type { Coupon, DiscountType, Prisma } from '@wk/db';
import { normalizeCouponCode, parseAmount, validateCouponDefinition } from '@wk/domain';
import type { Context } from '../../core/context';
import { requirePlatformAdmin } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { pageById } from '../../core/pagination';
import { byId } from '../../core/loaders';
import { ErrorBag, clean, fail } from '../publishing';
import { AdminErrorCode as E } from '../admin';
import { findPromotionByCode } from '../promotions';

interface CouponFields {
  code: string;
  discountType: DiscountType;
  discountValue: string;
  appliesToModuleId: number | null;
  appliesToPlanId: number | null;
  minPurchaseAmount: string | null;
  maxUses: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  isActive: boolean;
}

const snapshot = (c: Coupon) => ({
  code: c.code,
  discountType: c.discountType,
  discountValue: c.discountValue.toFixed(2),
  appliesToModuleId: c.appliesToModuleId,
  appliesToPlanId: c.appliesToPlanId,
  minPurchaseAmount: c.minPurchaseAmount?.toFixed(2) ?? null,
  maxUses: c.maxUses,
  timesUsed: c.timesUsed,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  isActive: c.isActive,
});

export async function listCoupons(
  ctx: Context,
  args: { first: number; after?: string | null; filter?: { search?: string | null; isActive?: boolean | null } | null },
) {
  requirePlatformAdmin(ctx);
  const f = args.filter ?? {};
  const search = clean(f.search);
  const where: Prisma.CouponWhereInput = {
    ...(search ? { code: { contains: search, mode: 'insensitive' } } : {}),
    ...(f.isActive !== null && f.isActive !== undefined ? { isActive: f.isActive } : {}),
  };
  return pageById(args, 'asc', where, {
    rows: (q) => ctx.prisma.coupon.findMany(q),
    count: (q) => ctx.prisma.coupon.count(q),
  });
}

async function validateCoupon(tx: Prisma.TransactionClient, f: CouponFields, existing: Coupon | null) {
  const bag = new ErrorBag();
  const code = normalizeCouponCode(f.code);
  for (const e of validateCouponDefinition({ ...f, code })) bag.add(e.code, e.message, e.field);
  if (f.appliesToModuleId !== null && !(await tx.module.findUnique({ where: { id: f.appliesToModuleId }, select: { id: true } }))) {
    bag.add(E.COUPON_MODULE_UNKNOWN, 'No module has this id.', 'appliesToModuleId');
  }
  if (f.appliesToPlanId !== null) {
    const plan = await tx.pricingPlan.findUnique({ where: { id: f.appliesToPlanId }, select: { moduleId: true } });
    if (!plan) bag.add(E.COUPON_PLAN_UNKNOWN, 'No pricing plan has this id.', 'appliesToPlanId');
    else if (f.appliesToModuleId !== null && plan.moduleId !== f.appliesToModuleId)
      bag.add(E.COUPON_PLAN_MODULE_MISMATCH, 'This plan belongs to another module.', 'appliesToPlanId');
  }
  if (existing && f.maxUses !== null && f.maxUses < existing.timesUsed) {
    bag.add(E.INVALID_MAX_USES, `It was already used ${existing.timesUsed} times; max uses cannot be lower.`, 'maxUses');
  }
  if (existing && existing.timesUsed > 0 && code !== existing.code)
    bag.add(E.COUPON_CODE_LOCKED, 'A coupon that was used keeps its code.', 'code');
  bag.throwIfAny();
  const clash = await tx.coupon.findFirst({
    where: { code: { equals: code, mode: 'insensitive' }, ...(existing ? { id: { not: existing.id } } : {}) },
    select: { id: true },
  });
  // One namespace for every code a buyer can type: a vendor promotion's code is taken too.
  if (clash || (await findPromotionByCode(tx, code)))
    fail(E.COUPON_CODE_TAKEN, `The code ${code} is already used (codes are case-insensitive).`, 'code');
  return {
    code,
    discountType: f.discountType,
    discountValue: parseAmount(f.discountValue),
    appliesToModuleId: f.appliesToModuleId,
    appliesToPlanId: f.appliesToPlanId,
    minPurchaseAmount: f.minPurchaseAmount === null ? null : parseAmount(f.minPurchaseAmount),
    maxUses: f.maxUses,
    validFrom: f.validFrom,
    validUntil: f.validUntil,
    isActive: f.isActive,
  };
}

export async function createCoupon(
  ctx: Context,
  input: {
    code: string;
    discountType: DiscountType;
    discountValue: string;
    appliesToModuleId?: number | null;
    appliesToPlanId?: number | null;
    minPurchaseAmount?: string | null;
    maxUses?: number | null;
    validFrom?: Date | null;
    validUntil?: Date | null;
    isActive: boolean;
  },
): Promise<Coupon> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const data = await validateCoupon(
      tx,
      {
        code: input.code,
        discountType: input.discountType,
        discountValue: input.discountValue.trim(),
        appliesToModuleId: input.appliesToModuleId ?? null,
        appliesToPlanId: input.appliesToPlanId ?? null,
        minPurchaseAmount: clean(input.minPurchaseAmount),
        maxUses: input.maxUses ?? null,
        validFrom: input.validFrom ?? null,
        validUntil: input.validUntil ?? null,
        isActive: input.isActive,
      },
      null,
    );
    const c = await tx.coupon.create({ data: { ...data, createdAt: ctx.clock.now() } });
    await audit(tx, ctx, { action: 'create', entityType: 'coupon', entityId: c.id, newValue: snapshot(c) });
    return c;
  });
}

export async function updateCoupon(
  ctx: Context,
  input: {
    couponId: number;
    code?: string | null;
    discountType?: DiscountType | null;
    discountValue?: string | null;
    appliesToModuleId?: number | null;
    appliesToPlanId?: number | null;
    minPurchaseAmount?: string | null;
    maxUses?: number | null;
    validFrom?: Date | null;
    validUntil?: Date | null;
    clearValidFrom?: boolean | null;
    clearValidUntil?: boolean | null;
    isActive?: boolean | null;
  },
): Promise<Coupon> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM discount_coupons WHERE id = ${input.couponId} FOR UPDATE`;
    const before = await tx.coupon.findUnique({ where: { id: input.couponId } });
    if (!before) throw notFound('Coupon');
    const pick = <T>(v: T | null | undefined, clearWhen: (x: T) => boolean, current: T | null): T | null =>
      v === undefined || v === null ? current : clearWhen(v) ? null : v;
    const data = await validateCoupon(
      tx,
      {
        code: input.code ?? before.code,
        discountType: input.discountType ?? before.discountType,
        discountValue: input.discountValue?.trim() ?? before.discountValue.toFixed(2),
        appliesToModuleId: pick(input.appliesToModuleId, (x) => x === 0, before.appliesToModuleId),
        appliesToPlanId: pick(input.appliesToPlanId, (x) => x === 0, before.appliesToPlanId),
        minPurchaseAmount: pick(input.minPurchaseAmount?.trim(), (x) => x === '', before.minPurchaseAmount?.toFixed(2) ?? null),
        maxUses: pick(input.maxUses, (x) => x === 0, before.maxUses),
        validFrom: input.clearValidFrom ? null : (input.validFrom ?? before.validFrom),
        validUntil: input.clearValidUntil ? null : (input.validUntil ?? before.validUntil),
        isActive: input.isActive ?? before.isActive,
      },
      before,
    );
    const c = await tx.coupon.update({ where: { id: before.id }, data });
    await audit(tx, ctx, { action: 'update', entityType: 'coupon', entityId: c.id, oldValue: snapshot(before), newValue: snapshot(c) });
    return c;
  });
}

/** Deletes an unused coupon; a coupon that was used (counted or referenced by purchases) is deactivated instead. */
export async function deleteCoupon(
  ctx: Context,
  id: number,
): Promise<{ deletedCouponId: number | null; deactivatedCoupon: Coupon | null }> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM discount_coupons WHERE id = ${id} FOR UPDATE`;
    const before = await tx.coupon.findUnique({ where: { id } });
    if (!before) throw notFound('Coupon');
    const purchases = await tx.purchase.count({ where: { couponId: id } });
    if (before.timesUsed > 0 || purchases > 0) {
      const c = await tx.coupon.update({ where: { id }, data: { isActive: false } });
      await audit(tx, ctx, {
        action: 'deactivate',
        entityType: 'coupon',
        entityId: id,
        oldValue: { code: before.code, isActive: before.isActive },
        newValue: { isActive: false, reason: 'used coupons are kept' },
      });
      return { deletedCouponId: null, deactivatedCoupon: c };
    }
    await tx.coupon.delete({ where: { id } });
    await audit(tx, ctx, { action: 'delete', entityType: 'coupon', entityId: id, oldValue: snapshot(before) });
    return { deletedCouponId: id, deactivatedCoupon: null };
  });
}

/** The plan a coupon is restricted to (id and name), batched per request. */
export async function couponPlan(ctx: Context, planId: number): Promise<{ id: number; name: string } | null> {
  const plans = ctx.loaders.lazy('coupons.planById', () =>
    byId((ids: number[]) => ctx.prisma.pricingPlan.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })),
  );
  return plans.load(planId);
}
