import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, MaxLength, Min } from 'class-validator';
import { UserError } from '../../core/errors';
import { InstanceModuleRelease } from '../instances';
import { PermissionError } from './permission.errors';

@ObjectType({ description: 'A permission a module version asks for, with what it lets the module do.' })
export class ModulePermission {
  @Field(() => String, { description: 'Dotted code from the software vocabulary, e.g. "contacts.read".' }) code!: string;
  @Field(() => String, { description: 'What the permission lets the module do, as the software describes it.' }) description!: string;
}

@ObjectType({ description: "An entry of a software's permission vocabulary: what its modules may ask for." })
export class SoftwarePermission {
  @Field(() => Int) id!: number;
  @Field(() => Int) softwareId!: number;
  @Field(() => String) code!: string;
  @Field(() => String) description!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({ description: 'A vocabulary entry as platform admins see it, with how many versions declare it.' })
export class AdminSoftwarePermission extends SoftwarePermission {
  @Field(() => Int, { description: 'Versions (pending or approved) whose manifest declares it.' }) versionCount!: number;
}

@ObjectType({ description: "An org admin's consent to the permissions of a module version on one instance." })
export class PermissionConsent {
  @Field(() => Int) id!: number;
  @Field(() => Int) instanceId!: number;
  @Field(() => String) instanceName!: string;
  @Field(() => Int) moduleId!: number;
  @Field(() => String) moduleName!: string;
  @Field(() => Int) licenseId!: number;
  @Field(() => String) licenseKey!: string;
  @Field(() => InstanceModuleRelease, { description: 'The version whose permissions were consented to.' }) version!: InstanceModuleRelease;
  @Field(() => [ModulePermission], { description: 'Every permission the consent covers.' }) permissions!: ModulePermission[];
  @Field(() => String, { description: 'Who consented (name).' }) consentedByName!: string;
  @Field(() => Date) consentedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Set when the module was deactivated (a new activation asks again).' })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'What an update changes in the permissions a module holds on an instance.' })
export class PermissionChange {
  @Field(() => [ModulePermission], { description: 'Asked for by the new version and not consented to yet.' })
  added!: ModulePermission[];
  @Field(() => [ModulePermission], { description: 'Held by the installed version and no longer asked for.' })
  removed!: ModulePermission[];
  @Field(() => [ModulePermission], { description: 'Asked for by both.' }) kept!: ModulePermission[];
  @Field(() => Boolean, { description: 'An org admin must consent to `added` before the update can start.' })
  consentRequired!: boolean;
}

@InputType()
export class SoftwarePermissionCreateInput {
  @Field(() => Int) @Min(1) softwareId!: number;
  @Field(() => String, { description: 'Dotted lowercase code, e.g. "contacts.read".' }) @MaxLength(200) code!: string;
  @Field(() => String) @MaxLength(1000) description!: string;
}

@InputType()
export class SoftwarePermissionUpdateInput {
  @Field(() => Int) @Min(1) id!: number;
  @Field(() => String) @MaxLength(1000) description!: string;
}

@InputType()
export class SoftwarePermissionDeleteInput {
  @Field(() => Int) @Min(1) id!: number;
}

@ObjectType()
export class SoftwarePermissionPayload {
  @Field(() => AdminSoftwarePermission, { nullable: true }) permission!: AdminSoftwarePermission | null;
  @Field(() => [PermissionError]) errors!: UserError[];
}

@ObjectType()
export class SoftwarePermissionDeletePayload {
  @Field(() => Int, { nullable: true, description: 'The removed entry.' }) id!: number | null;
  @Field(() => [PermissionError]) errors!: UserError[];
}

@InputType()
export class InstanceModulePermissionsConsentInput {
  @Field(() => Int) @Min(1) instanceModuleId!: number;
  @Field(() => Int, { description: 'The version to update to, whose permissions are consented to.' }) @Min(1) moduleVersionId!: number;
  @Field(() => [String], { description: 'The permissions shown to the admin; must cover every permission of the version.' })
  @ArrayMaxSize(100)
  @MaxLength(200, { each: true })
  permissions!: string[];
}

@ObjectType()
export class InstanceModulePermissionsConsentPayload {
  @Field(() => PermissionConsent, { nullable: true }) consent!: PermissionConsent | null;
  @Field(() => [PermissionError]) errors!: UserError[];
}
