import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { formatRate } from '@wk/domain';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { toPayload } from '../publishing';
import { LinkedModule } from '../publishing';
import { publishingLoaders } from '../publishing';
import {
  AdminAuditLogArgs,
  AdminAuditLogConnection,
  AdminAuditLogEntry,
  AdminCoupon,
  AdminCouponConnection,
  AdminCouponPayload,
  AdminCouponPlan,
  AdminCouponsArgs,
  AdminSoftware,
  AdminSoftwareCore,
  AdminSoftwareCorePayload,
  AdminSoftwarePayload,
  AdminTaxRule,
  AdminTaxRuleConnection,
  AdminTaxRulePayload,
  AdminTaxRulesArgs,
  AuditActor,
  AuditOrganization,
  CouponCreateInput,
  CouponDeletePayload,
  CouponIdInput,
  CouponUpdateInput,
  SoftwareCoreCreateInput,
  SoftwareCoreSetStatusInput,
  SoftwareCreateInput,
  SoftwareUpdateInput,
  TaxRuleCreateInput,
  TaxRuleDeletePayload,
  TaxRuleIdInput,
  TaxRuleUpdateInput,
} from './admin.types';
import * as softwares from './software-admin.service';
import * as taxRules from './tax-rule.service';
import * as coupons from './coupon.service';
import * as auditLog from './audit-log.service';

@ObjectType()
export class AuditFacets {
  @Field(() => [String]) actions!: string[];
  @Field(() => [String]) entityTypes!: string[];
}

@Resolver(() => AdminSoftware)
export class AdminSoftwareResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => [AdminSoftware], { description: 'Every registered software with all its core releases (platform admins).' })
  adminSoftwares(@Ctx() ctx: Context) {
    return softwares.listSoftwares(ctx);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwarePayload, { description: 'Register a software.' })
  softwareCreate(@Arg('input', () => SoftwareCreateInput) input: SoftwareCreateInput, @Ctx() ctx: Context): Promise<AdminSoftwarePayload> {
    return toPayload(async () => ({ software: await softwares.createSoftware(ctx, input) }), { software: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwarePayload, { description: 'Edit a software (name, paths, active flag; the slug never changes).' })
  softwareUpdate(@Arg('input', () => SoftwareUpdateInput) input: SoftwareUpdateInput, @Ctx() ctx: Context): Promise<AdminSoftwarePayload> {
    return toPayload(async () => ({ software: await softwares.updateSoftware(ctx, input) }), { software: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwareCorePayload, { description: 'Add a core release (pending validation).' })
  softwareCoreCreate(
    @Arg('input', () => SoftwareCoreCreateInput) input: SoftwareCoreCreateInput,
    @Ctx() ctx: Context,
  ): Promise<AdminSoftwareCorePayload> {
    return toPayload(async () => ({ core: await softwares.createCore(ctx, input) }), { core: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwareCorePayload, { description: 'Mark a core release validated, rejected or pending again.' })
  softwareCoreSetStatus(
    @Arg('input', () => SoftwareCoreSetStatusInput) input: SoftwareCoreSetStatusInput,
    @Ctx() ctx: Context,
  ): Promise<AdminSoftwareCorePayload> {
    return toPayload(async () => ({ core: await softwares.setCoreStatus(ctx, input) }), { core: null });
  }

  @FieldResolver(() => [AdminSoftwareCore], { description: 'Every core release, highest version first.' })
  cores(@Root() s: AdminSoftware, @Ctx() ctx: Context) {
    return softwares.coresOf(ctx, s.id);
  }
}

@Resolver(() => AdminTaxRule)
export class AdminTaxRuleResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AdminTaxRuleConnection, { description: 'Tax rules (platform admins).' })
  adminTaxRules(@Args(() => AdminTaxRulesArgs) args: AdminTaxRulesArgs, @Ctx() ctx: Context) {
    return taxRules.listTaxRules(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminTaxRulePayload)
  taxRuleCreate(@Arg('input', () => TaxRuleCreateInput) input: TaxRuleCreateInput, @Ctx() ctx: Context): Promise<AdminTaxRulePayload> {
    return toPayload(async () => ({ taxRule: await taxRules.createTaxRule(ctx, input) }), { taxRule: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminTaxRulePayload)
  taxRuleUpdate(@Arg('input', () => TaxRuleUpdateInput) input: TaxRuleUpdateInput, @Ctx() ctx: Context): Promise<AdminTaxRulePayload> {
    return toPayload(async () => ({ taxRule: await taxRules.updateTaxRule(ctx, input) }), { taxRule: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => TaxRuleDeletePayload)
  taxRuleDelete(@Arg('input', () => TaxRuleIdInput) input: TaxRuleIdInput, @Ctx() ctx: Context): Promise<TaxRuleDeletePayload> {
    return toPayload(async () => ({ deletedTaxRuleId: await taxRules.deleteTaxRule(ctx, input.taxRuleId) }), { deletedTaxRuleId: null });
  }

  @FieldResolver(() => String, { description: 'Fraction, e.g. "0.20".' })
  taxRate(@Root() r: AdminTaxRule): string {
    return formatRate(r.taxRate.toString());
  }
}

@Resolver(() => AdminCoupon)
export class AdminCouponResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AdminCouponConnection, { description: 'Coupons (platform admins).' })
  adminCoupons(@Args(() => AdminCouponsArgs) args: AdminCouponsArgs, @Ctx() ctx: Context) {
    return coupons.listCoupons(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminCouponPayload)
  couponCreate(@Arg('input', () => CouponCreateInput) input: CouponCreateInput, @Ctx() ctx: Context): Promise<AdminCouponPayload> {
    return toPayload(async () => ({ coupon: await coupons.createCoupon(ctx, input) }), { coupon: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminCouponPayload)
  couponUpdate(@Arg('input', () => CouponUpdateInput) input: CouponUpdateInput, @Ctx() ctx: Context): Promise<AdminCouponPayload> {
    return toPayload(async () => ({ coupon: await coupons.updateCoupon(ctx, input) }), { coupon: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => CouponDeletePayload, { description: 'Delete an unused coupon; a used one is deactivated instead.' })
  couponDelete(@Arg('input', () => CouponIdInput) input: CouponIdInput, @Ctx() ctx: Context): Promise<CouponDeletePayload> {
    return toPayload(() => coupons.deleteCoupon(ctx, input.couponId), { deletedCouponId: null, deactivatedCoupon: null });
  }

  @FieldResolver(() => String, { description: 'Percent for percentage coupons, amount for fixed ones ("20.00", "100.00").' })
  discountValue(@Root() c: AdminCoupon): string {
    return c.discountValue.toFixed(2);
  }

  @FieldResolver(() => String, { nullable: true })
  minPurchaseAmount(@Root() c: AdminCoupon): string | null {
    return c.minPurchaseAmount ? c.minPurchaseAmount.toFixed(2) : null;
  }

  @FieldResolver(() => LinkedModule, { nullable: true })
  async appliesToModule(@Root() c: AdminCoupon, @Ctx() ctx: Context) {
    const m = c.appliesToModuleId ? await publishingLoaders(ctx).module.load(c.appliesToModuleId) : null;
    return m ? { id: m.id, slug: m.slug, name: m.name } : null;
  }

  @FieldResolver(() => AdminCouponPlan, { nullable: true })
  async appliesToPlan(@Root() c: AdminCoupon, @Ctx() ctx: Context) {
    if (!c.appliesToPlanId) return null;
    const plan = await ctx.loaders.lazy('admin.planById', () => new Map<number, Promise<{ id: number; name: string } | null>>());
    if (!plan.has(c.appliesToPlanId))
      plan.set(
        c.appliesToPlanId,
        ctx.prisma.pricingPlan.findUnique({ where: { id: c.appliesToPlanId }, select: { id: true, name: true } }),
      );
    return plan.get(c.appliesToPlanId)!;
  }
}

@Resolver(() => AdminAuditLogEntry)
export class AdminAuditLogResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AdminAuditLogConnection, { description: 'Search the audit log, newest first (platform admins).' })
  adminAuditLog(@Args(() => AdminAuditLogArgs) args: AdminAuditLogArgs, @Ctx() ctx: Context) {
    return auditLog.searchAuditLog(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AuditFacets, { description: 'The action and entity types present in the audit log.' })
  adminAuditFacets(@Ctx() ctx: Context) {
    return auditLog.auditFacets(ctx);
  }

  @FieldResolver(() => AuditActor, { nullable: true })
  async user(@Root() e: AdminAuditLogEntry, @Ctx() ctx: Context) {
    return e.userId ? ctx.loaders.user.load(e.userId) : null;
  }

  @FieldResolver(() => AuditOrganization, { nullable: true })
  async organization(@Root() e: AdminAuditLogEntry, @Ctx() ctx: Context) {
    return e.orgId ? ctx.loaders.organization.load(e.orgId) : null;
  }
}
