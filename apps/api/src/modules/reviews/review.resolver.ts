import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { Public } from '../../core/auth-checker';
import { toPayload } from '../publishing';
import {
  ModuleReview,
  ModuleReviewConnection,
  ModuleReviewDeletePayload,
  ModuleReviewsArgs,
  ModuleReviewUpsertInput,
  ModuleReviewUpsertPayload,
  ModuleReviewReplyInput,
  ModuleReviewReplyPayload,
  ReviewEligibility,
  VendorReviewsArgs,
} from './review.types';
import * as reviews from './review.service';

@Resolver(() => ModuleReview)
export class ReviewResolver {
  @Public()
  @Query(() => ModuleReviewConnection, {
    description: 'Reviews of a catalog module, newest first. NOT_FOUND unless the module is in the catalog.',
  })
  moduleReviews(@Args(() => ModuleReviewsArgs) args: ModuleReviewsArgs, @Ctx() ctx: Context) {
    return reviews.listReviews(ctx, args);
  }

  @Authorized()
  @Mutation(() => ModuleReviewUpsertPayload, {
    description:
      'Create or replace your review of a module for a customer organization (view_modules; the org must hold or have held a license). Recomputes the rating.',
  })
  moduleReviewUpsert(
    @Arg('input', () => ModuleReviewUpsertInput) input: ModuleReviewUpsertInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleReviewUpsertPayload> {
    return toPayload(() => reviews.upsertReview(ctx, input), { review: null, module: null });
  }

  @Authorized()
  @Mutation(() => ModuleReviewDeletePayload, {
    description: 'Delete your review of a module (NOT_FOUND if you have none). Recomputes the rating.',
  })
  moduleReviewDelete(@Arg('moduleSlug', () => String) moduleSlug: string, @Ctx() ctx: Context): Promise<ModuleReviewDeletePayload> {
    return toPayload(() => reviews.deleteReview(ctx, moduleSlug), { deletedReviewId: null, module: null });
  }

  @Public()
  @Query(() => ReviewEligibility, {
    description: 'Whether you may review a catalog module (a member with view_modules of a customer organization), and why not.',
  })
  moduleReviewEligibility(@Arg('moduleSlug', () => String) moduleSlug: string, @Ctx() ctx: Context): Promise<ReviewEligibility> {
    return reviews.reviewEligibility(ctx, moduleSlug);
  }

  @Authorized()
  @Query(() => ModuleReviewConnection, {
    description: "Reviews of the vendor's own modules, newest first (vendor members; another vendor's → NOT_FOUND).",
  })
  vendorReviews(@Args(() => VendorReviewsArgs) args: VendorReviewsArgs, @Ctx() ctx: Context) {
    return reviews.vendorReviews(ctx, args);
  }

  @Authorized()
  @Mutation(() => ModuleReviewReplyPayload, {
    description: "Write or edit the vendor's one public reply to a review of its module (vendor members; others → NOT_FOUND).",
  })
  moduleReviewReply(
    @Arg('input', () => ModuleReviewReplyInput) input: ModuleReviewReplyInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleReviewReplyPayload> {
    return toPayload(() => reviews.replyToReview(ctx, input), { review: null });
  }
}
