import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { PayoutStatus } from '@wk/db';
import { UserError } from '../../core/errors';
import { PayoutError } from './payout.errors';
import { Money } from '../../core/scalars';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { registerEnumOnce } from '../licenses/register-enum';

registerEnumOnce(PayoutStatus, { name: 'PayoutStatus' });

@ObjectType({ description: "A vendor's payout for one month and currency: total sales, platform commission, amount paid out." })
export class VendorPayout {
  @Field(() => Int) id!: number;
  @Field(() => Int) vendorId!: number;
  @Field(() => String) vendorName!: string;
  @Field(() => Date) periodStart!: Date;
  @Field(() => Date, { description: 'Last instant of the period (inclusive).' }) periodEnd!: Date;
  @Field(() => String, { description: 'YYYY-MM' }) month!: string;
  @Field(() => String) currency!: string;
  @Field(() => Int) salesCount!: number;
  @Field(() => Money) totalSales!: Money;
  @Field(() => Money) commission!: Money;
  @Field(() => Money) payout!: Money;
  @Field(() => PayoutStatus) status!: PayoutStatus;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;
  @Field(() => String, { nullable: true }) paymentReference!: string | null;
  @Field(() => Date) createdAt!: Date;
}

export const VendorPayoutConnection = ConnectionType(VendorPayout, 'VendorPayout');

@InputType()
export class AdminPayoutsFilter {
  @Field(() => PayoutStatus, { nullable: true }) status?: PayoutStatus | null;
  @Field(() => Int, { nullable: true }) vendorId?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(2000) @Max(9999) year?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) @Max(12) month?: number | null;
}

@ArgsType()
export class AdminPayoutsArgs extends PageArgs {
  @Field(() => AdminPayoutsFilter, { nullable: true }) filter?: AdminPayoutsFilter | null;
}

@ArgsType()
export class VendorPayoutsArgs extends PageArgs {
  @Field(() => Int) vendorId!: number;
}

@InputType()
export class PayoutsGenerateInput {
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: '1–12' }) month!: number;
}

@ObjectType()
export class PayoutsGeneratePayload {
  @Field(() => [VendorPayout], { description: 'Every payout of the month after generation.' }) payouts!: VendorPayout[];
  @Field(() => Int) createdCount!: number;
  @Field(() => Int) updatedCount!: number;
  @Field(() => [PayoutError]) errors!: UserError[];
}

@InputType()
export class PayoutMarkPaidInput {
  @Field(() => Int) payoutId!: number;
  @Field(() => String, { description: 'Bank transfer or payment reference.' }) @MaxLength(100) paymentReference!: string;
}

@ObjectType()
export class PayoutMarkPaidPayload {
  @Field(() => VendorPayout, { nullable: true }) payout!: VendorPayout | null;
  @Field(() => [PayoutError]) errors!: UserError[];
}

@ObjectType({ description: "A sale of one of the vendor's modules: a purchase or a charged renewal." })
export class VendorSale {
  @Field(() => String, { description: 'purchase | renewal | refund (a credit note: negative amounts)' }) kind!: string;
  @Field(() => ID, {
    description: 'Globally unique id of the sale, "<kind>:<recordId>" (a purchase and a renewal may share a numeric id; this never does).',
  })
  id!: string;
  @Field(() => Int, { description: 'The id of the purchase or of the renewal (unique per kind only).' }) recordId!: number;
  @Field(() => Date) soldAt!: Date;
  @Field(() => Int) moduleId!: number;
  @Field(() => String) moduleName!: string;
  @Field(() => String) planName!: string;
  @Field(() => String, { description: 'The buying organization (name only).' }) buyerName!: string;
  @Field(() => Money, {
    description:
      'Subtotal of the sale before tax, less a vendor-funded discount (vendor coupon or referral code); a platform coupon does not lower it.',
  })
  gross!: Money;
  @Field(() => Money, { description: 'Platform commission.' }) commission!: Money;
  @Field(() => Money, { description: 'Paid to the vendor: gross − commission.' }) net!: Money;
}

export const VendorSaleConnection = ConnectionType(VendorSale, 'VendorSale');

@ArgsType()
export class VendorSalesArgs extends PageArgs {
  @Field(() => Int) vendorId!: number;
  @Field(() => Int, { nullable: true }) moduleId?: number | null;
}

@ObjectType({ description: 'One month of vendor revenue in one currency.' })
export class VendorRevenueMonth {
  @Field(() => String, { description: 'YYYY-MM' }) month!: string;
  @Field(() => String) currency!: string;
  @Field(() => Int) salesCount!: number;
  @Field(() => Money) gross!: Money;
  @Field(() => Money) commission!: Money;
  @Field(() => Money) net!: Money;
}
