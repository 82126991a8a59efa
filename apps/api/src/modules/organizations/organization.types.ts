import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { InviteStatus, OrgRole, Permission } from '@wk/db';
import { UserError } from '../../core/errors';
import { OrganizationError } from './organization.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';

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

// ───────────────────────────────────────────── organizations, members, invitations (issue 3)

registerEnumType(InviteStatus, {
  name: 'InviteStatus',
  description: 'pending → accepted | declined | revoked; a pending invite past its expiry is reported as expired.',
});

@ObjectType({ description: 'An ISO 3166-1 alpha-2 country.' })
export class Country {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
}

@ObjectType({
  description: 'A member of an organization. The e-mail is shown to the member, to members who may manage members, and to platform admins.',
})
export class OrgMember {
  @Field(() => Int, { description: 'The membership id.' }) id!: number;
  orgId!: number;
  @Field(() => Int) userId!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => OrgRole) role!: OrgRole;
  @Field(() => [Permission], { description: 'Explicit permission list (empty: the role defaults).' }) permissions!: Permission[];
  @Field(() => [Permission], { description: 'What the member may do (explicit list or role defaults, expanded).' })
  effectivePermissions!: Permission[];
  @Field(() => Boolean, { description: 'This is the signed-in user.' }) isYou!: boolean;
  @Field(() => Date) joinedAt!: Date;
}

export const OrgMemberConnection = ConnectionType(OrgMember, 'OrgMember');

@ObjectType({ description: 'An invitation to join an organization (seen by members who may manage members).' })
export class TeamInvite {
  @Field(() => Int) id!: number;
  orgId!: number;
  @Field(() => String) email!: string;
  @Field(() => OrgRole) role!: OrgRole;
  @Field(() => [Permission], { description: 'Explicit permissions granted on acceptance (empty: role defaults).' })
  permissions!: Permission[];
  @Field(() => InviteStatus, { description: 'Effective status (a pending invite past its expiry is expired).' }) status!: InviteStatus;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) respondedAt!: Date | null;
  @Field(() => String, { nullable: true }) invitedByName!: string | null;
}

export const TeamInviteConnection = ConnectionType(TeamInvite, 'TeamInvite');

@ObjectType({
  description:
    'What the holder of an invitation link may see: the organization, the role, the status. Never the invited e-mail of someone else.',
})
export class Invitation {
  @Field(() => String) organizationName!: string;
  @Field(() => OrgRole) role!: OrgRole;
  @Field(() => String, { nullable: true }) invitedByName!: string | null;
  @Field(() => InviteStatus) status!: InviteStatus;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Boolean, { description: 'The signed-in user is the invited person (their e-mail matches).' }) isForYou!: boolean;
  @Field(() => String, { nullable: true, description: 'The invited e-mail, only when it is the signed-in user’s.' }) email!: string | null;
  @Field(() => Boolean, { description: 'The signed-in user is already a member of the organization.' }) alreadyMember!: boolean;
}

@InputType()
export class OrganizationCreateInput {
  @Field(() => String) @MaxLength(200) name!: string;
  @Field(() => String, { description: 'URL name: 3–48 lowercase letters, digits and single hyphens; unique.' })
  @MaxLength(100)
  slug!: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country the organization is billed in (selects the tax rule).' })
  @MaxLength(10)
  billingCountry!: string;
  @Field(() => String, { nullable: true, description: 'State or region, for regional tax rules (e.g. CA).' })
  @IsOptional()
  @MaxLength(100)
  billingRegion?: string | null;
  @Field(() => String, { nullable: true, description: 'VAT or tax number, checked against the billing country’s format.' })
  @IsOptional()
  @MaxLength(40)
  taxId?: string | null;
}

@InputType({ description: 'Fields left out are unchanged; an empty string clears region or tax id.' })
export class OrganizationUpdateInput {
  @Field(() => Int) id!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10) billingCountry?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) billingRegion?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) taxId?: string | null;
}

@ObjectType()
export class OrganizationPayload {
  @Field(() => Organization, { nullable: true }) organization!: Organization | null;
  @Field(() => [OrganizationError]) errors!: UserError[];
}

@InputType()
export class TeamInviteCreateInput {
  @Field(() => Int) orgId!: number;
  @Field(() => String) @MaxLength(254) email!: string;
  @Field(() => OrgRole) role!: OrgRole;
  @Field(() => [Permission], { nullable: true, description: 'Explicit permissions instead of the role defaults.' })
  @IsOptional()
  permissions?: Permission[] | null;
}

@ObjectType()
export class TeamInviteCreatePayload {
  @Field(() => TeamInvite, { nullable: true }) invite!: TeamInvite | null;
  @Field(() => String, { nullable: true, description: 'The invitation link. Shown once: only a hash of its token is stored.' }) inviteUrl!:
    string | null;
  @Field(() => [OrganizationError]) errors!: UserError[];
}

@ObjectType()
export class TeamInvitePayload {
  @Field(() => TeamInvite, { nullable: true }) invite!: TeamInvite | null;
  @Field(() => [OrganizationError]) errors!: UserError[];
}

@ObjectType()
export class TeamInviteAcceptPayload {
  @Field(() => Organization, { nullable: true }) organization!: Organization | null;
  @Field(() => OrgMember, { nullable: true }) membership!: OrgMember | null;
  @Field(() => [OrganizationError]) errors!: UserError[];
}

@ObjectType()
export class TeamInviteDeclinePayload {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => [OrganizationError]) errors!: UserError[];
}

@InputType({
  description: 'Change a member’s role and/or explicit permissions. A role change without permissions resets them to the role defaults.',
})
export class MembershipUpdateInput {
  @Field(() => Int) membershipId!: number;
  @Field(() => OrgRole, { nullable: true }) @IsOptional() role?: OrgRole | null;
  @Field(() => [Permission], { nullable: true, description: 'Explicit permissions; [] = role defaults.' }) @IsOptional() permissions?:
    Permission[] | null;
}

@ObjectType()
export class MembershipPayload {
  @Field(() => OrgMember, { nullable: true }) member!: OrgMember | null;
  @Field(() => [OrganizationError]) errors!: UserError[];
}

@ObjectType()
export class MembershipRemovePayload {
  @Field(() => Int, { nullable: true }) removedMembershipId!: number | null;
  @Field(() => [OrganizationError]) errors!: UserError[];
}

@ArgsType()
export class OrgPageArgs extends PageArgs {
  @Field(() => Int) orgId!: number;
}

@ArgsType()
export class TeamInvitesArgs extends PageArgs {
  @Field(() => Int) orgId!: number;
  @Field(() => [InviteStatus], { nullable: true, description: 'Default: pending (including expired ones, reported as expired).' })
  @IsOptional()
  status?: InviteStatus[] | null;
}
