/**
 * Vendor promotions (PRODUCT.md "Coupons"; seed 004 referral_codes): coupons a vendor hands out and
 * the codes of its referral links, on its own modules, funded by the vendor (commission and the
 * vendor's amount are computed on the discounted subtotal, see @wk/domain computeQuote).
 * Checkout prices them (checkout.service priceQuote) and counts their uses atomically.
 */
import type { DiscountType, Prisma, VendorPromotion, VendorPromotionKind } from '@wk/db';
import { normalizeCouponCode, parseAmount, toAmount, validateCouponDefinition, type Coupon } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { pageById } from '../../core/pagination';
import { ErrorBag, clean, fail } from '../publishing';
import { requireVendorMember } from '../vendors';
import { PromotionErrorCode as E } from './promotion.errors';

type Tx = Prisma.TransactionClient;
type Db = Tx | Context['prisma'];

const snapshot = (p: VendorPromotion) => ({
  kind: p.kind,
  code: p.code,
  name: p.name,
  discountType: p.discountType,
  discountValue: p.discountValue.toFixed(2),
  appliesToModuleId: p.appliesToModuleId,
  maxUses: p.maxUses,
  timesUsed: p.timesUsed,
  validFrom: p.validFrom,
  validUntil: p.validUntil,
  isActive: p.isActive,
});

/** A promotion as @wk/domain evaluates it: vendor-funded, scoped to the vendor's module if set. */
export function promotionAsCoupon(p: VendorPromotion): Coupon {
  return {
    id: p.id,
    code: p.code,
    discountType: p.discountType,
    discountValue: toAmount(p.discountValue),
    appliesToModuleId: p.appliesToModuleId,
    appliesToPlanId: null,
    minPurchaseAmount: null,
    maxUses: p.maxUses,
    timesUsed: p.timesUsed,
    validFrom: p.validFrom,
    validUntil: p.validUntil,
    isActive: p.isActive,
    fundedBy: 'vendor',
  };
}

/** The promotion with this (normalised) code, if any. */
export function findPromotionByCode(db: Db, code: string) {
  return db.vendorPromotion.findUnique({ where: { code: normalizeCouponCode(code) } });
}

/** The label of a promotion's discount on quotes and receipts. */
export const promotionDiscountLabel = (p: Pick<VendorPromotion, 'kind' | 'code'>) =>
  p.kind === 'referral' ? `Referral discount (${p.code})` : `Vendor discount (${p.code})`;

/**
 * Counts one use, atomically: the UPDATE is the authority on max uses and the validity window
 * (the quote's check may be stale under concurrent checkouts). False: nothing was counted.
 */
export async function countPromotionUse(tx: Tx, promotionId: number, at: Date): Promise<boolean> {
  const used = await tx.$executeRaw`
    UPDATE vendor_promotions SET times_used = times_used + 1
    WHERE id = ${promotionId} AND is_active AND (max_uses IS NULL OR times_used < max_uses)
      AND (valid_from IS NULL OR valid_from <= ${at}) AND (valid_until IS NULL OR valid_until >= ${at})`;
  return used === 1;
}

/** Gives back a use counted for a purchase that was undone. */
export async function releasePromotionUse(tx: Tx, promotionId: number): Promise<void> {
  await tx.$executeRaw`UPDATE vendor_promotions SET times_used = times_used - 1 WHERE id = ${promotionId} AND times_used > 0`;
}

/** active | inactive | scheduled | expired | exhausted, at `now`. */
export function promotionState(p: VendorPromotion, now: Date): string {
  if (!p.isActive) return 'inactive';
  if (p.validFrom && now < p.validFrom) return 'scheduled';
  if (p.validUntil && now > p.validUntil) return 'expired';
  if (p.maxUses !== null && p.timesUsed >= p.maxUses) return 'exhausted';
  return 'active';
}

// ───────────────────────────────────────────────────────────── vendor: list, create, update

export async function listPromotions(
  ctx: Context,
  args: { vendorId: number; kind?: VendorPromotionKind | null; first: number; after?: string | null },
) {
  await requireVendorMember(ctx, args.vendorId);
  const where: Prisma.VendorPromotionWhereInput = { vendorId: args.vendorId, ...(args.kind ? { kind: args.kind } : {}) };
  return pageById(args, 'desc', where, {
    rows: (q) => ctx.prisma.vendorPromotion.findMany(q),
    count: (q) => ctx.prisma.vendorPromotion.count(q),
  });
}

export interface PromotionSalesRow {
  promotion_id: number;
  currency: string;
  sales: number;
  subtotal: string;
  discount: string;
  net: string;
}

/** Sales made with each promotion (completed and refunded purchases), per currency, for a batch of ids. */
export async function promotionSales(db: Db, promotionIds: number[]): Promise<PromotionSalesRow[]> {
  if (promotionIds.length === 0) return [];
  return db.$queryRaw<PromotionSalesRow[]>`
    SELECT p.vendor_promotion_id AS promotion_id, p.currency, COUNT(*)::int AS sales, SUM(p.subtotal_amount)::text AS subtotal,
           SUM(p.discount_amount)::text AS discount, SUM(p.vendor_amount)::text AS net
    FROM module_purchases p
    WHERE p.vendor_promotion_id = ANY(${promotionIds}::int[]) AND p.status IN ('completed', 'refunded') AND p.kind <> 'trial'
    GROUP BY 1, 2 ORDER BY 1, 2`;
}

interface PromotionFields {
  code: string;
  name: string;
  discountType: DiscountType;
  discountValue: string;
  appliesToModuleId: number | null;
  maxUses: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  isActive: boolean;
}

async function validatePromotion(tx: Tx, vendorId: number, f: PromotionFields, existing: VendorPromotion | null) {
  const bag = new ErrorBag();
  const code = normalizeCouponCode(f.code);
  for (const e of validateCouponDefinition({ ...f, code, minPurchaseAmount: null })) bag.add(e.code, e.message, e.field);
  if (f.name.length > 80) bag.add(E.NAME_TOO_LONG, 'Keep the name to 80 characters.', 'name');
  if (f.appliesToModuleId !== null) {
    // Another vendor's module does not exist for this vendor (never named).
    const module = await tx.module.findFirst({ where: { id: f.appliesToModuleId, vendorId }, select: { id: true } });
    if (!module) bag.add(E.PROMOTION_MODULE_NOT_FOUND, 'Choose one of your own modules.', 'moduleId');
  }
  if (existing && f.maxUses !== null && f.maxUses < existing.timesUsed) {
    bag.add(E.PROMOTION_MAX_USES_BELOW_USED, `It was already used ${existing.timesUsed} times; max uses cannot be lower.`, 'maxUses');
  }
  if (existing && existing.timesUsed > 0 && code !== existing.code) {
    bag.add(E.PROMOTION_CODE_LOCKED, 'A code that was used keeps its code.', 'code');
  }
  bag.throwIfAny();
  if (!existing || code !== existing.code) {
    // One namespace for every code a buyer can type: platform coupons and every vendor's promotions.
    const [coupon, promotion] = await Promise.all([
      tx.coupon.findFirst({ where: { code: { equals: code, mode: 'insensitive' } }, select: { id: true } }),
      tx.vendorPromotion.findFirst({
        where: { code: { equals: code, mode: 'insensitive' }, ...(existing ? { id: { not: existing.id } } : {}) },
        select: { id: true },
      }),
    ]);
    if (coupon || promotion) fail(E.PROMOTION_CODE_TAKEN, `The code ${code} is already taken; choose another one.`, 'code');
  }
  return {
    code,
    name: f.name,
    discountType: f.discountType,
    discountValue: parseAmount(f.discountValue),
    appliesToModuleId: f.appliesToModuleId,
    maxUses: f.maxUses,
    validFrom: f.validFrom,
    validUntil: f.validUntil,
    isActive: f.isActive,
  };
}

export interface PromotionCreateRequest {
  vendorId: number;
  kind: VendorPromotionKind;
  code: string;
  name?: string | null;
  discountType: DiscountType;
  discountValue: string;
  moduleId?: number | null;
  maxUses?: number | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
}

/** A vendor member creates a coupon or a referral code for the vendor's modules (audited). */
export async function createPromotion(ctx: Context, input: PromotionCreateRequest): Promise<VendorPromotion> {
  await requireVendorMember(ctx, input.vendorId);
  const now = ctx.clock.now();
  return ctx.prisma.$transaction(async (tx) => {
    const data = await validatePromotion(
      tx,
      input.vendorId,
      {
        code: input.code,
        name: clean(input.name) ?? '',
        discountType: input.discountType,
        discountValue: input.discountValue.trim(),
        appliesToModuleId: input.moduleId ?? null,
        maxUses: input.maxUses ?? null,
        validFrom: input.validFrom ?? null,
        validUntil: input.validUntil ?? null,
        isActive: true,
      },
      null,
    );
    const p = await tx.vendorPromotion.create({
      data: { ...data, vendorId: input.vendorId, kind: input.kind, createdAt: now, updatedAt: now },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'vendor_promotion',
      entityId: p.id,
      newValue: { vendorId: p.vendorId, ...snapshot(p) },
    });
    return p;
  });
}

export interface PromotionUpdateRequest {
  promotionId: number;
  code?: string | null;
  name?: string | null;
  discountType?: DiscountType | null;
  discountValue?: string | null;
  moduleId?: number | null;
  maxUses?: number | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
  clearValidFrom?: boolean | null;
  clearValidUntil?: boolean | null;
  isActive?: boolean | null;
}

/** Edits or (de)activates a promotion; another vendor's promotion → NOT_FOUND. */
export async function updatePromotion(ctx: Context, input: PromotionUpdateRequest): Promise<VendorPromotion> {
  const found = await ctx.prisma.vendorPromotion.findUnique({ where: { id: input.promotionId }, select: { vendorId: true } });
  if (!found) throw notFound('Promotion');
  try {
    await requireVendorMember(ctx, found.vendorId);
  } catch {
    throw notFound('Promotion');
  }
  return ctx.prisma.$transaction(async (tx) => {
    // Same row lock as checkout's use count: an edit never interleaves with a counted use.
    await tx.$queryRaw`SELECT id FROM vendor_promotions WHERE id = ${input.promotionId} FOR UPDATE`;
    const before = await tx.vendorPromotion.findUniqueOrThrow({ where: { id: input.promotionId } });
    const pick = <T>(v: T | null | undefined, clearWhen: (x: T) => boolean, current: T | null): T | null =>
      v === undefined || v === null ? current : clearWhen(v) ? null : v;
    const data = await validatePromotion(
      tx,
      before.vendorId,
      {
        code: input.code ?? before.code,
        name: input.name === undefined || input.name === null ? before.name : input.name.trim(),
        discountType: input.discountType ?? before.discountType,
        discountValue: input.discountValue?.trim() ?? before.discountValue.toFixed(2),
        appliesToModuleId: pick(input.moduleId, (x) => x === 0, before.appliesToModuleId),
        maxUses: pick(input.maxUses, (x) => x === 0, before.maxUses),
        validFrom: input.clearValidFrom ? null : (input.validFrom ?? before.validFrom),
        validUntil: input.clearValidUntil ? null : (input.validUntil ?? before.validUntil),
        isActive: input.isActive ?? before.isActive,
      },
      before,
    );
    const p = await tx.vendorPromotion.update({ where: { id: before.id }, data: { ...data, updatedAt: ctx.clock.now() } });
    await audit(tx, ctx, {
      action: before.isActive && !p.isActive ? 'deactivate' : !before.isActive && p.isActive ? 'activate' : 'update',
      entityType: 'vendor_promotion',
      entityId: p.id,
      oldValue: snapshot(before),
      newValue: snapshot(p),
    });
    return p;
  });
}

/** A referral link's offer, for the module page (public): only while the code can be used. */
export async function referralOffer(ctx: Context, code: string) {
  const p = await findPromotionByCode(ctx.prisma, code);
  if (!p || p.kind !== 'referral' || promotionState(p, ctx.clock.now()) !== 'active') return null;
  const vendor = await ctx.loaders.vendor.load(p.vendorId);
  if (!vendor) return null;
  return {
    code: p.code,
    vendorId: vendor.id,
    vendorName: vendor.name,
    discountType: p.discountType,
    discountValue: p.discountValue.toFixed(2),
    moduleId: p.appliesToModuleId,
  };
}
