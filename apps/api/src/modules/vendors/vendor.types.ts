import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class Vendor {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) supportEmail!: string | null;
  @Field(() => Boolean, { description: 'Run by the platform itself.' }) isOfficial!: boolean;
  @Field(() => Boolean, { description: 'Identity verified by platform admins.' }) isVerified!: boolean;
  userId!: number | null;
  orgId!: number | null;
  @Field(() => Date) createdAt!: Date;
}
