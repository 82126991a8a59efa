import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, MaxLength, Min } from 'class-validator';
import { UserError } from '../../core/errors';
import { RefundError } from './refund.errors';
import { Money } from '../../core/scalars';

@ObjectType({ description: 'A refund: credit note CN-<year>-<6 digits> against a receipt.' })
export class CreditNote {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'CN-<year>-<6-digit sequence>, gapless per year.' }) number!: string;
  @Field(() => Int) invoiceId!: number;
  @Field(() => String) receiptNumber!: string;
  @Field(() => Int, { nullable: true }) licenseId!: number | null;
  @Field(() => Date) issuedAt!: Date;
  @Field(() => Money, { description: 'Refunded to the buyer (tax included).' }) amount!: Money;
  @Field(() => Boolean, { description: 'With earlier credit notes, the whole receipt is refunded.' }) isFull!: boolean;
  @Field(() => String) reason!: string;
}

@InputType()
export class AdminRefundCreateInput {
  @Field(() => Int, { description: 'The receipt (invoice) to refund: a purchase, upgrade or renewal charge.' }) @Min(1) invoiceId!: number;
  @Field(() => String, { nullable: true, description: 'Exact amount ("12.50"); omitted: everything left to refund (a full refund).' })
  @IsOptional()
  @MaxLength(20)
  amount?: string | null;
  @Field(() => String, { description: 'Shown in the license history and the audit log.' }) @MaxLength(500) reason!: string;
}

@ObjectType()
export class AdminRefundCreatePayload {
  @Field(() => CreditNote, { nullable: true }) creditNote!: CreditNote | null;
  @Field(() => [RefundError]) errors!: UserError[];
}
