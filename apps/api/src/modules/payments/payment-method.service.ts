/**
 * Stored payment methods of an organization (manage_billing): cards are added through the
 * provider's tokenization, so only the provider's `pm_…` id, brand, last 4 digits and expiry are
 * stored — never the number or the CVC. One card is the default: renewals charge it.
 *
 * Rules:
 * - Another org's card does not exist for you (NOT_FOUND); a member without manage_billing gets FORBIDDEN.
 * - The first card of an org becomes its default; "set default" moves the mark under a lock of
 *   the org row, so two concurrent changes leave exactly one default.
 * - Removing the default card leaves the org without one until another is chosen (renewals then
 *   fall back to the license's own method if it is still stored, else take the payment-failed path).
 * - Every change runs in a transaction with an audit row.
 */
import type { PaymentMethod, Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import type { Services } from '../../core/services';
import { requireOrgPermission } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound, UserError } from '../../core/errors';
import { PaymentErrorCode as E } from './payment.errors';
import { isUsablePaymentMethod, paymentsOf } from './payment.service';

export const MAX_CARDS_PER_ORG = 20;

const err = (code: string, message: string, field: string) => new UserError(code, message, field);

/** Luhn checksum of a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const label = (brand: string, last4: string) =>
  `${brand === 'mastercard' ? 'Mastercard' : brand === 'visa' ? 'Visa' : 'Card'} ending ${last4}`;

/** The org's stored cards, default first (manage_billing). */
export async function listStoredPaymentMethods(ctx: Context, orgId: number): Promise<PaymentMethod[]> {
  await requireOrgPermission(ctx, orgId, 'manage_billing');
  return ctx.prisma.paymentMethod.findMany({ where: { orgId }, orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }] });
}

export interface CardInput {
  orgId: number;
  cardNumber: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  makeDefault?: boolean | null;
}

export async function addPaymentMethod(
  ctx: Context,
  input: CardInput,
): Promise<{ paymentMethod: PaymentMethod | null; errors: UserError[] }> {
  await requireOrgPermission(ctx, input.orgId, 'manage_billing');
  const number = input.cardNumber.replace(/[\s-]/g, '');
  const cvc = input.cvc.trim();
  const errors: UserError[] = [];
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number))
    errors.push(err(E.INVALID_CARD_NUMBER, 'Enter a valid card number.', 'cardNumber'));
  const now = ctx.clock.now();
  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12)
    errors.push(err(E.INVALID_EXPIRY, 'Enter the expiry month (1–12).', 'expMonth'));
  else if (!Number.isInteger(input.expYear) || input.expYear < 2000 || input.expYear > 2100)
    errors.push(err(E.INVALID_EXPIRY, 'Enter the expiry year (e.g. 2030).', 'expYear'));
  else if (input.expYear * 12 + input.expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1)
    errors.push(err(E.CARD_EXPIRED, 'This card has expired.', 'expYear'));
  if (!/^\d{3,4}$/.test(cvc)) errors.push(err(E.INVALID_CVC, 'Enter the 3 or 4 digits on the back of the card.', 'cvc'));
  if (errors.length) return { paymentMethod: null, errors };
  if ((await ctx.prisma.paymentMethod.count({ where: { orgId: input.orgId } })) >= MAX_CARDS_PER_ORG)
    return {
      paymentMethod: null,
      errors: [err(E.LIMIT_REACHED, `An organization can keep up to ${MAX_CARDS_PER_ORG} cards.`, 'cardNumber')],
    };

  const provider = paymentsOf(ctx.services);
  const t = await provider.tokenizeCard({ number, expMonth: input.expMonth, expYear: input.expYear, cvc });
  if (t.status === 'declined') return { paymentMethod: null, errors: [err(E.CARD_DECLINED, t.message, 'cardNumber')] };

  const paymentMethod = await ctx.prisma.$transaction(async (tx) => {
    await lockOrg(tx, input.orgId);
    const hasDefault = (await tx.paymentMethod.count({ where: { orgId: input.orgId, isDefault: true } })) > 0;
    const makeDefault = !hasDefault || input.makeDefault === true;
    if (makeDefault) await tx.paymentMethod.updateMany({ where: { orgId: input.orgId, isDefault: true }, data: { isDefault: false } });
    const pm = await tx.paymentMethod.create({
      data: {
        id: t.paymentMethodId,
        orgId: input.orgId,
        provider: provider.name,
        label: label(t.brand, t.last4),
        brand: t.brand,
        last4: t.last4,
        expMonth: input.expMonth,
        expYear: input.expYear,
        isDefault: makeDefault,
        createdAt: now,
      },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'payment_method',
      entityId: pm.id,
      orgId: input.orgId,
      newValue: { label: pm.label, brand: pm.brand, last4: pm.last4, expMonth: pm.expMonth, expYear: pm.expYear, isDefault: pm.isDefault },
    });
    return pm;
  });
  return { paymentMethod, errors: [] };
}

async function lockOrg(tx: Prisma.TransactionClient, orgId: number) {
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${orgId} FOR UPDATE`;
}

/** A stored card the caller may manage (manage_billing in its org); anything else is NOT_FOUND. */
async function manageableMethod(ctx: Context, id: string): Promise<PaymentMethod> {
  const pm = await ctx.prisma.paymentMethod.findUnique({ where: { id } });
  if (!pm) throw notFound('Payment method');
  await requireOrgPermission(ctx, pm.orgId, 'manage_billing', 'Payment method');
  return pm;
}

export async function setDefaultPaymentMethod(ctx: Context, id: string): Promise<PaymentMethod> {
  const pm = await manageableMethod(ctx, id);
  return ctx.prisma.$transaction(async (tx) => {
    await lockOrg(tx, pm.orgId);
    const before = await tx.paymentMethod.findFirst({ where: { orgId: pm.orgId, isDefault: true } });
    await tx.paymentMethod.updateMany({ where: { orgId: pm.orgId, isDefault: true, id: { not: pm.id } }, data: { isDefault: false } });
    const updated = await tx.paymentMethod.update({ where: { id: pm.id }, data: { isDefault: true } });
    await audit(tx, ctx, {
      action: 'set_default',
      entityType: 'payment_method',
      entityId: pm.id,
      orgId: pm.orgId,
      oldValue: { defaultPaymentMethod: before?.label ?? null },
      newValue: { defaultPaymentMethod: updated.label },
    });
    return updated;
  });
}

export async function removePaymentMethod(ctx: Context, id: string): Promise<{ removedId: string; orgId: number }> {
  const pm = await manageableMethod(ctx, id);
  await ctx.prisma.$transaction(async (tx) => {
    await lockOrg(tx, pm.orgId);
    await tx.paymentMethod.delete({ where: { id: pm.id } });
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'payment_method',
      entityId: pm.id,
      orgId: pm.orgId,
      oldValue: { label: pm.label, brand: pm.brand, last4: pm.last4, isDefault: pm.isDefault },
    });
  });
  return { removedId: pm.id, orgId: pm.orgId };
}

type Db = Pick<Prisma.TransactionClient, 'paymentMethod'>;

/**
 * The method a renewal charges: the org's default card; without one, the license's own method
 * if the org still has it (or it is a provider test method); else none (payment-failed path).
 */
export async function renewalPaymentMethodId(
  db: Db,
  services: Services,
  orgId: number,
  licenseMethodId: string | null,
): Promise<string | null> {
  const def = await db.paymentMethod.findFirst({ where: { orgId, isDefault: true }, select: { id: true } });
  if (def) return def.id;
  if (licenseMethodId && (await isUsablePaymentMethod(db, services, orgId, licenseMethodId))) return licenseMethodId;
  return null;
}
