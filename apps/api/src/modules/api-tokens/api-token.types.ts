import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { PublishingError } from '../publishing';

@ObjectType({ description: "A vendor's publishing token (the secret itself is shown only once, at creation)." })
export class VendorApiToken {
  @Field(() => Int) id!: number;
  vendorId!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The first characters of the token, to recognise it.' }) prefix!: string;
  @Field(() => [String]) scopes!: string[];
  createdById!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@InputType()
export class VendorApiTokenCreateInput {
  @Field(() => Int) vendorId!: number;
  @Field(() => String) @MaxLength(80) name!: string;
  @Field(() => Int, { nullable: true, description: 'Expires after this many days (1–730); omit for no expiry.' }) expiresInDays?:
    number | null;
}

@InputType()
export class VendorApiTokenIdInput {
  @Field(() => Int) tokenId!: number;
}

@ObjectType()
export class VendorApiTokenCreatePayload {
  @Field(() => VendorApiToken, { nullable: true }) token!: VendorApiToken | null;
  @Field(() => String, { nullable: true, description: 'The token itself (wkv_…). Shown only now: only its hash is stored.' }) secret!:
    string | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}

@ObjectType()
export class VendorApiTokenPayload {
  @Field(() => VendorApiToken, { nullable: true }) token!: VendorApiToken | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}
