import { Arg, Authorized, Ctx, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@wk/db';
import type { Context } from '../../core/context';
import { Public } from '../../core/auth-checker';
import { effectivePermissions } from '../../core/permissions';
import { Membership, Organization } from '../organizations';
import { User } from '../users';
import { Vendor } from '../vendors';
import {
  AccountPayload,
  AuthPayload,
  EmailChangeInput,
  EmailVerifyPayload,
  PasswordChangeInput,
  PasswordResetInput,
  PasswordResetRequestInput,
  SignInInput,
  SignOutPayload,
  SignUpInput,
  SignUpPayload,
} from './auth.types';
import * as account from './account.service';
import * as auth from './auth.service';
import { vendorsManagedBy } from '../vendors';

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

  @FieldResolver(() => Boolean, { description: 'The account e-mail is verified (needed before buying).' })
  emailVerified(@Root() me: User & { emailVerifiedAt?: Date | null }): boolean {
    return Boolean(me.emailVerifiedAt);
  }

  @FieldResolver(() => String, { nullable: true, description: 'A new address waiting for its verification link (e-mail change).' })
  pendingEmail(@Root() me: User, @Ctx() ctx: Context) {
    return account.pendingEmailOf(ctx, me.id);
  }

  @Public()
  @Mutation(() => SignUpPayload, {
    description:
      'Creates an unverified account and e-mails a verification link. Never says whether the e-mail is taken; no session starts.',
  })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<SignUpPayload> {
    return account.signUp(ctx, input);
  }

  @Public()
  @Mutation(() => EmailVerifyPayload, { description: 'Verifies the e-mail address of a link (single use, 24 h).' })
  async emailVerify(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<EmailVerifyPayload> {
    return account.verifyEmail(ctx, token.slice(0, 200));
  }

  @Authorized()
  @Mutation(() => AccountPayload, { description: 'Sends the verification link again (once a minute, five times an hour).' })
  async emailVerificationResend(@Ctx() ctx: Context): Promise<AccountPayload> {
    const r = await account.resendVerification(ctx);
    return { ...r, message: r.ok ? 'We sent a new link. Check your inbox.' : null };
  }

  @Public()
  @Mutation(() => AccountPayload, {
    description: 'E-mails a password reset link (1 h) when the address has an account. The same answer either way.',
  })
  async passwordResetRequest(
    @Arg('input', () => PasswordResetRequestInput) input: PasswordResetRequestInput,
    @Ctx() ctx: Context,
  ): Promise<AccountPayload> {
    const r = await account.requestPasswordReset(ctx, input.email);
    return { ...r, message: r.ok ? r.message : null };
  }

  @Public()
  @Mutation(() => AccountPayload, { description: 'Sets a new password from a reset link (single use). Every session of the user ends.' })
  async passwordReset(@Arg('input', () => PasswordResetInput) input: PasswordResetInput, @Ctx() ctx: Context): Promise<AccountPayload> {
    const r = await account.resetPassword(ctx, input.token, input.password);
    return { ...r, message: r.ok ? 'Your password was changed. Sign in with the new one.' : null };
  }

  @Authorized()
  @Mutation(() => AccountPayload, { description: 'Changes the password (asks the current one). Other sessions end.' })
  async passwordChange(@Arg('input', () => PasswordChangeInput) input: PasswordChangeInput, @Ctx() ctx: Context): Promise<AccountPayload> {
    const r = await account.changePassword(ctx, input);
    return { ...r, message: r.ok ? 'Your password was changed. Your other sessions were signed out.' : null };
  }

  @Authorized()
  @Mutation(() => AccountPayload, {
    description: 'Starts an e-mail change (asks the password): it takes effect when the new address is verified.',
  })
  async emailChange(@Arg('input', () => EmailChangeInput) input: EmailChangeInput, @Ctx() ctx: Context): Promise<AccountPayload> {
    return account.requestEmailChange(ctx, input);
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
