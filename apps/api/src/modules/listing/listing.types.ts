import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, MaxLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { ListingError } from './listing.errors';

@ObjectType({ description: 'A listing screenshot (re-encoded WebP), in the vendor’s order.' })
export class ModuleScreenshot {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => Int, { description: '1 = first.' }) position!: number;
  @Field(() => String, { description: 'Describes the image for people who cannot see it.' }) altText!: string;
  @Field(() => String, { description: 'Where the image is served (same origin).' }) url!: string;
  @Field(() => Int) width!: number;
  @Field(() => Int) height!: number;
}

@ObjectType({ description: 'How buyers reach the vendor about this module, and where its docs, source and privacy policy are.' })
export class ModuleSupport {
  @Field(() => String, { nullable: true, description: "The module's support e-mail, else the vendor's." }) email!: string | null;
  @Field(() => String, { nullable: true, description: 'Support site or help desk.' }) url!: string | null;
  @Field(() => String, { nullable: true }) documentationUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Source code repository.' }) sourceUrl!: string | null;
  @Field(() => String, { nullable: true }) issueTrackerUrl!: string | null;
  @Field(() => String, { nullable: true }) privacyPolicyUrl!: string | null;
}

@ObjectType({ description: "The links a vendor set on a module's listing (no fallbacks)." })
export class ModuleListingLinks {
  @Field(() => String, { nullable: true }) supportEmail!: string | null;
  @Field(() => String, { nullable: true }) supportUrl!: string | null;
  @Field(() => String, { nullable: true }) documentationUrl!: string | null;
  @Field(() => String, { nullable: true }) sourceUrl!: string | null;
  @Field(() => String, { nullable: true }) issueTrackerUrl!: string | null;
  @Field(() => String, { nullable: true }) privacyPolicyUrl!: string | null;
}

@InputType({ description: 'Every link of the listing at once: an empty or null value clears it.' })
export class ModuleListingLinksUpdateInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(254) supportEmail?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(1000) supportUrl?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(1000) documentationUrl?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(1000) sourceUrl?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(1000) issueTrackerUrl?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(1000) privacyPolicyUrl?: string | null;
}

@ObjectType()
export class ModuleListingLinksPayload {
  @Field(() => ModuleListingLinks, { nullable: true }) links!: ModuleListingLinks | null;
  @Field(() => [ListingError]) errors!: UserError[];
}

@InputType()
export class ModuleScreenshotUpdateInput {
  @Field(() => Int) screenshotId!: number;
  @Field(() => String, { description: '1 to 200 characters.' }) @MaxLength(2000) altText!: string;
}

@ObjectType()
export class ModuleScreenshotPayload {
  @Field(() => ModuleScreenshot, { nullable: true }) screenshot!: ModuleScreenshot | null;
  @Field(() => [ListingError]) errors!: UserError[];
}

@InputType({ description: 'The new order: every screenshot id of the module exactly once, first to last.' })
export class ModuleScreenshotsReorderInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => [Int]) @ArrayMaxSize(8) screenshotIds!: number[];
}

@ObjectType()
export class ModuleScreenshotsPayload {
  @Field(() => [ModuleScreenshot], { nullable: true }) screenshots!: ModuleScreenshot[] | null;
  @Field(() => [ListingError]) errors!: UserError[];
}

@InputType()
export class ModuleScreenshotDeleteInput {
  @Field(() => Int) screenshotId!: number;
}

@ObjectType()
export class ModuleScreenshotDeletePayload {
  @Field(() => Int, { nullable: true }) deletedScreenshotId!: number | null;
  @Field(() => [ListingError]) errors!: UserError[];
}
