import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { Public } from '../../core/auth-checker';
import { toPayload } from '../publishing/payload';
import {
  ModuleReview,
  ModuleReviewConnection,
  ModuleReviewDeletePayload,
  ModuleReviewsArgs,
  ModuleReviewUpsertInput,
  ModuleReviewUpsertPayload,
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
}
