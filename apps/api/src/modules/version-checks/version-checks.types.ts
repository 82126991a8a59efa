import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { CheckKind, CheckStatus, FindingSeverity } from '@wk/db';
import { UserError } from '../../core/errors';
import { VersionCheckError } from './version-checks.errors';
import { JSONScalar } from '../../core/scalars';
import { VendorModuleVersion } from '../publishing';

registerEnumType(CheckKind, { name: 'CheckKind', description: 'The automated checks of every uploaded version.' });
registerEnumType(CheckStatus, {
  name: 'CheckStatus',
  description: 'queued → running → passed | failed | error. An error (or a timeout) counts as failed.',
});
registerEnumType(FindingSeverity, {
  name: 'FindingSeverity',
  description: 'blocking findings fail the check and block submission unless justified.',
});

@ObjectType({ description: 'What a check found: where (file, line), which rule, and the code around it (secrets masked).' })
export class VersionCheckFinding {
  @Field(() => Int) id!: number;
  checkId!: number;
  @Field(() => String, { description: 'e.g. secret.aws-access-key-id, code.php.shell, compat.missing-symbol.' }) ruleId!: string;
  @Field(() => FindingSeverity) severity!: FindingSeverity;
  @Field(() => String, { nullable: true }) file!: string | null;
  @Field(() => Int, { nullable: true }) line!: number | null;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true, description: 'The lines around the finding, starting at snippetStartLine.' }) snippet!:
    string | null;
  @Field(() => Int, { nullable: true }) snippetStartLine!: number | null;
  @Field(() => String, { nullable: true, description: "The vendor's justification (from the manifest or attached to this finding)." })
  justification!: string | null;
  @Field(() => String, { nullable: true, description: 'manifest or vendor.' }) justificationSource!: string | null;
}

@ObjectType({ description: 'One automated check of a version (its latest run).' })
export class VersionCheck {
  @Field(() => Int) id!: number;
  versionId!: number;
  @Field(() => CheckKind) kind!: CheckKind;
  @Field(() => CheckStatus) status!: CheckStatus;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => String, { nullable: true, description: 'Why the check errored (an error counts as failed).' }) errorMessage!: string | null;
  @Field(() => String, { nullable: true }) rulesVersion!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => Date) queuedAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The admin's reason for overriding this failed check." }) overrideReason!:
    string | null;
  @Field(() => Date, { nullable: true }) overriddenAt!: Date | null;
  overriddenById!: number | null;
  rescanId!: number | null;
  findings?: VersionCheckFinding[];
}

@ObjectType({ description: 'A re-scan of every published version and its progress.' })
export class ReviewRescan {
  @Field(() => Int) id!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Int, { description: 'Checks to run (versions × checks).' }) total!: number;
  @Field(() => Date) createdAt!: Date;
  startedById!: number | null;
}

@ObjectType({ description: 'A version with a failed or errored check in a re-scan, for the admin to act on (e.g. withdraw).' })
export class RescanFailedVersion {
  @Field(() => Int) versionId!: number;
  @Field(() => Int) moduleId!: number;
  @Field(() => String) moduleName!: string;
  @Field(() => String) version!: string;
  @Field(() => String, { description: 'The version status now (stable, beta, withdrawn…).' }) status!: string;
  @Field(() => [CheckKind], { description: 'The checks that failed or errored in this re-scan.' }) failedChecks!: CheckKind[];
  @Field(() => Int, { nullable: true, description: "The version's latest submission, where its review page lives." })
  validationId!: number | null;
}

@ObjectType()
export class ReviewRescanProgress {
  @Field(() => Int) queued!: number;
  @Field(() => Int) running!: number;
  @Field(() => Int) passed!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) errored!: number;
  @Field(() => [Int], { description: 'Versions with a failed or errored check in this re-scan.' }) failedVersionIds!: number[];
  @Field(() => [RescanFailedVersion], { description: 'The same versions, with their module, status and failed checks.' })
  failedVersions!: RescanFailedVersion[];
}

@InputType()
export class VersionFindingJustifyInput {
  @Field(() => Int) findingId!: number;
  @Field(() => String) @MaxLength(2000) justification!: string;
}

@InputType()
export class ValidationCheckOverrideInput {
  @Field(() => Int) validationId!: number;
  @Field(() => CheckKind) kind!: CheckKind;
  @Field(() => String, { description: 'Why the failed check is accepted (audited).' }) @MaxLength(2000) reason!: string;
}

@InputType()
export class ModuleVersionWithdrawInput {
  @Field(() => Int) versionId!: number;
  @Field(() => String, { description: 'Shown to the organizations holding the version.' }) @MaxLength(2000) reason!: string;
}

@InputType()
export class ModuleVersionRestoreInput {
  @Field(() => Int) versionId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(2000) reason?: string | null;
}

@InputType()
export class ReviewRescanStartInput {
  @Field(() => String, { nullable: true, description: 'e.g. "secret rules updated".' }) @MaxLength(500) reason?: string | null;
}

@InputType()
export class SoftwareCoreApiSurfaceSetInput {
  @Field(() => Int) coreId!: number;
  @Field(() => JSONScalar, { description: '{ "classes": { "Ns\\\\Class": ["method"] }, "functions": ["Ns\\\\fn"], "hooks": ["name"] }' })
  surface!: unknown;
}

@ObjectType()
export class VersionFindingPayload {
  @Field(() => VersionCheckFinding, { nullable: true }) finding!: VersionCheckFinding | null;
  @Field(() => [VersionCheckError]) errors!: UserError[];
}

@ObjectType()
export class VersionCheckPayload {
  @Field(() => VersionCheck, { nullable: true }) check!: VersionCheck | null;
  @Field(() => [VersionCheckError]) errors!: UserError[];
}

@ObjectType()
export class VersionWithdrawalPayload {
  @Field(() => VendorModuleVersion, { nullable: true }) version!: VendorModuleVersion | null;
  @Field(() => [VersionCheckError]) errors!: UserError[];
}

@ObjectType()
export class ReviewRescanPayload {
  @Field(() => ReviewRescan, { nullable: true }) rescan!: ReviewRescan | null;
  @Field(() => [VersionCheckError]) errors!: UserError[];
}

@ObjectType({ description: "A core release's registered public API surface (counts)." })
export class CoreApiSurfaceSummary {
  @Field(() => Int) coreId!: number;
  @Field(() => Int) classes!: number;
  @Field(() => Int) functions!: number;
  @Field(() => Int) hooks!: number;
}

@ObjectType()
export class SoftwareCoreApiSurfacePayload {
  @Field(() => CoreApiSurfaceSummary, { nullable: true }) surface!: CoreApiSurfaceSummary | null;
  @Field(() => [VersionCheckError]) errors!: UserError[];
}
