import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { PaymentError } from './payment.errors';

@ObjectType({ description: 'A card stored for an organization: the provider id and what identifies it, never the number.' })
export class StoredPaymentMethod {
  @Field(() => String, { description: 'The provider’s id (pm_…).' }) id!: string;
  orgId!: number;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) last4!: string | null;
  @Field(() => Int, { nullable: true }) expMonth!: number | null;
  @Field(() => Int, { nullable: true }) expYear!: number | null;
  @Field(() => Boolean, { description: 'Renewals charge the default card.' }) isDefault!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@InputType({ description: 'Card details, sent to the payment provider to be tokenized; the marketplace keeps none of the number.' })
export class PaymentMethodAddInput {
  @Field(() => Int) orgId!: number;
  @Field(() => String, { description: 'Spaces and dashes are ignored.' }) @MaxLength(40) cardNumber!: string;
  @Field(() => Int) expMonth!: number;
  @Field(() => Int, { description: 'Four digits, e.g. 2030.' }) expYear!: number;
  @Field(() => String) @MaxLength(8) cvc!: string;
  @Field(() => Boolean, { nullable: true, description: 'Make it the default card (the first card always is).' })
  @IsOptional()
  makeDefault?: boolean | null;
}

@ObjectType()
export class PaymentMethodAddPayload {
  @Field(() => StoredPaymentMethod, { nullable: true }) paymentMethod!: StoredPaymentMethod | null;
  @Field(() => [PaymentError]) errors!: UserError[];
}

@InputType()
export class PaymentMethodIdInput {
  @Field(() => String) @MaxLength(100) paymentMethodId!: string;
}

@ObjectType()
export class PaymentMethodSetDefaultPayload {
  @Field(() => StoredPaymentMethod, { nullable: true }) paymentMethod!: StoredPaymentMethod | null;
  @Field(() => [PaymentError]) errors!: UserError[];
}

@ObjectType()
export class PaymentMethodRemovePayload {
  @Field(() => String, { nullable: true }) removedId!: string | null;
  @Field(() => [PaymentError]) errors!: UserError[];
}
