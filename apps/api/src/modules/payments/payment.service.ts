import type { Prisma, PrismaClient } from '@wk/db';
import type { Context } from '../../core/context';
import type { AppConfig } from '../../core/config';
import type { Services } from '../../core/services';
import { requireOrgPermission, membershipOf, isPlatformAdmin, requireUser } from '../../core/access';
import { effectivePermissions } from '../../core/permissions';
import { forbidden, notFound } from '../../core/errors';
import type { PaymentMethodInfo, PaymentProvider } from './payment-provider';
import { PrismaSandboxStore, SandboxPaymentProvider } from './sandbox-provider';

/**
 * The configured provider (`config.paymentProvider`, from PAYMENT_PROVIDER). Only the built-in
 * sandbox ships (the default outside production); a real provider implements
 * {@link PaymentProvider}, gets a name in core/config.ts and is selected here.
 */
export function createPaymentProvider(config: Pick<AppConfig, 'paymentProvider'>, prisma?: PrismaClient): PaymentProvider {
  switch (config.paymentProvider) {
    case 'sandbox':
      // With a database, the sandbox keeps its records there (shared by every process, kept across crashes).
      return new SandboxPaymentProvider(prisma ? new PrismaSandboxStore(prisma) : undefined);
    default:
      throw new Error(`No payment provider named "${config.paymentProvider}" (supported: sandbox).`);
  }
}

/** The provider of a context's services (fails loudly when the app was built without one). */
export function paymentsOf(services: Services): PaymentProvider {
  if (!services.payments) throw new Error('No payment provider configured (services.payments).');
  return services.payments;
}

/**
 * The sandbox's test cards, offered (and accepted) only when the sandbox is the configured
 * provider: with a real provider, no org ever sees or pays with a test card.
 */
export function sandboxTestMethods(services: Services): PaymentMethodInfo[] {
  const provider = paymentsOf(services);
  return provider.name === 'sandbox' ? (provider.testMethods?.() ?? []) : [];
}

export interface PaymentMethodOption extends PaymentMethodInfo {
  /** Stored on the organization (`payment_methods`), or a provider test method. */
  kind: 'stored' | 'test';
}

const BILLING_PERMISSIONS = ['purchase_modules', 'manage_billing', 'manage_licenses'] as const;

/**
 * The one rule for an org's billing data (its payment methods, the method a license renews with):
 * platform admins, or members with a billing permission (purchase_modules, manage_billing or
 * manage_licenses). Viewers and developers have none.
 */
export async function canSeeBilling(ctx: Context, orgId: number): Promise<boolean> {
  if (isPlatformAdmin(ctx)) return true;
  const m = await membershipOf(ctx, orgId);
  if (!m) return false;
  const perms = effectivePermissions(m.role, m.permissions);
  return BILLING_PERMISSIONS.some((p) => perms.has(p));
}

/**
 * Payment methods an org may pay with: its stored methods, then the provider's test methods.
 * Needs a billing-related permission (purchase_modules, manage_billing or manage_licenses);
 * another org's methods do not exist for you (NOT_FOUND).
 */
export async function listPaymentMethods(ctx: Context, orgId: number): Promise<PaymentMethodOption[]> {
  requireUser(ctx);
  const m = await membershipOf(ctx, orgId);
  if (!m) {
    if (!isPlatformAdmin(ctx)) throw notFound('Organization');
  } else {
    const perms = effectivePermissions(m.role, m.permissions);
    if (!BILLING_PERMISSIONS.some((p) => perms.has(p)))
      throw forbidden('You need a billing permission (purchase_modules, manage_billing or manage_licenses) in this organization.');
  }
  const stored = await ctx.prisma.paymentMethod.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } });
  return [
    ...stored.map((s) => ({ id: s.id, label: s.label, brand: s.brand, last4: s.last4, kind: 'stored' as const })),
    ...sandboxTestMethods(ctx.services).map((t) => ({ ...t, kind: 'test' as const })),
  ];
}

/** Requires purchase rights for listing methods at checkout. */
export async function checkoutPaymentMethods(ctx: Context, orgId: number): Promise<PaymentMethodOption[]> {
  await requireOrgPermission(ctx, orgId, 'purchase_modules');
  return listPaymentMethods(ctx, orgId);
}

type Db = Pick<Prisma.TransactionClient, 'paymentMethod'>;

/**
 * Whether `paymentMethodId` may be used by the org: one of its stored methods, or a test method
 * of the configured provider. Another org's stored method is never usable.
 */
export async function isUsablePaymentMethod(db: Db, services: Services, orgId: number, paymentMethodId: string): Promise<boolean> {
  if (sandboxTestMethods(services).some((t) => t.id === paymentMethodId)) return true;
  const stored = await db.paymentMethod.findUnique({ where: { id: paymentMethodId } });
  return stored !== null && stored.orgId === orgId;
}

/** A human label for a payment method id (stored label, test card label, or the id). */
export async function paymentMethodLabel(db: Db, services: Services, paymentMethodId: string | null): Promise<string | null> {
  if (!paymentMethodId) return null;
  const test = sandboxTestMethods(services).find((t) => t.id === paymentMethodId);
  if (test) return test.label;
  const stored = await db.paymentMethod.findUnique({ where: { id: paymentMethodId } });
  return stored?.label ?? paymentMethodId;
}
