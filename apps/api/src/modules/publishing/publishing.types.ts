import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import {
  BillingCycle,
  ContractType,
  DependencyType,
  ModuleStatus,
  ModuleType,
  PlanType,
  ReleaseChannel,
  SeatPolicy,
  UpdateType,
  ValidationStatus,
  VersionStatus,
} from '@wk/db';
import { UserError } from '../../core/errors';
import { PublishingError } from './publishing.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { JSONScalar } from '../../core/scalars';

// Prisma enums, registered under their own names (registering the same enum object again elsewhere is harmless).
registerEnumType(ModuleType, { name: 'ModuleType' });
registerEnumType(ModuleStatus, { name: 'ModuleStatus' });
registerEnumType(ReleaseChannel, { name: 'ReleaseChannel' });
registerEnumType(VersionStatus, { name: 'VersionStatus' });
registerEnumType(DependencyType, { name: 'DependencyType' });
registerEnumType(ValidationStatus, { name: 'ValidationStatus' });
registerEnumType(ContractType, { name: 'ContractType' });
registerEnumType(PlanType, { name: 'PlanType' });
registerEnumType(BillingCycle, { name: 'BillingCycle' });
registerEnumType(UpdateType, { name: 'UpdateType' });
registerEnumType(SeatPolicy, { name: 'SeatPolicy' });

export enum VersionStage {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(VersionStage, {
  name: 'VersionStage',
  description: 'Where a version is in publishing: uploaded but not submitted, awaiting review, approved (live on its channel), rejected.',
});

export enum ValidationCheckKind {
  SECURITY_SCAN = 'SECURITY_SCAN',
  CODE_REVIEW = 'CODE_REVIEW',
  PERFORMANCE_TEST = 'PERFORMANCE_TEST',
}
registerEnumType(ValidationCheckKind, { name: 'ValidationCheckKind' });

// ───────────────────────────────────────────── small references

@ObjectType({ description: 'A module named by another (dependency, integration): public listing facts only.' })
export class LinkedModule {
  @Field(() => Int) id!: number;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
}

@ObjectType()
export class LinkedSoftware {
  @Field(() => Int) id!: number;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
}

@ObjectType()
export class LinkedVersion {
  @Field(() => Int) id!: number;
  @Field(() => String) version!: string;
  @Field(() => VersionStatus) status!: VersionStatus;
}

// ───────────────────────────────────────────── modules and versions

@ObjectType({ description: 'A module as its vendor (and platform admins) see it: every status, drafts included.' })
export class VendorModule {
  @Field(() => Int) id!: number;
  vendorId!: number;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => ModuleType) type!: ModuleType;
  @Field(() => ModuleStatus) status!: ModuleStatus;
  @Field(() => String, { nullable: true }) shortDescription!: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) description!: string | null;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field(() => String, { nullable: true }) iconUrl!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
}

@ObjectType()
export class VersionCompatibility {
  @Field(() => Int) id!: number;
  softwareId!: number;
  @Field(() => String, { description: 'Inclusive lower bound (semver).' }) minCoreVersion!: string;
  @Field(() => String, { nullable: true, description: 'Inclusive upper bound; null: no upper bound.' }) maxCoreVersion!: string | null;
  @Field(() => Boolean) isVerified!: boolean;
}

@ObjectType()
export class VersionDependency {
  @Field(() => Int) id!: number;
  dependsOnModuleId!: number;
  @Field(() => DependencyType) dependencyType!: DependencyType;
  @Field(() => String) minVersion!: string;
  @Field(() => Boolean) isRequired!: boolean;
}

@ObjectType()
export class VersionIntegration {
  @Field(() => Int) id!: number;
  integratesWithModuleId!: number;
  @Field(() => String) integrationType!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Boolean) isBidirectional!: boolean;
}

@ObjectType({ description: 'How an instance updates from the previous approved version to this one.' })
export class VersionUpdateFlow {
  @Field(() => Int) id!: number;
  fromVersionId!: number;
  @Field(() => UpdateType) updateType!: UpdateType;
  @Field(() => String, { nullable: true, description: 'Path inside the archive.' }) migrationScriptPath!: string | null;
  @Field(() => String, { nullable: true, description: 'Path inside the archive.' }) rollbackScriptPath!: string | null;
  @Field(() => Boolean) isBreaking!: boolean;
  @Field(() => Boolean) requiresDowntime!: boolean;
  @Field(() => Int, { nullable: true }) estimatedDurationMinutes!: number | null;
  @Field(() => Date, { nullable: true }) approvedAt!: Date | null;
}

@ObjectType({ description: 'A version as its vendor (and platform admins) see it, whatever its status.' })
export class VendorModuleVersion {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => String) version!: string;
  @Field(() => ReleaseChannel) channel!: ReleaseChannel;
  @Field(() => VersionStatus) status!: VersionStatus;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the artifact (64 hex; 32 hex for seed releases).' }) hash!: string | null;
  sizeBytes!: bigint | null;
  artifactKey!: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'The webkernel-module.json read from the archive.' }) manifest!: unknown;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) changelog!: string | null;
  @Field(() => Boolean) isCompatibleWithPrevious!: boolean;
  @Field(() => Date, { nullable: true }) releaseDate!: Date | null;
  @Field(() => Date, { nullable: true }) deprecatedAt!: Date | null;
  replacedByVersionId!: number | null;
  submittedById!: number | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType()
export class ValidationCheck {
  @Field(() => ValidationCheckKind) kind!: ValidationCheckKind;
  @Field(() => Boolean, { nullable: true, description: 'null: not recorded yet.' }) passed!: boolean | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
}

@ObjectType({ description: 'One review of a submitted version (a module_validations row).' })
export class ModuleSubmission {
  @Field(() => Int) id!: number;
  versionId!: number;
  reviewerId!: number | null;
  @Field(() => ValidationStatus) status!: ValidationStatus;
  @Field(() => Date) submittedAt!: Date;
  @Field(() => Date, { nullable: true }) reviewedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The reviewer's overall notes (required on rejection)." }) notes!: string | null;
  securityScanPassed!: boolean | null;
  securityScanNotes!: string | null;
  codeReviewPassed!: boolean | null;
  codeReviewNotes!: string | null;
  performanceTested!: boolean | null;
  performanceNotes!: string | null;
}

@ObjectType()
export class PlanFeatureEntry {
  @Field(() => String) key!: string;
  @Field(() => JSONScalar, { description: 'A string, number or boolean.' }) value!: unknown;
}

@ObjectType({ description: 'A pricing plan as its vendor sees it (inactive ones included).' })
export class VendorPricingPlan {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => PlanType) planType!: PlanType;
  @Field(() => String) name!: string;
  priceAmount!: { toFixed(n: number): string } | null;
  priceCurrency!: string;
  customRatePerDay!: { toFixed(n: number): string } | null;
  @Field(() => BillingCycle) billingCycle!: BillingCycle;
  @Field(() => Boolean) isActive!: boolean;
  features!: unknown;
  @Field(() => Int, { nullable: true }) maxUsers!: number | null;
  @Field(() => Int, { nullable: true }) maxInstances!: number | null;
  @Field(() => Int) trialDays!: number;
  @Field(() => SeatPolicy, { description: 'node_locked (held until deactivation) or floating (freed after missed heartbeats).' })
  seatPolicy!: SeatPolicy;
  @Field(() => Int, { nullable: true, description: 'Floating plans: minutes without a heartbeat before a seat is freed.' })
  heartbeatWindowMinutes!: number | null;
  entitlementCodes!: unknown;
  @Field(() => Int, { nullable: true, description: 'Days a signed offline license file stays valid; null: the platform default.' })
  licenseFileTtlDays!: number | null;
  @Field(() => Int) sortOrder!: number;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: 'A contract version of a module (EULA or custom).' })
export class VendorContract {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => String) version!: string;
  @Field(() => ContractType) contractType!: ContractType;
  @Field(() => String, { nullable: true }) termsUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) body!: string | null;
  @Field(() => Date) effectiveFrom!: Date;
  @Field(() => Boolean, { description: 'false: withdrawn before it took effect.' }) isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: "A vendor's publishing token (the secret itself is shown only once, at creation)." })
export class VendorApiToken {
  @Field(() => Int) id!: number;
  vendorId!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The first characters of the token, to recognise it.' }) prefix!: string;
  @Field(() => [String]) scopes!: string[];
  createdById!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

export const VendorModuleConnection = ConnectionType(VendorModule, 'VendorModule');
export const ModuleSubmissionConnection = ConnectionType(ModuleSubmission, 'ModuleSubmission');

// ───────────────────────────────────────────── inputs

@InputType()
export class VendorModulesFilter {
  @Field(() => ModuleStatus, { nullable: true }) status?: ModuleStatus | null;
  @Field(() => String, { nullable: true, description: 'Matches name or slug.' }) @MaxLength(100) search?: string | null;
}

@ArgsType()
export class VendorModulesArgs extends PageArgs {
  @Field(() => Int) vendorId!: number;
  @Field(() => VendorModulesFilter, { nullable: true }) filter?: VendorModulesFilter | null;
}

@ArgsType()
export class VendorSubmissionsArgs extends PageArgs {
  @Field(() => Int) vendorId!: number;
  @Field(() => ValidationStatus, { nullable: true }) status?: ValidationStatus | null;
  @Field(() => Int, { nullable: true }) moduleId?: number | null;
}

@InputType()
export class ModuleCreateInput {
  @Field(() => Int) vendorId!: number;
  @Field(() => String, { description: 'Unique, lowercase kebab-case; equals the slug in every artifact manifest; cannot change later.' })
  @MaxLength(64)
  slug!: string;
  @Field(() => String) @MaxLength(120) name!: string;
  @Field(() => ModuleType, { defaultValue: ModuleType.ready_made }) type!: ModuleType;
  @Field(() => String, { nullable: true }) @MaxLength(300) shortDescription?: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) @MaxLength(50000) description?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(64) category?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(1000) iconUrl?: string | null;
}

@InputType()
export class ModuleUpdateInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(120) name?: string | null;
  @Field(() => ModuleType, { nullable: true }) type?: ModuleType | null;
  @Field(() => String, { nullable: true }) @MaxLength(300) shortDescription?: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) @MaxLength(50000) description?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(64) category?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(1000) iconUrl?: string | null;
}

@InputType()
export class CompatibilityInput {
  @Field(() => Int) softwareId!: number;
  @Field(() => String) @MaxLength(64) minCoreVersion!: string;
  @Field(() => String, { nullable: true }) @MaxLength(64) maxCoreVersion?: string | null;
}

@InputType()
export class DependencyInput {
  @Field(() => String, { description: 'Slug of the module depended upon.' }) @MaxLength(64) moduleSlug!: string;
  @Field(() => String) @MaxLength(64) minVersion!: string;
  @Field(() => Boolean, { defaultValue: true }) isRequired!: boolean;
  @Field(() => DependencyType, { defaultValue: DependencyType.functional }) dependencyType!: DependencyType;
}

@InputType()
export class IntegrationInput {
  @Field(() => String) @MaxLength(64) moduleSlug!: string;
  @Field(() => String, { description: 'e.g. data_sync, analytics, reporting.' }) @MaxLength(64) integrationType!: string;
  @Field(() => String, { nullable: true }) @MaxLength(500) description?: string | null;
  @Field(() => Boolean, { defaultValue: false }) isBidirectional!: boolean;
}

@InputType()
export class UpdateFlowInput {
  @Field(() => UpdateType, { nullable: true }) updateType?: UpdateType | null;
  @Field(() => Boolean, { nullable: true }) isBreaking?: boolean | null;
  @Field(() => Boolean, { nullable: true }) requiresDowntime?: boolean | null;
  @Field(() => Int, { nullable: true }) @Min(0) @Max(10080) estimatedDurationMinutes?: number | null;
}

@InputType({ description: 'Edits a draft version (uploaded, not yet submitted). Lists replace the current ones when given.' })
export class ModuleVersionUpdateInput {
  @Field(() => Int) versionId!: number;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) @MaxLength(20000) changelog?: string | null;
  @Field(() => ReleaseChannel, { nullable: true }) channel?: ReleaseChannel | null;
  @Field(() => Boolean, { nullable: true }) isCompatibleWithPrevious?: boolean | null;
  @Field(() => [CompatibilityInput], { nullable: true }) compatibility?: CompatibilityInput[] | null;
  @Field(() => [DependencyInput], { nullable: true }) dependencies?: DependencyInput[] | null;
  @Field(() => [IntegrationInput], { nullable: true }) integrations?: IntegrationInput[] | null;
  @Field(() => UpdateFlowInput, { nullable: true }) updateFlow?: UpdateFlowInput | null;
}

@InputType()
export class ModuleVersionIdInput {
  @Field(() => Int) versionId!: number;
}

@InputType()
export class ModuleVersionDeprecateInput {
  @Field(() => Int) versionId!: number;
  @Field(() => Int, { nullable: true, description: 'A newer approved version of the same module that replaces it.' }) replacedByVersionId?:
    number | null;
}

@InputType()
export class PlanFeatureInput {
  @Field(() => String) @MaxLength(60) key!: string;
  @Field(() => JSONScalar, { description: 'A string, number or boolean.' }) value!: unknown;
}

@InputType()
export class PricingPlanCreateInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => PlanType) planType!: PlanType;
  @Field(() => String) @MaxLength(80) name!: string;
  @Field(() => String, { nullable: true, description: 'Decimal string, e.g. "49.00" (free/freemium: 0 or empty; custom: empty).' })
  @MaxLength(20)
  price?: string | null;
  @Field(() => String, { nullable: true, defaultValue: 'USD' }) @MaxLength(10) currency?: string | null;
  @Field(() => BillingCycle) billingCycle!: BillingCycle;
  @Field(() => String, { nullable: true, description: 'Custom plans: the price per day of work.' }) @MaxLength(20) customRatePerDay?:
    string | null;
  @Field(() => [PlanFeatureInput], { defaultValue: [] }) features!: PlanFeatureInput[];
  @Field(() => Int, { nullable: true }) maxUsers?: number | null;
  @Field(() => Int, { nullable: true }) maxInstances?: number | null;
  @Field(() => Int, { nullable: true }) trialDays?: number | null;
  @Field(() => SeatPolicy, { nullable: true, defaultValue: 'node_locked' }) seatPolicy?: SeatPolicy | null;
  @Field(() => Int, { nullable: true, description: 'Required for floating plans: 1 to 10080 minutes.' }) heartbeatWindowMinutes?:
    number | null;
  @Field(() => [String], { nullable: true, description: 'The plan’s entitlement codes; omitted: derived from the features.' })
  @ArrayMaxSize(100)
  @MaxLength(80, { each: true })
  entitlements?: string[] | null;
  @Field(() => Int, { nullable: true, description: 'Days (1–365) a signed license file stays valid; omitted: the platform default.' })
  licenseFileTtlDays?: number | null;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType()
export class PricingPlanUpdateInput {
  @Field(() => Int) planId!: number;
  @Field(() => PlanType, { nullable: true }) planType?: PlanType | null;
  @Field(() => String, { nullable: true }) @MaxLength(80) name?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) price?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(10) currency?: string | null;
  @Field(() => BillingCycle, { nullable: true }) billingCycle?: BillingCycle | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) customRatePerDay?: string | null;
  @Field(() => [PlanFeatureInput], { nullable: true }) features?: PlanFeatureInput[] | null;
  @Field(() => Int, { nullable: true, description: 'Send 0 to remove the limit.' }) maxUsers?: number | null;
  @Field(() => Int, { nullable: true, description: 'Send 0 to remove the limit.' }) maxInstances?: number | null;
  @Field(() => Int, { nullable: true }) trialDays?: number | null;
  @Field(() => SeatPolicy, { nullable: true }) seatPolicy?: SeatPolicy | null;
  @Field(() => Int, { nullable: true, description: 'Floating plans: 1 to 10080 minutes.' }) heartbeatWindowMinutes?: number | null;
  @Field(() => [String], { nullable: true, description: 'Sets the plan’s own entitlement codes.' })
  @ArrayMaxSize(100)
  @MaxLength(80, { each: true })
  entitlements?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: go back to entitlement codes derived from the features.' })
  entitlementsFromFeatures?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Days (1–365) a signed license file stays valid; 0: the platform default.' })
  licenseFileTtlDays?: number | null;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType()
export class PricingPlanIdInput {
  @Field(() => Int) planId!: number;
}

@InputType()
export class ModuleContractCreateInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => String, { description: 'e.g. "1.1"; greater than every earlier version.' }) @MaxLength(20) version!: string;
  @Field(() => ContractType) contractType!: ContractType;
  @Field(() => String, { nullable: true }) @MaxLength(1000) termsUrl?: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) @MaxLength(100000) body?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it becomes the active contract (default now; never in the past).' })
  effectiveFrom?: Date | null;
}

@InputType()
export class ModuleContractIdInput {
  @Field(() => Int) contractId!: number;
}

@InputType()
export class VendorApiTokenCreateInput {
  @Field(() => Int) vendorId!: number;
  @Field(() => String) @MaxLength(80) name!: string;
  @Field(() => Int, { nullable: true, description: 'Expires after this many days (1–730); omit for no expiry.' }) expiresInDays?:
    number | null;
}

@InputType()
export class VendorApiTokenIdInput {
  @Field(() => Int) tokenId!: number;
}

// ───────────────────────────────────────────── payloads

@ObjectType()
export class VendorModulePayload {
  @Field(() => VendorModule, { nullable: true }) module!: VendorModule | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class ModuleVersionPayload {
  @Field(() => VendorModuleVersion, { nullable: true }) version!: VendorModuleVersion | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class ModuleVersionDiscardPayload {
  @Field(() => Int, { nullable: true }) discardedVersionId!: number | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class PricingPlanPayload {
  @Field(() => VendorPricingPlan, { nullable: true }) plan!: VendorPricingPlan | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class PricingPlanDeletePayload {
  @Field(() => Int, { nullable: true, description: 'Set when the plan was deleted.' }) deletedPlanId!: number | null;
  @Field(() => VendorPricingPlan, { nullable: true, description: 'Set when the plan had purchases and was deactivated instead.' })
  deactivatedPlan!: VendorPricingPlan | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class ModuleContractPayload {
  @Field(() => VendorContract, { nullable: true }) contract!: VendorContract | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class VendorApiTokenCreatePayload {
  @Field(() => VendorApiToken, { nullable: true }) token!: VendorApiToken | null;
  @Field(() => String, { nullable: true, description: 'The token itself (wkv_…). Shown only now: only its hash is stored.' }) secret!:
    string | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class VendorApiTokenPayload {
  @Field(() => VendorApiToken, { nullable: true }) token!: VendorApiToken | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}
