import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { Matches, MaxLength, Min } from 'class-validator';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { UserError } from '../../core/errors';
import { ReviewError } from './review.errors';

export enum ReviewSort {
  NEWEST = 'NEWEST',
  HIGHEST = 'HIGHEST',
  LOWEST = 'LOWEST',
}
registerEnumType(ReviewSort, {
  name: 'ReviewSort',
  description: 'NEWEST first; HIGHEST or LOWEST rating first (newest first among equal ratings).',
});

@ObjectType({ description: "The vendor's public reply to a review (one per review, editable)." })
export class ReviewVendorReply {
  @Field(() => String) body!: string;
  @Field(() => String, { description: 'The vendor (company) that replied.' }) vendorName!: string;
  @Field(() => Date) repliedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the reply was last edited (null if never).' }) editedAt!: Date | null;
}

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
  @Field(() => String) moduleSlug!: string;
  @Field(() => String) moduleName!: string;
  @Field(() => ReviewVendorReply, { nullable: true }) vendorReply!: ReviewVendorReply | null;
}

export const ModuleReviewConnection = ConnectionType(ModuleReview, 'ModuleReview');

@ArgsType()
export class ModuleReviewsArgs extends PageArgs {
  @Field(() => String) @MaxLength(64) moduleSlug!: string;
  @Field(() => ReviewSort, { defaultValue: ReviewSort.NEWEST }) sort: ReviewSort = ReviewSort.NEWEST;
}

@ArgsType()
export class VendorReviewsArgs extends PageArgs {
  @Field(() => Int) vendorId!: number;
  @Field(() => Int, { nullable: true }) @IsOptional() moduleId?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only reviews without a reply; false: only answered ones.' })
  @IsOptional()
  unanswered?: boolean | null;
}

@InputType({ description: "Write or edit the vendor's reply to a review of one of its modules." })
export class ModuleReviewReplyInput {
  @Field(() => Int) reviewId!: number;
  @Field(() => String, { description: '1 to 2000 characters.' }) body!: string;
}

@ObjectType()
export class ModuleReviewReplyPayload {
  @Field(() => ModuleReview, { nullable: true }) review!: ModuleReview | null;
  @Field(() => [ReviewError]) errors!: UserError[];
}

export enum ReviewIneligibleReason {
  SIGN_IN = 'SIGN_IN',
  NOT_A_CUSTOMER = 'NOT_A_CUSTOMER',
}
registerEnumType(ReviewIneligibleReason, { name: 'ReviewIneligibleReason' });

@ObjectType({ description: 'An organization the signed-in user may review a module for.' })
export class ReviewerOrganization {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
}

@ObjectType({ description: 'Whether the caller may review a module, and if not, why.' })
export class ReviewEligibility {
  @Field(() => Boolean) canReview!: boolean;
  @Field(() => ReviewIneligibleReason, { nullable: true }) reason!: ReviewIneligibleReason | null;
  @Field(() => String, { nullable: true, description: 'Why not, in words for the buyer.' }) message!: string | null;
  @Field(() => [ReviewerOrganization], {
    description: 'Customer organizations (holding or having held a license) where the caller has view_modules.',
  })
  organizations!: ReviewerOrganization[];
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
  @Field(() => [ReviewError]) errors!: UserError[];
}

@ObjectType()
export class ModuleReviewDeletePayload {
  @Field(() => Int, { nullable: true, description: 'Id of the deleted review.' }) deletedReviewId!: number | null;
  @Field(() => ReviewedModule, { nullable: true }) module!: ReviewedModule | null;
  @Field(() => [ReviewError]) errors!: UserError[];
}
