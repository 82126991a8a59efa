import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { CoreValidationStatus, DiscountType } from '@wk/db';
import { UserError } from '../../core/errors';
import { AdminError } from './admin.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { JSONScalar } from '../../core/scalars';

registerEnumType(CoreValidationStatus, {
  name: 'CoreValidationStatus',
  description: 'Review state of a core release: pending → validated | rejected.',
});
registerEnumType(DiscountType, { name: 'DiscountType' });

// ───────────────────────────────────────────── softwares & cores

@ObjectType({ description: 'A registered software, as platform admins manage it (inactive ones included).' })
export class AdminSoftware {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { nullable: true }) installPath!: string | null;
  @Field(() => String, { nullable: true }) namespace!: string | null;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({ description: 'A core release of a software, with its artifact and review status (platform admins).' })
export class AdminSoftwareCore {
  @Field(() => Int) id!: number;
  softwareId!: number;
  @Field(() => String) name!: string;
  @Field(() => String) version!: string;
  @Field(() => [String]) artifactPaths!: string[];
  @Field(() => String, { nullable: true }) installPath!: string | null;
  @Field(() => String, { nullable: true }) namespace!: string | null;
  @Field(() => String, { nullable: true }) hash!: string | null;
  @Field(() => CoreValidationStatus) validationStatus!: CoreValidationStatus;
  @Field(() => JSONScalar, { nullable: true }) metadata!: unknown;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@InputType()
export class SoftwareCreateInput {
  @Field(() => String) @MaxLength(120) name!: string;
  @Field(() => String) @MaxLength(64) slug!: string;
  @Field(() => String, { nullable: true }) @MaxLength(255) installPath?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(120) namespace?: string | null;
}

@InputType()
export class SoftwareUpdateInput {
  @Field(() => Int) softwareId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(120) name?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(255) installPath?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(120) namespace?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType()
export class SoftwareCoreCreateInput {
  @Field(() => Int) softwareId!: number;
  @Field(() => String, { description: 'Release name, e.g. "Webkernel Horizon".' }) @MaxLength(120) name!: string;
  @Field(() => String, { description: 'Semantic version, unique per software.' }) @MaxLength(64) version!: string;
  @Field(() => [String], { defaultValue: [] }) artifactPaths!: string[];
  @Field(() => String, { nullable: true }) @MaxLength(255) installPath?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(120) namespace?: string | null;
  @Field(() => String, { nullable: true, description: 'Hex digest of the core artifact.' }) @MaxLength(128) hash?: string | null;
  @Field(() => JSONScalar, { nullable: true }) metadata?: unknown;
}

@InputType()
export class SoftwareCoreSetStatusInput {
  @Field(() => Int) coreId!: number;
  @Field(() => CoreValidationStatus) status!: CoreValidationStatus;
}

@ObjectType()
export class AdminSoftwarePayload {
  @Field(() => AdminSoftware, { nullable: true }) software!: AdminSoftware | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

@ObjectType()
export class AdminSoftwareCorePayload {
  @Field(() => AdminSoftwareCore, { nullable: true }) core!: AdminSoftwareCore | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

// ───────────────────────────────────────────── tax rules

@ObjectType()
export class AdminTaxRule {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) countryCode!: string;
  @Field(() => String, { nullable: true, description: 'Region (state/province); null: the whole country.' }) region!: string | null;
  @Field(() => String) taxName!: string;
  taxRate!: { toString(): string };
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) effectiveFrom!: Date;
  @Field(() => Date, { nullable: true, description: 'Exclusive end; null: open-ended.' }) effectiveTo!: Date | null;
}

@InputType()
export class AdminTaxRulesFilter {
  @Field(() => String, { nullable: true }) @MaxLength(10) countryCode?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@ArgsType()
export class AdminTaxRulesArgs extends PageArgs {
  @Field(() => AdminTaxRulesFilter, { nullable: true }) filter?: AdminTaxRulesFilter | null;
}

@InputType()
export class TaxRuleCreateInput {
  @Field(() => String) @MaxLength(10) countryCode!: string;
  @Field(() => String, { nullable: true }) @MaxLength(20) region?: string | null;
  @Field(() => String) @MaxLength(60) taxName!: string;
  @Field(() => String, { description: 'Fraction between 0 and 1, e.g. "0.20".' }) @MaxLength(20) taxRate!: string;
  @Field(() => Boolean, { defaultValue: true }) isActive!: boolean;
  @Field(() => Date) effectiveFrom!: Date;
  @Field(() => Date, { nullable: true }) effectiveTo?: Date | null;
}

@InputType()
export class TaxRuleUpdateInput {
  @Field(() => Int) taxRuleId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(10) countryCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Empty string: the whole country.' }) @MaxLength(20) region?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(60) taxName?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) taxRate?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
  @Field(() => Date, { nullable: true }) effectiveFrom?: Date | null;
  @Field(() => Date, { nullable: true }) effectiveTo?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Set to make the rule open-ended (clears effectiveTo).' }) clearEffectiveTo?:
    boolean | null;
}

@InputType()
export class TaxRuleIdInput {
  @Field(() => Int) taxRuleId!: number;
}

@ObjectType()
export class AdminTaxRulePayload {
  @Field(() => AdminTaxRule, { nullable: true }) taxRule!: AdminTaxRule | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

@ObjectType()
export class TaxRuleDeletePayload {
  @Field(() => Int, { nullable: true }) deletedTaxRuleId!: number | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

// ───────────────────────────────────────────── coupons

@ObjectType()
export class AdminCouponPlan {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
}

@ObjectType({ description: 'A discount coupon (platform-funded), as platform admins manage it.' })
export class AdminCoupon {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'Upper-case; matched case-insensitively at checkout.' }) code!: string;
  @Field(() => DiscountType) discountType!: DiscountType;
  discountValue!: { toFixed(n: number): string };
  appliesToModuleId!: number | null;
  appliesToPlanId!: number | null;
  minPurchaseAmount!: { toFixed(n: number): string } | null;
  @Field(() => Int, { nullable: true }) maxUses!: number | null;
  @Field(() => Int) timesUsed!: number;
  @Field(() => Date, { nullable: true }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true }) validUntil!: Date | null;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class AdminCouponsFilter {
  @Field(() => String, { nullable: true }) @MaxLength(40) search?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@ArgsType()
export class AdminCouponsArgs extends PageArgs {
  @Field(() => AdminCouponsFilter, { nullable: true }) filter?: AdminCouponsFilter | null;
}

@InputType()
export class CouponCreateInput {
  @Field(() => String) @MaxLength(40) code!: string;
  @Field(() => DiscountType) discountType!: DiscountType;
  @Field(() => String, { description: 'Percent (0–100) or a fixed amount, e.g. "20" or "100.00".' }) @MaxLength(20) discountValue!: string;
  @Field(() => Int, { nullable: true }) appliesToModuleId?: number | null;
  @Field(() => Int, { nullable: true }) appliesToPlanId?: number | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) minPurchaseAmount?: string | null;
  @Field(() => Int, { nullable: true }) maxUses?: number | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
  @Field(() => Boolean, { defaultValue: true }) isActive!: boolean;
}

@InputType({ description: 'Fields left out stay as they are; send clear* flags to empty an optional field.' })
export class CouponUpdateInput {
  @Field(() => Int) couponId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(40) code?: string | null;
  @Field(() => DiscountType, { nullable: true }) discountType?: DiscountType | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) discountValue?: string | null;
  @Field(() => Int, { nullable: true, description: '0 clears the module scope.' }) appliesToModuleId?: number | null;
  @Field(() => Int, { nullable: true, description: '0 clears the plan scope.' }) appliesToPlanId?: number | null;
  @Field(() => String, { nullable: true, description: 'Empty string clears the minimum.' }) @MaxLength(20) minPurchaseAmount?:
    string | null;
  @Field(() => Int, { nullable: true, description: '0 removes the limit.' }) maxUses?: number | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
  @Field(() => Boolean, { nullable: true }) clearValidFrom?: boolean | null;
  @Field(() => Boolean, { nullable: true }) clearValidUntil?: boolean | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType()
export class CouponIdInput {
  @Field(() => Int) couponId!: number;
}

@ObjectType()
export class AdminCouponPayload {
  @Field(() => AdminCoupon, { nullable: true }) coupon!: AdminCoupon | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

@ObjectType()
export class CouponDeletePayload {
  @Field(() => Int, { nullable: true, description: 'Set when the coupon was deleted.' }) deletedCouponId!: number | null;
  @Field(() => AdminCoupon, { nullable: true, description: 'Set when the coupon was used and was deactivated instead.' })
  deactivatedCoupon!: AdminCoupon | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

// ───────────────────────────────────────────── audit log

@ObjectType()
export class AuditActor {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
}

@ObjectType()
export class AuditOrganization {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
}

@ObjectType({ description: 'One audit log row: who did what to which entity, with the values before and after.' })
export class AdminAuditLogEntry {
  @Field(() => Int) id!: number;
  userId!: number | null;
  orgId!: number | null;
  @Field(() => String) actionType!: string;
  @Field(() => String) entityType!: string;
  @Field(() => String, { nullable: true }) entityId!: string | null;
  @Field(() => JSONScalar, { nullable: true }) oldValue!: unknown;
  @Field(() => JSONScalar, { nullable: true }) newValue!: unknown;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => Date) performedAt!: Date;
}

@InputType()
export class AdminAuditLogFilter {
  @Field(() => Int, { nullable: true }) userId?: number | null;
  @Field(() => String, { nullable: true, description: "The acting user's e-mail (exact, case-insensitive)." }) @MaxLength(254) userEmail?:
    string | null;
  @Field(() => Int, { nullable: true }) orgId?: number | null;
  @Field(() => String, { nullable: true, description: 'e.g. create, update, approve.' }) @MaxLength(60) action?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. module_version, vendor, coupon.' }) @MaxLength(60) entityType?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(60) entityId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Inclusive.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Exclusive.' }) to?: Date | null;
}

@ArgsType()
export class AdminAuditLogArgs extends PageArgs {
  @Field(() => AdminAuditLogFilter, { nullable: true }) filter?: AdminAuditLogFilter | null;
}

export const AdminTaxRuleConnection = ConnectionType(AdminTaxRule, 'AdminTaxRule');
export const AdminCouponConnection = ConnectionType(AdminCoupon, 'AdminCoupon');
export const AdminAuditLogConnection = ConnectionType(AdminAuditLogEntry, 'AdminAuditLog');
