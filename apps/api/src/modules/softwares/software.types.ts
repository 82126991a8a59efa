import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CoreValidationStatus } from '@wk/db';

registerEnumType(CoreValidationStatus, {
  name: 'CoreValidationStatus',
  description: 'Review state of a core release: pending → validated | rejected.',
});

@ObjectType({ simpleResolvers: true, description: 'A software that modules extend (Webkernel, or another registered platform).' })
export class Software {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { nullable: true }) namespace!: string | null;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A release of a software core (e.g. Webkernel Horizon 2.0.0).' })
export class SoftwareCore {
  @Field(() => Int) id!: number;
  softwareId!: number;
  @Field(() => String, { description: 'Release name, e.g. "Webkernel Horizon".' }) name!: string;
  @Field(() => String, { description: 'Semantic version of the core.' }) version!: string;
  @Field(() => CoreValidationStatus) validationStatus!: CoreValidationStatus;
  @Field(() => Date) createdAt!: Date;
}
