import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength, Min } from 'class-validator';
import {
  ActivationEventType,
  ActivationResult,
  Environment,
  LicenseStatus,
  ReleaseChannel,
  SeatPolicy,
  UpdateStatus,
  VersionStatus,
} from '@wk/db';
import { UserError } from '../../core/errors';
import { InstanceError } from './instance.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';

registerEnumType(Environment, { name: 'Environment', description: 'Where an instance runs: production, staging or development.' });
registerEnumType(ActivationEventType, { name: 'ActivationEventType' });
registerEnumType(ActivationResult, { name: 'ActivationResult' });
registerEnumType(UpdateStatus, { name: 'UpdateStatus', description: 'in_progress → success | failed; success or failed → rolled_back.' });
registerEnumType(LicenseStatus, { name: 'LicenseStatus' });
registerEnumType(VersionStatus, { name: 'VersionStatus', description: 'pending → beta | stable (approved) or rejected.' });
registerEnumType(ReleaseChannel, { name: 'ReleaseChannel' });
registerEnumType(SeatPolicy, {
  name: 'SeatPolicy',
  description: 'node_locked: a seat is held until deactivation; floating: freed when the instance misses heartbeats for the plan window.',
});

/** An organization's install of a software (its production, staging or development site). */
@ObjectType({ description: "An organization's running install of a software core." })
export class Instance {
  @Field(() => Int) id!: number;
  orgId!: number;
  @Field(() => String) name!: string;
  @Field(() => Environment) environment!: Environment;
  @Field(() => String, { nullable: true, description: 'Host name, e.g. "app.acme.com".' }) domain!: string | null;
  coreId!: number;
  @Field(() => Boolean, { description: 'False once deactivated (its modules are deactivated and its credentials refused).' })
  isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType('InstanceConnection')
export class InstanceConnection extends ConnectionType(Instance, 'Instance') {}

/** The module listing as an instance page needs it. */
@ObjectType({ description: 'The module (listing) of something installed on an instance.' })
export class InstanceModuleListing {
  @Field(() => Int) id!: number;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) iconUrl!: string | null;
  @Field(() => String, { description: 'Vendor display name.' }) vendorName!: string;
}

@ObjectType({ description: 'A release of a module, as installed or installable on an instance.' })
export class InstanceModuleRelease {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => String) version!: string;
  @Field(() => ReleaseChannel) channel!: ReleaseChannel;
  @Field(() => VersionStatus) status!: VersionStatus;
  @Field(() => String, { nullable: true, description: 'Artifact hash (sha256; seed releases keep their 32-hex hashes).' }) hash!:
    string | null;
  @Field(() => String, { nullable: true }) changelog!: string | null;
  @Field(() => Boolean) isCompatibleWithPrevious!: boolean;
  @Field(() => Date, { nullable: true }) releaseDate!: Date | null;
  @Field(() => Date, { nullable: true }) deprecatedAt!: Date | null;
}

@ObjectType({ description: 'The license an activation uses, with the plan limits that apply to it.' })
export class InstanceLicense {
  @Field(() => Int) id!: number;
  @Field(() => String) licenseKey!: string;
  @Field(() => LicenseStatus) status!: LicenseStatus;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Boolean, { description: 'Active and not past its expiry right now.' }) usable!: boolean;
  @Field(() => String, { nullable: true }) planName!: string | null;
  @Field(() => Int, { nullable: true, description: 'Plan limit on instances (null: unlimited).' }) maxInstances!: number | null;
  @Field(() => Int, { description: 'Instances on which this license is active now.' }) activeInstances!: number;
}

@ObjectType({ description: 'A module activated (now or before) on an instance.' })
export class InstanceModule {
  @Field(() => Int) id!: number;
  instanceId!: number;
  licenseId!: number;
  moduleId!: number;
  moduleVersionId!: number;
  @Field(() => String, { description: 'The artifact hash the instance reported at activation.' }) moduleHash!: string;
  @Field(() => Date) activatedAt!: Date;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date, { nullable: true }) deactivatedAt!: Date | null;
  activatedById!: number | null;
  @Field(() => Date, { nullable: true, description: 'Last heartbeat the instance sent for this activation (null: none yet).' })
  lastHeartbeatAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When its floating seat was freed for missed heartbeats (null otherwise).' })
  seatFreedAt!: Date | null;
}

@ObjectType({ description: "How an activation holds its seat under the plan's instance limit." })
export class ActivationSeat {
  @Field(() => SeatPolicy) policy!: SeatPolicy;
  @Field(() => Int, { nullable: true, description: 'Floating plans: minutes without a heartbeat after which the seat is freed.' })
  heartbeatWindowMinutes!: number | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Floating, active: when the seat is freed unless a heartbeat arrives first (past: the seat is already free).',
  })
  freesAt!: Date | null;
  @Field(() => Boolean, {
    description: 'Floating, active, past its window: the seat no longer counts and is freed at the next activation or sweep.',
  })
  stale!: boolean;
}

@ObjectType({ description: 'One activation, deactivation, update or rollback attempt, successful or not.' })
export class ActivationLogEntry {
  @Field(() => Int) id!: number;
  instanceModuleId!: number | null;
  moduleId!: number;
  moduleVersionId!: number | null;
  @Field(() => ActivationEventType) eventType!: ActivationEventType;
  @Field(() => ActivationResult) status!: ActivationResult;
  @Field(() => String, { nullable: true, description: 'Payload error code of a failed attempt, e.g. HASH_MISMATCH.' }) errorCode!:
    string | null;
  @Field(() => String, { nullable: true }) errorMessage!: string | null;
  @Field(() => Date) performedAt!: Date;
  performedById!: number | null;
  metadata!: unknown;
}

@ObjectType('ActivationLogConnection')
export class ActivationLogConnection extends ConnectionType(ActivationLogEntry, 'ActivationLog') {}

@ObjectType({ description: 'An update of a module on an instance, along an update flow.' })
export class InstanceModuleUpdate {
  @Field(() => Int) id!: number;
  @Field(() => Int) instanceModuleId!: number;
  updateFlowId!: number;
  fromVersionId!: number;
  toVersionId!: number;
  @Field(() => UpdateStatus) status!: UpdateStatus;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => String, { nullable: true }) errorMessage!: string | null;
  performedById!: number | null;
}

@ObjectType({ description: 'API credentials of an instance. The secret is only shown once, at creation.' })
export class InstanceCredential {
  @Field(() => Int) id!: number;
  instanceId!: number;
  @Field(() => String, { description: 'Public key id, `wki_…`.' }) keyId!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Last authenticated call (updated at most once a minute).' }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  createdById!: number;
}

// ───────────────────────────────────────────── inputs and payloads

@ArgsType()
export class OrgInstancesArgs extends PageArgs {
  @Field(() => Int) orgId!: number;
  @Field(() => Environment, { nullable: true }) environment?: Environment | null;
  @Field(() => Boolean, { defaultValue: false, description: 'Include deactivated instances.' }) includeInactive: boolean = false;
}

@InputType()
export class InstanceCreateInput {
  @Field(() => Int) orgId!: number;
  @Field(() => String) @MaxLength(200) name!: string;
  @Field(() => Environment) environment!: Environment;
  @Field(() => String, { nullable: true }) @MaxLength(300) domain?: string | null;
  @Field(() => Int, { description: 'The software core version the instance runs (not a rejected one).' }) @Min(1) coreId!: number;
}

@InputType()
export class InstanceUpdateInput {
  @Field(() => Int) id!: number;
  @Field(() => String, { nullable: true }) @MaxLength(200) name?: string | null;
  @Field(() => Environment, { nullable: true }) environment?: Environment | null;
  @Field(() => String, { nullable: true, description: 'Empty string clears the domain.' }) @MaxLength(300) domain?: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Move the instance to another core of the same software (every active module must support it).',
  })
  coreId?: number | null;
}

@ObjectType()
export class InstancePayload {
  @Field(() => Instance, { nullable: true }) instance!: Instance | null;
  @Field(() => [InstanceError]) errors!: UserError[];
}

@InputType()
export class InstanceCredentialCreateInput {
  @Field(() => Int) instanceId!: number;
  @Field(() => String, { nullable: true, description: 'A label, e.g. "prod web nodes".' }) @MaxLength(100) name?: string | null;
}

@ObjectType()
export class InstanceCredentialCreatePayload {
  @Field(() => InstanceCredential, { nullable: true }) credential!: InstanceCredential | null;
  @Field(() => String, { nullable: true, description: 'The secret, shown this once: only its hash is stored.' }) secret!: string | null;
  @Field(() => [InstanceError]) errors!: UserError[];
}

@ObjectType()
export class InstanceCredentialRevokePayload {
  @Field(() => InstanceCredential, { nullable: true }) credential!: InstanceCredential | null;
  @Field(() => [InstanceError]) errors!: UserError[];
}
