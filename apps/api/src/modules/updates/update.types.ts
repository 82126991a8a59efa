import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { UpdateError } from './update.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { InstanceModule, InstanceModuleListing, InstanceModuleRelease, InstanceModuleUpdate } from '../instances';
import { PermissionChange } from '../permissions';

export enum UpdateReportStatus {
  success = 'success',
  failed = 'failed',
}
registerEnumType(UpdateReportStatus, {
  name: 'UpdateReportStatus',
  description: 'The outcome an instance (or an org member) reports for an update.',
});

@ObjectType({ description: 'An update flow between two versions (migration and rollback scripts, impact).' })
export class InstanceUpdateFlow {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'major, minor or patch.' }) updateType!: string;
  @Field(() => Boolean) isBreaking!: boolean;
  @Field(() => Boolean) requiresDowntime!: boolean;
  @Field(() => Int, { nullable: true }) estimatedDurationMinutes!: number | null;
  @Field(() => String, { nullable: true }) migrationScriptPath!: string | null;
  @Field(() => String, { nullable: true }) rollbackScriptPath!: string | null;
  @Field(() => Boolean, { description: 'Approved by a platform admin.' }) approved!: boolean;
}

@ObjectType({ description: 'Whether and how the installed version can move to a newer one.' })
export class UpdatePathInfo {
  @Field(() => Boolean) allowed!: boolean;
  @Field(() => Boolean, {
    description: 'A drop-in update (every release in between is compatible with the previous one), without an approved flow.',
  })
  direct!: boolean;
  @Field(() => String, { nullable: true, description: 'Why not allowed: UPDATE_FLOW_NOT_APPROVED or UPDATE_PATH_MISSING.' }) code!:
    string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => Boolean) breaking!: boolean;
  @Field(() => Boolean) requiresDowntime!: boolean;
  @Field(() => Int, { nullable: true }) estimatedDurationMinutes!: number | null;
  @Field(() => InstanceUpdateFlow, { nullable: true }) flow!: InstanceUpdateFlow | null;
}

@ObjectType({ description: 'A newer approved version that runs on the instance core.' })
export class ModuleUpdateOption {
  @Field(() => InstanceModuleRelease) version!: InstanceModuleRelease;
  @Field(() => UpdatePathInfo) path!: UpdatePathInfo;
  @Field(() => PermissionChange, {
    description: 'Permissions the version adds and removes; added ones need an org admin’s consent before the update can start.',
  })
  permissionChange!: PermissionChange;
}

@ObjectType({ description: 'Updates available for one active module of an instance.' })
export class InstanceModuleAvailableUpdates {
  @Field(() => InstanceModule) instanceModule!: InstanceModule;
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => InstanceModuleRelease) installedVersion!: InstanceModuleRelease;
  @Field(() => [ModuleUpdateOption], { description: 'Newest first.' }) options!: ModuleUpdateOption[];
  @Field(() => ModuleUpdateOption, {
    nullable: true,
    description: 'The update to offer: the newest startable stable one (beta only when no stable one is newer).',
  })
  recommended!: ModuleUpdateOption | null;
  @Field(() => InstanceModuleUpdate, { nullable: true }) inProgress!: InstanceModuleUpdate | null;
}

@ObjectType('InstanceModuleUpdateConnection')
export class InstanceModuleUpdateConnection extends ConnectionType(InstanceModuleUpdate, 'InstanceModuleUpdate') {}

@ArgsType()
export class InstanceModuleUpdatesArgs extends PageArgs {
  @Field(() => Int) instanceId!: number;
}

@InputType()
export class InstanceModuleUpdateStartInput {
  @Field(() => Int) instanceModuleId!: number;
  @Field(() => Int) toVersionId!: number;
  @Field(() => Boolean, { defaultValue: false, description: 'Required (true) for a breaking update.' }) confirmBreaking: boolean = false;
}

@InputType()
export class InstanceModuleUpdateReportInput {
  @Field(() => Int) updateId!: number;
  @Field(() => UpdateReportStatus) status!: UpdateReportStatus;
  @Field(() => String, { nullable: true, description: 'Required when failed.' }) @MaxLength(2000) errorMessage?: string | null;
}

@InputType()
export class InstanceModuleUpdateRollbackInput {
  @Field(() => Int) updateId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(500) reason?: string | null;
}

@ObjectType()
export class InstanceModuleUpdatePayload {
  @Field(() => InstanceModuleUpdate, { nullable: true }) update!: InstanceModuleUpdate | null;
  @Field(() => [UpdateError]) errors!: UserError[];
}
