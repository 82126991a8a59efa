import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { toPayload } from '../publishing';
import {
  VendorApiToken,
  VendorApiTokenCreateInput,
  VendorApiTokenCreatePayload,
  VendorApiTokenIdInput,
  VendorApiTokenPayload,
} from './api-token.types';
import * as tokens from './api-token.service';

@Resolver(() => VendorApiToken)
export class VendorApiTokenResolver {
  @Authorized()
  @Query(() => [VendorApiToken], { description: "The vendor's publishing tokens (never the secrets), newest first." })
  vendorApiTokens(@Arg('vendorId', () => Int) vendorId: number, @Ctx() ctx: Context) {
    return tokens.listTokens(ctx, vendorId);
  }

  @Authorized()
  @Mutation(() => VendorApiTokenCreatePayload, { description: 'Create a publishing token for CI; the secret is returned once.' })
  vendorApiTokenCreate(
    @Arg('input', () => VendorApiTokenCreateInput) input: VendorApiTokenCreateInput,
    @Ctx() ctx: Context,
  ): Promise<VendorApiTokenCreatePayload> {
    return toPayload(() => tokens.createToken(ctx, input), { token: null, secret: null });
  }

  @Authorized()
  @Mutation(() => VendorApiTokenPayload, { description: 'Revoke a publishing token (it stops working at once).' })
  vendorApiTokenRevoke(
    @Arg('input', () => VendorApiTokenIdInput) input: VendorApiTokenIdInput,
    @Ctx() ctx: Context,
  ): Promise<VendorApiTokenPayload> {
    return toPayload(async () => ({ token: await tokens.revokeToken(ctx, input.tokenId) }), { token: null });
  }

  @FieldResolver(() => Boolean, { description: 'Not revoked and not expired.' })
  isActive(@Root() t: VendorApiToken, @Ctx() ctx: Context) {
    return !t.revokedAt && (!t.expiresAt || t.expiresAt.getTime() > ctx.clock.now().getTime());
  }

  @FieldResolver(() => String, { nullable: true })
  async createdByName(@Root() t: VendorApiToken, @Ctx() ctx: Context) {
    return (await ctx.loaders.user.load(t.createdById))?.name ?? null;
  }
}
