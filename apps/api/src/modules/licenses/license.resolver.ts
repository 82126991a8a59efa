import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isLicenseUsableAt, toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { money } from '../../core/scalars';
import type { Connection } from '../../core/pagination';
import { Receipt } from '../receipts';
import { receiptsOfLicense } from '../receipts';
import { toReceipt } from '../receipts';
import { canSeeBilling, paymentMethodLabel } from '../payments';
import {
  AdminLicensesArgs,
  ContractAcceptance,
  License,
  LicenseActivation,
  LicenseAdminActionInput,
  LicenseCancelInput,
  LicenseConnection,
  LicensePayload,
  LicensePeriod,
  LicenseRenewal,
  LicenseSetAutoRenewInput,
  LicenseStatusChange,
  ModuleRef,
  OrgLicensesArgs,
  PlanRef,
  UserLimitStatus,
} from './license.types';
import { licenseUserCount } from './user-limit';
import * as licenses from './license.service';
import { licenseLoaders } from './license.loaders';
import { toModuleRef, toPlanRef } from './license.mapper';

@Resolver(() => License)
export class LicenseResolver {
  @Authorized()
  @Query(() => LicenseConnection, { description: "An organization's licenses (view_modules), newest first, filtered by status or module." })
  orgLicenses(@Args(() => OrgLicensesArgs) args: OrgLicensesArgs, @Ctx() ctx: Context): Promise<Connection<License>> {
    return licenses.orgLicenses(ctx, args.orgId, args.filter, args.first, args.after);
  }

  @Authorized()
  @Query(() => License, { description: 'One license with its history, renewals, acceptances and activations (view_modules in its org).' })
  license(@Arg('id', () => Int) id: number, @Ctx() ctx: Context): Promise<License> {
    return licenses.getLicense(ctx, id);
  }

  @Authorized()
  @Query(() => [License], {
    description:
      'The licenses through which an org holds a module now (active and unexpired, in trial, or suspended while a renewal is retried), newest first (view_modules).',
  })
  moduleOwnership(
    @Arg('orgId', () => Int) orgId: number,
    @Arg('moduleId', () => Int) moduleId: number,
    @Ctx() ctx: Context,
  ): Promise<License[]> {
    return licenses.moduleOwnership(ctx, orgId, moduleId);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => LicenseConnection, { description: 'Every license (platform admins), newest first.' })
  adminLicenses(@Args(() => AdminLicensesArgs) args: AdminLicensesArgs, @Ctx() ctx: Context): Promise<Connection<License>> {
    return licenses.adminLicenses(ctx, args.filter, args.first, args.after);
  }

  @Authorized()
  @Mutation(() => LicensePayload, { description: 'Turn renewal on or off, optionally changing the payment method (manage_licenses).' })
  licenseSetAutoRenew(
    @Arg('input', () => LicenseSetAutoRenewInput) input: LicenseSetAutoRenewInput,
    @Ctx() ctx: Context,
  ): Promise<LicensePayload> {
    return licenses.setAutoRenew(ctx, input);
  }

  @Authorized()
  @Mutation(() => LicensePayload, { description: 'Stop renewal; the license stays active until the end of its period (manage_licenses).' })
  licenseCancel(@Arg('input', () => LicenseCancelInput) input: LicenseCancelInput, @Ctx() ctx: Context): Promise<LicensePayload> {
    return licenses.cancelLicense(ctx, input);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => LicensePayload, { description: 'Suspend an active license (platform admins), with a reason.' })
  licenseSuspend(
    @Arg('input', () => LicenseAdminActionInput) input: LicenseAdminActionInput,
    @Ctx() ctx: Context,
  ): Promise<LicensePayload> {
    return licenses.adminChangeLicense(ctx, 'suspend', input);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => LicensePayload, { description: 'Reinstate a suspended license (platform admins), with a reason.' })
  licenseReinstate(
    @Arg('input', () => LicenseAdminActionInput) input: LicenseAdminActionInput,
    @Ctx() ctx: Context,
  ): Promise<LicensePayload> {
    return licenses.adminChangeLicense(ctx, 'reinstate', input);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => LicensePayload, { description: 'Revoke a license for good (platform admins), with a reason.' })
  licenseRevoke(@Arg('input', () => LicenseAdminActionInput) input: LicenseAdminActionInput, @Ctx() ctx: Context): Promise<LicensePayload> {
    return licenses.adminChangeLicense(ctx, 'revoke', input);
  }

  // ─────────────────────────────── fields (the license itself was access-checked)

  @FieldResolver(() => ModuleRef)
  async module(@Root() l: License, @Ctx() ctx: Context): Promise<ModuleRef> {
    const m = await licenseLoaders(ctx).module.load(l.moduleId);
    if (!m) throw new Error(`Module ${l.moduleId} missing`);
    return toModuleRef(m);
  }

  @FieldResolver(() => PlanRef, { nullable: true })
  async plan(@Root() l: License, @Ctx() ctx: Context): Promise<PlanRef | null> {
    if (!l.pricingPlanId) return null;
    const p = await licenseLoaders(ctx).plan.load(l.pricingPlanId);
    return p ? toPlanRef(p) : null;
  }

  @FieldResolver(() => String, { description: 'The owning organization (readers of the license are its members or platform admins).' })
  async orgName(@Root() l: License, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.organization.load(l.orgId))?.name ?? `Organization ${l.orgId}`;
  }

  @FieldResolver(() => Boolean, { description: 'Active and not past its expiry right now.' })
  isUsable(@Root() l: License, @Ctx() ctx: Context): boolean {
    return isLicenseUsableAt(l, ctx.clock.now());
  }

  @FieldResolver(() => Boolean, { description: 'In its free trial: nothing charged yet; the first charge is at trialEndsAt.' })
  inTrial(@Root() l: License): boolean {
    return licenses.isInTrial(l);
  }

  @FieldResolver(() => UserLimitStatus, {
    nullable: true,
    description: "Active users reported by the org's instances against the plan's max_users (null when the plan has no user limit).",
  })
  async userLimit(@Root() l: License, @Ctx() ctx: Context): Promise<UserLimitStatus | null> {
    const u = await licenseUserCount(ctx.prisma, l.id, ctx.clock.now());
    return u.max === null ? null : { activeUsers: u.active, maxUsers: u.max, exceeded: u.exceeded };
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The payment method renewals are charged to. Billing data: null unless the caller has a billing permission (purchase_modules, manage_billing or manage_licenses) in the org, as for orgPaymentMethods.',
  })
  async paymentMethodLabel(@Root() l: License, @Ctx() ctx: Context): Promise<string | null> {
    if (!(await canSeeBilling(ctx, l.orgId))) return null;
    return paymentMethodLabel(ctx.prisma, ctx.services, l.paymentMethodId);
  }

  @FieldResolver(() => [LicenseStatusChange], { description: 'Status history, oldest first (also notes renewal cancellations).' })
  async statusHistory(@Root() l: License, @Ctx() ctx: Context): Promise<LicenseStatusChange[]> {
    const rows = await licenseLoaders(ctx).statusHistory.load(l.id);
    return rows.map((r) => ({
      id: r.id,
      oldStatus: r.oldStatus,
      newStatus: r.newStatus,
      changedByName: r.changedBy?.name ?? null,
      reason: r.reason,
      changedAt: r.changedAt,
    }));
  }

  @FieldResolver(() => [LicenseRenewal], {
    description:
      'Renewals, oldest first. Their receipt number and failure reason (the payment provider’s answer) are billing data: null unless the caller has a billing permission in the org, as for receipts.',
  })
  async renewals(@Root() l: License, @Ctx() ctx: Context): Promise<LicenseRenewal[]> {
    const [rows, billing] = await Promise.all([licenseLoaders(ctx).renewals.load(l.id), canSeeBilling(ctx, l.orgId)]);
    return rows.map((r) => ({
      id: r.id,
      renewedAt: r.renewedAt,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      amount: money(toAmount(r.amount), r.currency),
      tax: money(toAmount(r.taxAmount), r.currency),
      total: money(toAmount(r.totalAmount), r.currency),
      nextBillingDate: r.nextBillingDate,
      status: r.status,
      failureReason: billing ? r.failureReason : null,
      attempts: r.attempts,
      receiptNumber: billing ? (r.invoice?.number ?? null) : null,
    }));
  }

  @FieldResolver(() => [ContractAcceptance])
  async acceptances(@Root() l: License, @Ctx() ctx: Context): Promise<ContractAcceptance[]> {
    const rows = await licenseLoaders(ctx).acceptances.load(l.id);
    return rows.map((a) => ({
      id: a.id,
      contractId: a.contractId,
      contractVersion: a.contract.version,
      contractType: a.contract.contractType,
      termsUrl: a.contract.termsUrl,
      acceptedByName: a.acceptedBy.name,
      acceptedAt: a.acceptedAt,
      ipAddress: a.ipAddress,
      userAgent: a.userAgent,
    }));
  }

  @FieldResolver(() => [LicenseActivation], { description: "The org's instances this license is activated on." })
  async activations(@Root() l: License, @Ctx() ctx: Context): Promise<LicenseActivation[]> {
    const rows = await licenseLoaders(ctx).activations.load(l.id);
    return rows.map((a) => ({
      id: a.id,
      instanceId: a.instanceId,
      instanceName: a.instance.name,
      environment: a.instance.environment,
      domain: a.instance.domain,
      version: a.moduleVersion.version,
      isActive: a.isActive,
      activatedAt: a.activatedAt,
      deactivatedAt: a.deactivatedAt,
    }));
  }

  @FieldResolver(() => [LicensePeriod])
  async periods(@Root() l: License, @Ctx() ctx: Context): Promise<LicensePeriod[]> {
    const rows = await licenseLoaders(ctx).periods.load(l.id);
    return rows.map((p) => ({ id: p.id, startsAt: p.startsAt, expiresAt: p.expiresAt, purchaseId: p.purchaseId, renewalId: p.renewalId }));
  }

  @FieldResolver(() => [Receipt], {
    nullable: true,
    description:
      'Receipts of the purchase and renewals. Needs a billing permission (manage_billing, purchase_modules or manage_licenses): FORBIDDEN otherwise.',
  })
  async receipts(@Root() l: License, @Ctx() ctx: Context): Promise<Receipt[]> {
    return (await receiptsOfLicense(ctx, l)).map(toReceipt);
  }
}
