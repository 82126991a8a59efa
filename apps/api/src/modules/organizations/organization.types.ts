import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrgRole, Permission } from '@wk/db';

registerEnumType(OrgRole, { name: 'OrgRole' });
registerEnumType(Permission, { name: 'Permission' });

@ObjectType()
export class Organization {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 billing country.' }) billingCountry!: string;
  @Field(() => String, { nullable: true }) billingRegion!: string | null;
  @Field(() => String, { nullable: true }) taxId!: string | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: "The signed-in user's membership of an organization." })
export class Membership {
  @Field(() => Int) id!: number;
  orgId!: number;
  userId!: number;
  @Field(() => OrgRole) role!: OrgRole;
  @Field(() => [Permission], { description: 'Explicit permissions stored on the membership (empty: role defaults).' })
  permissions!: Permission[];
  @Field(() => Date) createdAt!: Date;
}
