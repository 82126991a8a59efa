import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrgRole, Permission } from '@wk/db';
import type { Context } from '../../core/context';
import { Public } from '../../core/auth-checker';
import { effectivePermissions } from '../../core/permissions';
import {
  Country,
  Invitation,
  MembershipPayload,
  MembershipRemovePayload,
  MembershipUpdateInput,
  Organization,
  OrganizationCreateInput,
  OrganizationPayload,
  OrganizationUpdateInput,
  OrgMemberConnection,
  OrgPageArgs,
  TeamInviteAcceptPayload,
  TeamInviteConnection,
  TeamInviteCreateInput,
  TeamInviteCreatePayload,
  TeamInviteDeclinePayload,
  TeamInvitePayload,
  TeamInvitesArgs,
} from './organization.types';
import * as invites from './invitation.service';
import * as members from './membership.service';
import * as orgs from './organization.service';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Public()
  @Query(() => [Country], { description: 'ISO 3166-1 countries (billing country choices).' })
  countries(): Country[] {
    return orgs.countries();
  }

  @Authorized()
  @Query(() => [Organization], { description: 'Organizations the signed-in user belongs to.' })
  myOrganizations(@Ctx() ctx: Context) {
    return orgs.myOrganizations(ctx);
  }

  @Authorized()
  @Query(() => Organization, { description: 'An organization of which the signed-in user is a member (NOT_FOUND otherwise).' })
  organization(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return orgs.organizationById(ctx, id);
  }

  @Authorized()
  @Query(() => OrgMemberConnection, { description: 'Members of an organization (any member may list them; e-mails need manage_members).' })
  organizationMembers(@Args(() => OrgPageArgs) args: OrgPageArgs, @Ctx() ctx: Context) {
    return members.listMembers(ctx, args);
  }

  @Authorized()
  @Query(() => TeamInviteConnection, { description: 'Invitations of an organization, newest first (manage_members).' })
  teamInvites(@Args(() => TeamInvitesArgs) args: TeamInvitesArgs, @Ctx() ctx: Context) {
    return invites.listInvites(ctx, args);
  }

  @Public()
  @Query(() => Invitation, { description: 'What an invitation link shows (organization, role, status). NOT_FOUND for an unknown token.' })
  invitation(@Arg('token', () => String) token: string, @Ctx() ctx: Context) {
    return invites.invitationByToken(ctx, token);
  }

  @Authorized()
  @Mutation(() => OrganizationPayload, { description: 'Create an organization; the creator becomes its admin.' })
  organizationCreate(@Arg('input', () => OrganizationCreateInput) input: OrganizationCreateInput, @Ctx() ctx: Context) {
    return orgs.createOrganization(ctx, input);
  }

  @Authorized()
  @Mutation(() => OrganizationPayload, { description: 'Change the name or billing identity (manage_billing).' })
  organizationUpdate(@Arg('input', () => OrganizationUpdateInput) input: OrganizationUpdateInput, @Ctx() ctx: Context) {
    return orgs.updateOrganization(ctx, input);
  }

  @Authorized()
  @Mutation(() => TeamInviteCreatePayload, {
    description: 'Invite someone by e-mail (manage_members). The link is returned once and e-mailed; it expires in 7 days.',
  })
  teamInviteCreate(@Arg('input', () => TeamInviteCreateInput) input: TeamInviteCreateInput, @Ctx() ctx: Context) {
    return invites.createInvite(ctx, input);
  }

  @Authorized()
  @Mutation(() => TeamInviteCreatePayload, {
    description: 'Issue a new link for a pending invitation (the previous link stops working) and e-mail it again.',
  })
  teamInviteResend(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return invites.resendInvite(ctx, id);
  }

  @Authorized()
  @Mutation(() => TeamInvitePayload, { description: 'Withdraw a pending invitation (manage_members).' })
  teamInviteRevoke(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return invites.revokeInvite(ctx, id);
  }

  @Authorized()
  @Mutation(() => TeamInviteAcceptPayload, {
    description: 'Join the organization with the invited role. The signed-in account must have the invited e-mail.',
  })
  teamInviteAccept(@Arg('token', () => String) token: string, @Ctx() ctx: Context) {
    return invites.acceptInvite(ctx, token);
  }

  @Authorized()
  @Mutation(() => TeamInviteDeclinePayload, { description: 'Decline an invitation addressed to the signed-in account.' })
  teamInviteDecline(@Arg('token', () => String) token: string, @Ctx() ctx: Context) {
    return invites.declineInvite(ctx, token);
  }

  @Authorized()
  @Mutation(() => MembershipPayload, {
    description: 'Change a member’s role or permissions (manage_members). The last admin cannot be demoted.',
  })
  membershipUpdate(@Arg('input', () => MembershipUpdateInput) input: MembershipUpdateInput, @Ctx() ctx: Context) {
    return members.updateMembership(ctx, input);
  }

  @Authorized()
  @Mutation(() => MembershipRemovePayload, {
    description: 'Remove a member (manage_members), or leave with your own membership id. The last admin cannot leave or be removed.',
  })
  membershipRemove(@Arg('membershipId', () => Int) membershipId: number, @Ctx() ctx: Context) {
    return members.removeMembership(ctx, membershipId);
  }

  @FieldResolver(() => OrgRole, { nullable: true, description: 'The signed-in user’s role here (null if not a member).' })
  async viewerRole(@Root() org: Organization, @Ctx() ctx: Context) {
    return (await orgs.viewerMembership(ctx, org.id))?.role ?? null;
  }

  @FieldResolver(() => [Permission], { description: 'What the signed-in user may do here (empty if not a member).' })
  async viewerPermissions(@Root() org: Organization, @Ctx() ctx: Context) {
    const m = await orgs.viewerMembership(ctx, org.id);
    return m ? [...effectivePermissions(m.role, m.permissions)] : [];
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Number of members (members and platform admins only).' })
  memberCount(@Root() org: Organization, @Ctx() ctx: Context) {
    return orgs.memberCount(ctx, org.id);
  }
}
