import { Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../../core/scalars';

@ObjectType({ description: 'One printed line of a receipt (discounts are negative).' })
export class ReceiptLine {
  @Field(() => String) description!: string;
  @Field(() => Money) amount!: Money;
}

@ObjectType({ description: 'A receipt (invoice) of a purchase or a renewal. Visible to members with a billing permission.' })
export class Receipt {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'INV-<year>-<6-digit sequence>, unique.' }) number!: string;
  @Field(() => Int) orgId!: number;
  @Field(() => Int, { nullable: true }) purchaseId!: number | null;
  @Field(() => Int, { nullable: true }) renewalId!: number | null;
  @Field(() => Date) issuedAt!: Date;
  @Field(() => String) currency!: string;
  @Field(() => [ReceiptLine]) lines!: ReceiptLine[];
  @Field(() => Money) subtotal!: Money;
  @Field(() => Money) discount!: Money;
  @Field(() => Money) tax!: Money;
  @Field(() => Money) total!: Money;
  @Field(() => String, { nullable: true }) taxName!: string | null;
  @Field(() => String, { description: 'Rate applied, as a fraction ("0.20").' }) taxRate!: string;
  @Field(() => Boolean) reverseCharge!: boolean;
  @Field(() => [String], { description: 'Legal notes (the reverse-charge mention).' }) notes!: string[];
  @Field(() => String) billingName!: string;
  @Field(() => String, { nullable: true }) billingAddress!: string | null;
  @Field(() => String) billingCountry!: string;
  @Field(() => String, { nullable: true }) taxId!: string | null;
  @Field(() => String, { description: 'Printable HTML receipt (same session and permission check).' }) downloadUrl!: string;
}
