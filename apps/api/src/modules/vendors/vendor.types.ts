import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { VendorError } from './vendor.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';

@ObjectType()
export class Vendor {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) supportEmail!: string | null;
  @Field(() => Boolean, { description: 'Run by the platform itself.' }) isOfficial!: boolean;
  @Field(() => Boolean, { description: 'Identity verified by platform admins.' }) isVerified!: boolean;
  userId!: number | null;
  orgId!: number | null;
  /** Column mirror of the current rate; the GraphQL field is computed from the history. */
  commissionRate?: unknown;
  @Field(() => Date) createdAt!: Date;
}

export enum VendorOwnerKind {
  USER = 'USER',
  ORGANIZATION = 'ORGANIZATION',
  PLATFORM = 'PLATFORM',
}
registerEnumType(VendorOwnerKind, {
  name: 'VendorOwnerKind',
  description: 'Who runs a vendor: a user, an organization (its admins), or the platform (official vendors).',
});

@ObjectType({ description: 'Who runs a vendor (visible to its members and platform admins).' })
export class VendorOwner {
  @Field(() => VendorOwnerKind) kind!: VendorOwnerKind;
  @Field(() => Int, { nullable: true }) userId!: number | null;
  @Field(() => String, { nullable: true }) userName!: string | null;
  @Field(() => String, { nullable: true }) userEmail!: string | null;
  @Field(() => Int, { nullable: true }) orgId!: number | null;
  @Field(() => String, { nullable: true }) orgName!: string | null;
}

@ObjectType({ description: 'One period of a vendor commission rate: [effectiveFrom, effectiveTo).' })
export class CommissionChange {
  @Field(() => Int) id!: number;
  @Field(() => Date) effectiveFrom!: Date;
  @Field(() => Date, { nullable: true, description: 'Exclusive end; null while it is the latest rate.' }) effectiveTo!: Date | null;
  @Field(() => String, { description: 'Fraction of the subtotal kept by the platform, e.g. "0.30".' }) commissionRate!: string;
  @Field(() => String, { nullable: true, description: 'Who set this rate (null: platform default).' }) changedByName!: string | null;
  @Field(() => Date) changedAt!: Date;
}

@InputType()
export class VendorCreateInput {
  @Field(() => String) @MaxLength(120) name!: string;
  @Field(() => String, { description: 'Lowercase letters, digits and single hyphens; unique; cannot change later.' })
  @MaxLength(64)
  slug!: string;
  @Field(() => String, { nullable: true }) @MaxLength(5000) description?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(500) website?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(254) supportEmail?: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Create the vendor for this organization (its admins run it). Omit for a personal vendor.',
  })
  orgId?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Official vendor run by the platform (platform admins only).' })
  official?: boolean | null;
}

@InputType()
export class VendorUpdateInput {
  @Field(() => Int) vendorId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(120) name?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(5000) description?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(500) website?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(254) supportEmail?: string | null;
}

@InputType()
export class VendorIdInput {
  @Field(() => Int) vendorId!: number;
}

@InputType()
export class VendorCommissionUpdateInput {
  @Field(() => Int) vendorId!: number;
  @Field(() => String, { description: 'New rate as a fraction between 0 and 1, e.g. "0.25".' }) @MaxLength(20) rate!: string;
  @Field(() => Date, { nullable: true, description: 'When the rate takes effect (default: now; never in the past).' })
  effectiveFrom?: Date | null;
}

@ObjectType()
export class VendorPayload {
  @Field(() => Vendor, { nullable: true }) vendor!: Vendor | null;
  @Field(() => [VendorError]) errors!: UserError[];
}

@InputType()
export class AdminVendorsFilter {
  @Field(() => String, { nullable: true, description: 'Matches name or slug.' }) @MaxLength(100) search?: string | null;
  @Field(() => Boolean, { nullable: true }) verified?: boolean | null;
  @Field(() => Boolean, { nullable: true }) official?: boolean | null;
}

@ArgsType()
export class AdminVendorsArgs extends PageArgs {
  @Field(() => AdminVendorsFilter, { nullable: true }) filter?: AdminVendorsFilter | null;
}

export const VendorConnection = ConnectionType(Vendor, 'Vendor');
