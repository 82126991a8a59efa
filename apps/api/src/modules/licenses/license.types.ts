import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, MaxLength, Min } from 'class-validator';
import { LicenseStatus, RenewalStatus } from '@wk/db';
import { UserError } from '../../core/errors';
import { LicenseError } from './license.errors';
import { Money } from '../../core/scalars';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { registerEnumOnce } from '../../core/register-enum';

registerEnumOnce(LicenseStatus, { name: 'LicenseStatus', description: 'pending → active → suspended | expired | revoked (PRODUCT.md).' });
registerEnumOnce(RenewalStatus, { name: 'RenewalStatus' });

@ObjectType({ description: 'The module a license or purchase is for (summary).' })
export class ModuleRef {
  @Field(() => Int) id!: number;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) iconUrl!: string | null;
  @Field(() => Int) vendorId!: number;
  @Field(() => String) vendorName!: string;
}

@ObjectType({ description: 'The pricing plan a license or purchase is on (summary).' })
export class PlanRef {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'free | freemium | subscription | perpetual | custom' }) planType!: string;
  @Field(() => String, { description: 'monthly | yearly | once | custom' }) billingCycle!: string;
  @Field(() => Money, { nullable: true, description: 'Price per period; null for custom plans.' }) price!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Daily rate of custom plans.' }) ratePerDay!: Money | null;
  @Field(() => Int, { nullable: true }) maxInstances!: number | null;
  @Field(() => Int, { nullable: true }) maxUsers!: number | null;
  @Field(() => Int, { description: 'Free trial days a first purchase of this plan may start with (0: none).' }) trialDays!: number;
}

@ObjectType({ description: 'A license status change (old → new, by whom or by the system, why).' })
export class LicenseStatusChange {
  @Field(() => Int) id!: number;
  @Field(() => LicenseStatus, { nullable: true }) oldStatus!: LicenseStatus | null;
  @Field(() => LicenseStatus) newStatus!: LicenseStatus;
  @Field(() => String, { nullable: true, description: 'Who changed it; null when the system did.' }) changedByName!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Date) changedAt!: Date;
}

@ObjectType({ description: 'A subscription renewal: the period it pays for, its charge and outcome.' })
export class LicenseRenewal {
  @Field(() => Int) id!: number;
  @Field(() => Date) renewedAt!: Date;
  @Field(() => Date) periodStart!: Date;
  @Field(() => Date, { nullable: true }) periodEnd!: Date | null;
  @Field(() => Money) amount!: Money;
  @Field(() => Money) tax!: Money;
  @Field(() => Money) total!: Money;
  @Field(() => Date, { nullable: true }) nextBillingDate!: Date | null;
  @Field(() => RenewalStatus) status!: RenewalStatus;
  @Field(() => String, { nullable: true, description: 'Why the charge failed. Billing data: null without a billing permission.' })
  failureReason!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true, description: 'The receipt of the charge. Billing data: null without a billing permission.' })
  receiptNumber!: string | null;
}

@ObjectType({ description: 'Acceptance of the module contract: who, when, from where.' })
export class ContractAcceptance {
  @Field(() => Int) id!: number;
  @Field(() => Int) contractId!: number;
  @Field(() => String) contractVersion!: string;
  @Field(() => String) contractType!: string;
  @Field(() => String, { nullable: true }) termsUrl!: string | null;
  @Field(() => String) acceptedByName!: string;
  @Field(() => Date) acceptedAt!: Date;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
}

@ObjectType({ description: 'Where the license is activated (an instance of the org).' })
export class LicenseActivation {
  @Field(() => Int) id!: number;
  @Field(() => Int) instanceId!: number;
  @Field(() => String) instanceName!: string;
  @Field(() => String) environment!: string;
  @Field(() => String, { nullable: true }) domain!: string | null;
  @Field(() => String) version!: string;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) activatedAt!: Date;
  @Field(() => Date, { nullable: true }) deactivatedAt!: Date | null;
}

@ObjectType({ description: 'A paid period of the license.' })
export class LicensePeriod {
  @Field(() => Int) id!: number;
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Int, { nullable: true }) purchaseId!: number | null;
  @Field(() => Int, { nullable: true }) renewalId!: number | null;
}

@ObjectType({ description: 'The plan\'s user limit against the active users the org\'s instances report (README "User limits").' })
export class UserLimitStatus {
  @Field(() => Int) activeUsers!: number;
  @Field(() => Int) maxUsers!: number;
  @Field(() => Boolean, { description: 'activeUsers > maxUsers: license validation answers USER_LIMIT_EXCEEDED.' }) exceeded!: boolean;
}

@ObjectType({
  description: "A license of an organization for a module. Visible to the org's members with view_modules (and platform admins).",
})
export class License {
  @Field(() => Int) id!: number;
  @Field(() => Int) orgId!: number;
  @Field(() => String) licenseKey!: string;
  @Field(() => LicenseStatus) status!: LicenseStatus;
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date, { nullable: true, description: 'End of the current period; null never expires.' }) expiresAt!: Date | null;
  @Field(() => Boolean) autoRenew!: boolean;
  @Field(() => Date, { nullable: true, description: 'When renewal was cancelled (the license stays active to its period end).' })
  cancelledAt!: Date | null;
  @Field(() => Int, { description: 'Failed renewal charges in the current grace period.' }) renewalAttempts!: number;
  @Field(() => Date, { nullable: true, description: 'Next renewal retry after a failed charge.' }) nextRetryAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'End of the free trial the license started with (null: none).' })
  trialEndsAt!: Date | null;
  moduleId!: number;
  pricingPlanId!: number | null;
  purchaseId!: number | null;
  paymentMethodId!: string | null;
}

export const LicenseConnection = ConnectionType(License, 'License');

@InputType()
export class OrgLicensesFilter {
  @Field(() => LicenseStatus, { nullable: true }) status?: LicenseStatus | null;
  @Field(() => Int, { nullable: true }) moduleId?: number | null;
}

@ArgsType()
export class OrgLicensesArgs extends PageArgs {
  @Field(() => Int) orgId!: number;
  @Field(() => OrgLicensesFilter, { nullable: true }) filter?: OrgLicensesFilter | null;
}

@InputType()
export class AdminLicensesFilter {
  @Field(() => LicenseStatus, { nullable: true }) status?: LicenseStatus | null;
  @Field(() => Int, { nullable: true }) orgId?: number | null;
  @Field(() => Int, { nullable: true }) moduleId?: number | null;
  @Field(() => String, { nullable: true, description: 'License key, org or module name contains.' }) @IsOptional() @MaxLength(100) search?:
    string | null;
}

@ArgsType()
export class AdminLicensesArgs extends PageArgs {
  @Field(() => AdminLicensesFilter, { nullable: true }) filter?: AdminLicensesFilter | null;
}

@InputType()
export class LicenseSetAutoRenewInput {
  @Field(() => Int) @Min(1) licenseId!: number;
  @Field(() => Boolean) autoRenew!: boolean;
  @Field(() => String, { nullable: true, description: 'Change the payment method renewals are charged to.' })
  @IsOptional()
  @MaxLength(100)
  paymentMethodId?: string | null;
}

@InputType()
export class LicenseCancelInput {
  @Field(() => Int) @Min(1) licenseId!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) reason?: string | null;
}

@InputType({ description: 'Admin license action with a mandatory reason.' })
export class LicenseAdminActionInput {
  @Field(() => Int) @Min(1) licenseId!: number;
  @Field(() => String) @MaxLength(500) reason!: string;
}

@ObjectType()
export class LicensePayload {
  @Field(() => License, { nullable: true }) license!: License | null;
  @Field(() => [LicenseError]) errors!: UserError[];
}
