import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength, Min, ValidateNested } from 'class-validator';
import { UserError } from '../../core/errors';
import { RefundError } from './refund.errors';
import { Money } from '../../core/scalars';

@ObjectType({ description: 'One refunded line of a credit note.' })
export class CreditNoteLine {
  @Field(() => Int, { nullable: true, description: 'The purchase the line refunds (null for a renewal).' }) purchaseId!: number | null;
  @Field(() => Int, { nullable: true }) licenseId!: number | null;
  @Field(() => String, { description: 'The receipt line ("CRM Pro — Monthly").' }) description!: string;
  @Field(() => Money, { description: 'Refunded on this line (tax included).' }) amount!: Money;
  @Field(() => Boolean, { description: 'With earlier credit notes, this receipt line is refunded in full (its license is revoked).' })
  isFull!: boolean;
}

@ObjectType({ description: "A line of a dependency cart's receipt, as a refund sees it: what was paid on it and what is left." })
export class ReceiptRefundLine {
  @Field(() => Int, { description: 'The purchase of this line (give it in AdminRefundLineInput).' }) purchaseId!: number;
  @Field(() => Int, { nullable: true }) licenseId!: number | null;
  @Field(() => String) description!: string;
  @Field(() => String) moduleName!: string;
  @Field(() => Money, { description: 'Paid on this line (tax included).' }) total!: Money;
  @Field(() => Money) refunded!: Money;
  @Field(() => Money) refundable!: Money;
}

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
  @Field(() => [CreditNoteLine], { description: 'What each refunded receipt line gave back (a cart refund: one per module refunded).' })
  lines!: CreditNoteLine[];
}

@InputType({ description: 'One line of a cart receipt to refund.' })
export class AdminRefundLineInput {
  @Field(() => Int, { description: 'The purchase of the line (Receipt.refundLines.purchaseId).' }) @Min(1) purchaseId!: number;
  @Field(() => String, {
    nullable: true,
    description: 'Exact amount ("12.50"); omitted: everything left on the line (its license is revoked).',
  })
  @IsOptional()
  @MaxLength(20)
  amount?: string | null;
}

@InputType()
export class AdminRefundCreateInput {
  @Field(() => Int, { description: 'The receipt (invoice) to refund: a purchase, upgrade or renewal charge.' }) @Min(1) invoiceId!: number;
  @Field(() => String, { nullable: true, description: 'Exact amount ("12.50"); omitted: everything left to refund (a full refund).' })
  @IsOptional()
  @MaxLength(20)
  amount?: string | null;
  @Field(() => String, { description: 'Shown in the license history and the audit log.' }) @MaxLength(500) reason!: string;
  @Field(() => [AdminRefundLineInput], {
    nullable: true,
    description:
      "A dependency cart's receipt: the lines to refund (required for a cart, refused for a receipt of one line; then leave `amount` empty).",
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  lines?: AdminRefundLineInput[] | null;
}

@ObjectType()
export class AdminRefundCreatePayload {
  @Field(() => CreditNote, { nullable: true }) creditNote!: CreditNote | null;
  @Field(() => [RefundError]) errors!: UserError[];
}
