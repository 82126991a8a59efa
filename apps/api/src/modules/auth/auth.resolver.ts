import { Arg, Authorized, Ctx, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@wk/db';
import type { Context } from '../../core/context';
import { Public } from '../../core/auth-checker';
import { effectivePermissions } from '../../core/permissions';
import { Membership, Organization } from '../organizations/organization.types';
import { User } from '../users/user.types';
import { Vendor } from '../vendors/vendor.types';
import { AuthPayload, SignInInput, SignOutPayload, SignUpInput } from './auth.types';
import * as auth from './auth.service';
import { vendorsManagedBy } from '../vendors/vendor-access';

@ObjectType({ description: 'The signed-in user, with what they may use.' })
export class Me extends User {}

@ObjectType()
export class MyMembership extends Membership {}

@Resolver(() => MyMembership)
export class MyMembershipResolver {
  @FieldResolver(() => Organization)
  async organization(@Root() m: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.organization.load(m.orgId);
  }

  @FieldResolver(() => [Permission], { description: 'What this membership may do (role defaults or explicit list, expanded).' })
  effectivePermissions(@Root() m: Membership): Permission[] {
    return [...effectivePermissions(m.role, m.permissions)];
  }
}

@Resolver(() => Me)
export class AuthResolver {
  @Public()
  @Query(() => Me, { nullable: true, description: 'The signed-in user, or null.' })
  me(@Ctx() ctx: Context) {
    return ctx.user ? ctx.loaders.user.load(ctx.user.id) : null;
  }

  @FieldResolver(() => [MyMembership])
  memberships(@Root() me: User, @Ctx() ctx: Context) {
    return ctx.loaders.membershipsByUser.load(me.id);
  }

  @FieldResolver(() => [Vendor], {
    description: 'Vendors this user may manage (owned, via an org they administer, or official ones for platform admins).',
  })
  vendors(@Root() me: User, @Ctx() ctx: Context) {
    return vendorsManagedBy(ctx, me.id);
  }

  @Public()
  @Mutation(() => AuthPayload)
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const r = await auth.signUp(ctx, input);
    return { user: r.user ? await ctx.loaders.user.load(r.user.id) : null, errors: r.errors };
  }

  @Public()
  @Mutation(() => AuthPayload)
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const r = await auth.signIn(ctx, input);
    return { user: r.user ? await ctx.loaders.user.load(r.user.id) : null, errors: r.errors };
  }

  @Authorized()
  @Mutation(() => SignOutPayload)
  async signOut(@Ctx() ctx: Context): Promise<SignOutPayload> {
    return { ok: await auth.signOut(ctx) };
  }
}
