import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, MaxLength, Min } from 'class-validator';
import { UserError } from '../../core/errors';
import { ActivationError } from './activation.errors';
import { SoftwareCore } from '../softwares';
import { InstanceLicense, InstanceModule, InstanceModuleListing, InstanceModuleRelease } from '../instances';

export enum DependencyState {
  SATISFIED = 'SATISFIED',
  MISSING = 'MISSING',
  VERSION_TOO_LOW = 'VERSION_TOO_LOW',
}
registerEnumType(DependencyState, {
  name: 'DependencyState',
  description: 'Whether a dependency is active on the instance at its minimum version.',
});

export enum CoreUpgradeOutcome {
  STAYS_COMPATIBLE = 'STAYS_COMPATIBLE',
  NEEDS_UPDATE = 'NEEDS_UPDATE',
  WOULD_BREAK = 'WOULD_BREAK',
}
registerEnumType(CoreUpgradeOutcome, { name: 'CoreUpgradeOutcome' });

@ObjectType({ description: 'A non-blocking remark (optional dependency missing, beta or deprecated version, core not yet validated).' })
export class ActivationHint {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
  @Field(() => Int, { nullable: true, description: 'The module the hint is about, if any.' }) moduleId!: number | null;
}

@InputType()
export class InstanceActivateModuleInput {
  @Field(() => Int) instanceId!: number;
  @Field(() => Int) licenseId!: number;
  @Field(() => Int) moduleVersionId!: number;
  @Field(() => String, { description: 'The artifact hash the instance computed for the files it installed.' })
  @MaxLength(128)
  reportedHash!: string;
  @Field(() => [String], {
    nullable: true,
    description:
      'The permissions the version asks for, as shown to the org admin who consents to them (org admins only). Required when the version asks for any.',
  })
  @ArrayMaxSize(100)
  @MaxLength(200, { each: true })
  consentedPermissions?: string[] | null;
}

@ObjectType()
export class InstanceActivateModulePayload {
  @Field(() => InstanceModule, { nullable: true }) instanceModule!: InstanceModule | null;
  @Field(() => [ActivationError]) errors!: UserError[];
  @Field(() => [ActivationHint]) hints!: ActivationHint[];
}

@InputType()
export class InstanceDeactivateModuleInput {
  @Field(() => Int) instanceId!: number;
  @Field(() => Int) @Min(1) moduleId!: number;
}

@ObjectType()
export class InstanceDeactivateModulePayload {
  @Field(() => InstanceModule, { nullable: true }) instanceModule!: InstanceModule | null;
  @Field(() => [ActivationError]) errors!: UserError[];
}

@ObjectType({ description: 'An approved version of the module and whether it runs on the instance core.' })
export class PlanVersionOption {
  @Field(() => InstanceModuleRelease) version!: InstanceModuleRelease;
  @Field(() => Boolean) compatible!: boolean;
  @Field(() => String, { description: 'Declared core range(s) for the instance software, e.g. "1.8.0–1.9.5".' }) compatibility!: string;
  @Field(() => Boolean) recommended!: boolean;
}

@ObjectType({ description: 'A dependency of the planned version and where the instance stands on it.' })
export class PlanDependency {
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => String) minVersion!: string;
  @Field(() => String, { description: 'functional or integration.' }) dependencyType!: string;
  @Field(() => Boolean) isRequired!: boolean;
  @Field(() => DependencyState) state!: DependencyState;
  @Field(() => String, { nullable: true }) activeVersion!: string | null;
  @Field(() => [InstanceModuleRelease], { description: 'Approved versions ≥ minVersion that run on the instance core, newest first.' })
  fittingVersions!: InstanceModuleRelease[];
  @Field(() => Boolean, { description: 'The organization already holds a usable license for it.' }) orgHasActiveLicense!: boolean;
  @Field(() => Boolean, { description: "A core module of the instance's software: always active, no license needed." })
  builtIn!: boolean;
}

@ObjectType({ description: 'Everything needed to activate a module on an instance, and what blocks it — before anything is attempted.' })
export class ActivationPlan {
  @Field(() => Int) instanceId!: number;
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => SoftwareCore) core!: SoftwareCore;
  @Field(() => Boolean, {
    description: 'No blockers: activating the recommended version with the recommended license will pass every check but the hash.',
  })
  canActivate!: boolean;
  @Field(() => InstanceModuleRelease, { nullable: true, description: 'Highest compatible approved version (stable preferred over beta).' })
  recommendedVersion!: InstanceModuleRelease | null;
  @Field(() => [PlanVersionOption]) versions!: PlanVersionOption[];
  @Field(() => [InstanceLicense], { description: "The organization's licenses for the module." }) licenses!: InstanceLicense[];
  @Field(() => InstanceLicense, { nullable: true, description: 'A usable license with a free instance slot.' })
  recommendedLicense!: InstanceLicense | null;
  @Field(() => InstanceModule, { nullable: true, description: 'The module as already active on the instance, if it is.' })
  activeOnInstance!: InstanceModule | null;
  @Field(() => [PlanDependency]) requiredDependencies!: PlanDependency[];
  @Field(() => [PlanDependency]) optionalDependencies!: PlanDependency[];
  @Field(() => [ActivationError], { description: 'What prevents the activation (codes as in instanceActivateModule).' })
  blockers!: UserError[];
  @Field(() => [ActivationHint]) hints!: ActivationHint[];
}

@ObjectType({ description: 'A module that could be activated on an instance (published), with what the organization holds.' })
export class ActivationCandidate {
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => Boolean) activeOnInstance!: boolean;
  @Field(() => Boolean, { description: 'The organization holds a usable license for it.' }) licensed!: boolean;
}

@ObjectType({ description: 'What a core change means for one active module.' })
export class CoreUpgradeModuleResult {
  @Field(() => InstanceModule) instanceModule!: InstanceModule;
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => InstanceModuleRelease) currentVersion!: InstanceModuleRelease;
  @Field(() => CoreUpgradeOutcome) outcome!: CoreUpgradeOutcome;
  @Field(() => InstanceModuleRelease, { nullable: true, description: 'For NEEDS_UPDATE: the version to update to first.' })
  targetVersion!: InstanceModuleRelease | null;
  @Field(() => Boolean, { description: 'An update to targetVersion can be started now (approved update flow or drop-in compatible).' })
  updatePathAvailable!: boolean;
  @Field(() => String) message!: string;
}

@ObjectType({
  description: 'For every active module of an instance: stays compatible, needs an update, or would break on the target core.',
})
export class CoreUpgradeCheck {
  @Field(() => Int) instanceId!: number;
  @Field(() => SoftwareCore) currentCore!: SoftwareCore;
  @Field(() => SoftwareCore) targetCore!: SoftwareCore;
  @Field(() => [CoreUpgradeModuleResult]) modules!: CoreUpgradeModuleResult[];
  @Field(() => Int) staysCompatible!: number;
  @Field(() => Int) needsUpdate!: number;
  @Field(() => Int) wouldBreak!: number;
  @Field(() => Boolean, { description: 'No active module would break (updates may be needed first).' }) safe!: boolean;
}
