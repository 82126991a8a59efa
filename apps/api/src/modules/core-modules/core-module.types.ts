import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Min } from 'class-validator';
import { UserError } from '../../core/errors';
import { CoreModuleError } from './core-module.errors';
import { InstanceModuleListing, InstanceModuleRelease } from '../instances';

@ObjectType({
  description: 'A module built into a software: always active on its instances, needs no license and cannot be deactivated.',
})
export class BuiltInModule {
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => InstanceModuleRelease, {
    nullable: true,
    description: 'The approved version that runs on this core (stable preferred); null when no approved version fits it.',
  })
  version!: InstanceModuleRelease | null;
  @Field(() => Date, { description: 'When platform admins made it core.' }) since!: Date;
}

@ObjectType({ description: 'A module marked core for a software, as platform admins see it.' })
export class AdminCoreModule {
  @Field(() => Int) id!: number;
  @Field(() => Int) softwareId!: number;
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => String, { description: 'Who marked it.' }) markedByName!: string;
  @Field(() => Date) markedAt!: Date;
}

@InputType()
export class CoreModuleMarkInput {
  @Field(() => Int) @Min(1) softwareId!: number;
  @Field(() => Int) @Min(1) moduleId!: number;
}

@ObjectType()
export class CoreModuleMarkPayload {
  @Field(() => AdminCoreModule, { nullable: true }) coreModule!: AdminCoreModule | null;
  @Field(() => [CoreModuleError]) errors!: UserError[];
}

@ObjectType()
export class CoreModuleUnmarkPayload {
  @Field(() => Int, { nullable: true, description: 'The module that is no longer core.' }) moduleId!: number | null;
  @Field(() => [CoreModuleError]) errors!: UserError[];
}
