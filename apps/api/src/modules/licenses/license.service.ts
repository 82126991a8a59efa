import type { License, LicenseStatus, Prisma } from '@wk/db';
import { assertTransition, billingPeriodMonths, isDomainError, isLicenseUsableAt, type BillingCycle, type PlanType } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { requireOrgPermission, requirePlatformAdmin, requireUser } from '../../core/access';
import { notFound, UserError } from '../../core/errors';
import { type Connection, pageById } from '../../core/pagination';
import { effectivePermissions } from '../../core/permissions';
import type { Recipient } from '../notifications';
import { isUsablePaymentMethod } from '../payments';
import { LicenseErrorCode } from './license.errors';

type Tx = Prisma.TransactionClient;

/** Thrown when the license changed under us (another request or worker won the race). */
export class LicenseConflictError extends Error {
  constructor(readonly licenseId: number) {
    super(`License ${licenseId} changed concurrently.`);
  }
}

export interface StatusChangeOptions {
  reason: string;
  /** Extra columns to set with the status (e.g. autoRenew: false on revoke). */
  data?: Prisma.LicenseUpdateManyMutationInput;
  /** Audit action (default: the new status, e.g. "suspend"). */
  action?: string;
}

/**
 * Moves a license to another status inside the caller's transaction: the @wk/domain state
 * machine must allow it, the update is conditional on the status we read (a concurrent change
 * makes it fail with {@link LicenseConflictError} instead of overwriting), and it writes the
 * status history row (by the signed-in user, or the system when there is none) and an audit row.
 */
export async function changeLicenseStatus(
  tx: Tx,
  ctx: Context,
  license: Pick<License, 'id' | 'orgId' | 'status'>,
  to: LicenseStatus,
  opts: StatusChangeOptions,
): Promise<void> {
  assertTransition(license.status, to);
  const res = await tx.license.updateMany({ where: { id: license.id, status: license.status }, data: { ...opts.data, status: to } });
  if (res.count !== 1) throw new LicenseConflictError(license.id);
  const at = ctx.clock.now();
  await tx.licenseStatusHistory.create({
    data: {
      licenseId: license.id,
      oldStatus: license.status,
      newStatus: to,
      changedById: ctx.user?.id ?? null,
      reason: opts.reason,
      changedAt: at,
    },
  });
  await audit(tx, ctx, {
    action: opts.action ?? to,
    entityType: 'license',
    entityId: license.id,
    orgId: license.orgId,
    oldValue: { status: license.status },
    newValue: { status: to, reason: opts.reason },
  });
}

/** A timeline entry for a change that keeps the status (cancel, auto-renew toggled). */
export async function noteLicenseEvent(tx: Tx, ctx: Context, license: Pick<License, 'id' | 'status'>, reason: string): Promise<void> {
  await tx.licenseStatusHistory.create({
    data: {
      licenseId: license.id,
      oldStatus: license.status,
      newStatus: license.status,
      changedById: ctx.user?.id ?? null,
      reason,
      changedAt: ctx.clock.now(),
    },
  });
}

/** Users of an org who manage its licenses (notified of expiry, renewals, failures). */
export async function licenseRecipients(tx: Pick<Tx, 'membership'>, orgId: number): Promise<Recipient[]> {
  const members = await tx.membership.findMany({ where: { orgId }, orderBy: { id: 'asc' } });
  return members.filter((m) => effectivePermissions(m.role, m.permissions).has('manage_licenses')).map((m) => ({ userId: m.userId }));
}

/** Whether licenses on this plan renew (monthly/yearly subscriptions). */
export function isRenewablePlan(plan: { planType: string; billingCycle: string } | null): boolean {
  return (
    plan !== null && billingPeriodMonths({ planType: plan.planType as PlanType, billingCycle: plan.billingCycle as BillingCycle }) !== null
  );
}

// ───────────────────────────────────────────────────────────── reads

type Reader = Pick<Tx, 'license'>;

/**
 * The licenses through which an org holds a module at `at`, newest first: active and unexpired
 * (trials included), or suspended (a failed renewal being retried). Expired and revoked ones do not count.
 */
export async function heldLicenses(db: Reader, orgId: number, moduleId: number, at: Date) {
  const rows = await db.license.findMany({
    where: { orgId, moduleId, status: { in: ['active', 'suspended'] } },
    include: { pricingPlan: true },
    orderBy: { id: 'desc' },
  });
  return rows.filter((l) => l.status === 'suspended' || isLicenseUsableAt(l, at));
}

/** moduleOwnership: the org's licenses that hold the module now (view_modules in the org). */
export async function moduleOwnership(ctx: Context, orgId: number, moduleId: number): Promise<License[]> {
  await requireOrgPermission(ctx, orgId, 'view_modules');
  return heldLicenses(ctx.prisma, orgId, moduleId, ctx.clock.now());
}

/** In trial: the current period is the free trial (expires_at = trial_ends_at). */
export const isInTrial = (l: Pick<License, 'trialEndsAt' | 'expiresAt'>) =>
  l.trialEndsAt !== null && l.expiresAt !== null && l.trialEndsAt.getTime() === l.expiresAt.getTime();

/** A license the signed-in user may see (view_modules in its org, or platform admin); else NOT_FOUND. */
export async function getLicense(ctx: Context, id: number): Promise<License> {
  requireUser(ctx);
  const license = await ctx.prisma.license.findUnique({ where: { id } });
  if (!license) throw notFound('License');
  await requireOrgPermission(ctx, license.orgId, 'view_modules', 'License');
  return license;
}

export interface LicenseListFilter {
  status?: LicenseStatus | null;
  moduleId?: number | null;
}

/** An org's licenses, newest first (keyset on id). */
export async function orgLicenses(
  ctx: Context,
  orgId: number,
  filter: LicenseListFilter | null | undefined,
  first: number,
  after?: string | null,
): Promise<Connection<License>> {
  await requireOrgPermission(ctx, orgId, 'view_modules');
  const where: Prisma.LicenseWhereInput = {
    orgId,
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.moduleId ? { moduleId: filter.moduleId } : {}),
  };
  return pageOfLicenses(ctx, where, first, after);
}

export interface AdminLicenseFilter extends LicenseListFilter {
  orgId?: number | null;
  search?: string | null;
}

/** Every license, for platform admins (suspend / reinstate / revoke). */
export async function adminLicenses(
  ctx: Context,
  filter: AdminLicenseFilter | null | undefined,
  first: number,
  after?: string | null,
): Promise<Connection<License>> {
  requirePlatformAdmin(ctx);
  const search = filter?.search?.trim();
  const where: Prisma.LicenseWhereInput = {
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.moduleId ? { moduleId: filter.moduleId } : {}),
    ...(filter?.orgId ? { orgId: filter.orgId } : {}),
    ...(search
      ? {
          OR: [
            { licenseKey: { contains: search, mode: 'insensitive' } },
            { org: { name: { contains: search, mode: 'insensitive' } } },
            { module: { name: { contains: search, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
  return pageOfLicenses(ctx, where, first, after);
}

async function pageOfLicenses(
  ctx: Context,
  where: Prisma.LicenseWhereInput,
  first: number,
  after?: string | null,
): Promise<Connection<License>> {
  return pageById({ first, after }, 'desc', where, {
    rows: (q) => ctx.prisma.license.findMany(q),
    count: (q) => ctx.prisma.license.count(q),
  });
}

// ───────────────────────────────────────────────────────────── mutations

export type LicenseResult = { license: License | null; errors: UserError[] };
const fail = (code: string, message: string, field?: string): LicenseResult => ({
  license: null,
  errors: [new UserError(code, message, field)],
});

async function loadForManage(ctx: Context, licenseId: number) {
  requireUser(ctx);
  const license = await ctx.prisma.license.findUnique({ where: { id: licenseId }, include: { pricingPlan: true } });
  if (!license) throw notFound('License');
  await requireOrgPermission(ctx, license.orgId, 'manage_licenses', 'License');
  return license;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'never');

/** Turns renewal on or off (manage_licenses); on needs a usable payment method. */
export async function setAutoRenew(
  ctx: Context,
  input: { licenseId: number; autoRenew: boolean; paymentMethodId?: string | null },
): Promise<LicenseResult> {
  const license = await loadForManage(ctx, input.licenseId);
  if (license.status === 'expired' || license.status === 'revoked' || license.status === 'pending') {
    return fail(LicenseErrorCode.LICENSE_NOT_ACTIVE, `This license is ${license.status}; renewal cannot be changed.`, 'licenseId');
  }
  if (!isRenewablePlan(license.pricingPlan)) {
    return fail(LicenseErrorCode.LICENSE_NOT_RENEWABLE, 'This license does not renew (its plan has no billing period).', 'autoRenew');
  }
  const paymentMethodId = input.paymentMethodId?.trim() || license.paymentMethodId;
  if (input.paymentMethodId && !(await isUsablePaymentMethod(ctx.prisma, ctx.services, license.orgId, input.paymentMethodId.trim()))) {
    return fail(LicenseErrorCode.PAYMENT_METHOD_INVALID, 'This payment method cannot be used by this organization.', 'paymentMethodId');
  }
  if (input.autoRenew && !paymentMethodId) {
    return fail(LicenseErrorCode.PAYMENT_METHOD_REQUIRED, 'Choose a payment method to renew with.', 'paymentMethodId');
  }
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const next = await tx.license.update({
      where: { id: license.id },
      data: { autoRenew: input.autoRenew, paymentMethodId, ...(input.autoRenew ? { cancelledAt: null } : {}) },
    });
    const changed = license.autoRenew !== input.autoRenew || license.paymentMethodId !== paymentMethodId;
    if (changed) {
      const what = input.autoRenew
        ? `Auto-renew turned on (renews ${day(license.expiresAt)})`
        : `Auto-renew turned off (active until ${day(license.expiresAt)})`;
      await noteLicenseEvent(tx, ctx, license, license.paymentMethodId !== paymentMethodId ? `${what}; payment method changed` : what);
    }
    await audit(tx, ctx, {
      action: 'set_auto_renew',
      entityType: 'license',
      entityId: license.id,
      orgId: license.orgId,
      oldValue: { autoRenew: license.autoRenew, paymentMethodId: license.paymentMethodId, cancelledAt: license.cancelledAt },
      newValue: { autoRenew: next.autoRenew, paymentMethodId: next.paymentMethodId, cancelledAt: next.cancelledAt },
    });
    return next;
  });
  return { license: updated, errors: [] };
}

/** Cancels renewal (manage_licenses): the license stays active until the end of its period. */
export async function cancelLicense(ctx: Context, input: { licenseId: number; reason?: string | null }): Promise<LicenseResult> {
  const license = await loadForManage(ctx, input.licenseId);
  if (license.status !== 'active' && license.status !== 'suspended') {
    return fail(LicenseErrorCode.LICENSE_NOT_ACTIVE, `This license is ${license.status}.`, 'licenseId');
  }
  if (!isRenewablePlan(license.pricingPlan)) {
    return fail(LicenseErrorCode.LICENSE_NOT_RENEWABLE, 'This license does not renew, so there is nothing to cancel.', 'licenseId');
  }
  if (license.cancelledAt) {
    return fail(LicenseErrorCode.LICENSE_ALREADY_CANCELLED, `Renewal was already cancelled on ${day(license.cancelledAt)}.`, 'licenseId');
  }
  const now = ctx.clock.now();
  const reason = input.reason?.trim();
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const res = await tx.license.updateMany({
      where: { id: license.id, cancelledAt: null },
      data: { autoRenew: false, cancelledAt: now, nextRetryAt: null },
    });
    if (res.count !== 1) return null;
    await noteLicenseEvent(tx, ctx, license, `Renewal cancelled; active until ${day(license.expiresAt)}${reason ? ` — ${reason}` : ''}`);
    await audit(tx, ctx, {
      action: 'cancel',
      entityType: 'license',
      entityId: license.id,
      orgId: license.orgId,
      oldValue: { autoRenew: license.autoRenew, cancelledAt: null },
      newValue: { autoRenew: false, cancelledAt: now, reason: reason ?? null },
    });
    return tx.license.findUniqueOrThrow({ where: { id: license.id } });
  });
  if (!updated) return fail(LicenseErrorCode.LICENSE_ALREADY_CANCELLED, 'Renewal was already cancelled.', 'licenseId');
  return { license: updated, errors: [] };
}

type AdminAction = 'suspend' | 'reinstate' | 'revoke';
const TARGET: Record<AdminAction, LicenseStatus> = { suspend: 'suspended', reinstate: 'active', revoke: 'revoked' };

/** Platform-admin status changes with a reason (the state machine decides what is allowed). */
export async function adminChangeLicense(
  ctx: Context,
  action: AdminAction,
  input: { licenseId: number; reason: string },
): Promise<LicenseResult> {
  requirePlatformAdmin(ctx);
  const reason = input.reason.trim();
  if (!reason) return fail(LicenseErrorCode.REASON_REQUIRED, 'Give a reason; it is shown in the license history.', 'reason');
  const license = await ctx.prisma.license.findUnique({ where: { id: input.licenseId } });
  if (!license) throw notFound('License');
  const to = TARGET[action];
  const data: Prisma.LicenseUpdateManyMutationInput =
    action === 'revoke' ? { autoRenew: false, nextRetryAt: null } : action === 'reinstate' ? { renewalAttempts: 0, nextRetryAt: null } : {};
  try {
    await ctx.prisma.$transaction((tx) => changeLicenseStatus(tx, ctx, license, to, { reason, data, action }));
  } catch (e) {
    if (isDomainError(e, 'INVALID_LICENSE_TRANSITION')) {
      return fail(
        LicenseErrorCode.INVALID_LICENSE_TRANSITION,
        `A ${license.status} license cannot be ${to === 'active' ? 'reinstated' : to}.`,
        'licenseId',
      );
    }
    if (e instanceof LicenseConflictError) {
      return fail(LicenseErrorCode.INVALID_LICENSE_TRANSITION, 'The license changed meanwhile; reload and try again.', 'licenseId');
    }
    throw e;
  }
  return { license: await ctx.prisma.license.findUniqueOrThrow({ where: { id: license.id } }), errors: [] };
}
