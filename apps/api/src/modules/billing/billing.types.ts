import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { Money } from '../../core/scalars';

export enum BillingDocumentKind {
  PURCHASE = 'PURCHASE',
  RENEWAL = 'RENEWAL',
  CREDIT_NOTE = 'CREDIT_NOTE',
}
registerEnumType(BillingDocumentKind, {
  name: 'BillingDocumentKind',
  description: 'PURCHASE: an invoice of a purchase, trial start or plan upgrade; RENEWAL: an invoice of a renewal; CREDIT_NOTE: a refund.',
});

@ObjectType({ description: "One document of an organization's billing history: an invoice or a credit note." })
export class BillingDocument {
  @Field(() => String, { description: 'Stable id: "invoice:<id>" or "credit_note:<id>".' }) id!: string;
  @Field(() => BillingDocumentKind) kind!: BillingDocumentKind;
  @Field(() => String, { description: 'INV-<year>-<seq> or CN-<year>-<seq>.' }) number!: string;
  @Field(() => Date) issuedAt!: Date;
  @Field(() => String, { description: 'What it is for, e.g. "CRM Pro — Annual".' }) description!: string;
  @Field(() => Money, { description: 'Charged (positive) or refunded (negative), tax included.' }) amount!: Money;
  @Field(() => Money, { description: "The org's net total in this currency up to and including this document (oldest first)." })
  runningTotal!: Money;
  @Field(() => String, { nullable: true, description: 'For a credit note: the number of the invoice it credits.' })
  creditsInvoiceNumber!: string | null;
  @Field(() => String, { description: 'The PDF (same session and permission check as this query).' }) pdfUrl!: string;
}

@ObjectType('BillingDocumentConnection')
export class BillingDocumentConnection extends ConnectionType(BillingDocument, 'BillingDocument') {}

@ObjectType({ description: 'Totals of one currency over the whole billing history.' })
export class BillingTotal {
  @Field(() => String) currency!: string;
  @Field(() => Money, { description: 'Sum of invoices.' }) charged!: Money;
  @Field(() => Money, { description: 'Sum of credit notes (positive).' }) refunded!: Money;
  @Field(() => Money, { description: 'charged − refunded.' }) net!: Money;
  @Field(() => Int) documents!: number;
}

@ArgsType()
export class BillingHistoryArgs extends PageArgs {
  @Field(() => Int) orgId!: number;
}
