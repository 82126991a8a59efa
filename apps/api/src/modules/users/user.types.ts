import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PlatformRole } from '@wk/db';

registerEnumType(PlatformRole, { name: 'PlatformRole' });

@ObjectType({ description: 'A person. Email is only shown to the person, their org admins and platform admins.' })
export class User {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => PlatformRole) platformRole!: PlatformRole;
  @Field(() => Date) createdAt!: Date;
}
