import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { Matches, MaxLength, Min } from 'class-validator';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { UserError } from '../../core/errors';

@ObjectType({ description: 'A review of a module by a member of a customer organization.' })
export class ModuleReview {
  @Field(() => Int) id!: number;
  @Field(() => Int, { description: '1 to 5 stars.' }) rating!: number;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) body!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => String, { description: 'First name and last initial of the author (e.g. "Alice M."); never the e-mail.' })
  authorName!: string;
  @Field(() => String, { description: 'The organization the author reviewed for.' }) organizationName!: string;
}

export const ModuleReviewConnection = ConnectionType(ModuleReview, 'ModuleReview');

@ArgsType()
export class ModuleReviewsArgs extends PageArgs {
  @Field(() => String) @MaxLength(64) moduleSlug!: string;
}

@ObjectType({ description: "A module's rating summary after a review change (same shape as CatalogModule.ratingAverage/ratingCount)." })
export class ReviewedModule {
  @Field(() => Int) id!: number;
  @Field(() => String) slug!: string;
  @Field(() => Float, { nullable: true, description: 'Average review rating (1–5), two decimals.' }) ratingAverage!: number | null;
  @Field(() => Int) ratingCount!: number;
}

@InputType({ description: 'Create or replace your review of a module (one per user and module).' })
export class ModuleReviewUpsertInput {
  @Field(() => String) @MaxLength(64) @Matches(/^[a-z0-9-]+$/) moduleSlug!: string;
  @Field(() => Int, { description: 'The organization (a customer of the module) you review for; needs view_modules.' })
  @Min(1)
  orgId!: number;
  @Field(() => Int, { description: '1 to 5 (RATING_INVALID otherwise).' }) rating!: number;
  @Field(() => String, { nullable: true, description: 'At most 120 characters.' }) title?: string | null;
  @Field(() => String, { nullable: true, description: 'At most 4000 characters.' }) body?: string | null;
}

@ObjectType()
export class ModuleReviewUpsertPayload {
  @Field(() => ModuleReview, { nullable: true }) review!: ModuleReview | null;
  @Field(() => ReviewedModule, { nullable: true }) module!: ReviewedModule | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType()
export class ModuleReviewDeletePayload {
  @Field(() => Int, { nullable: true, description: 'Id of the deleted review.' }) deletedReviewId!: number | null;
  @Field(() => ReviewedModule, { nullable: true }) module!: ReviewedModule | null;
  @Field(() => [UserError]) errors!: UserError[];
}
