import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Max, MaxLength, Min } from 'class-validator';
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
