import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CoreValidationStatus } from '@wk/db';
import { MaxLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { AdminError } from '../admin';
import { JSONScalar } from '../../core/scalars';

registerEnumType(CoreValidationStatus, {
  name: 'CoreValidationStatus',
  description: 'Review state of a core release: pending → validated | rejected.',
});

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
