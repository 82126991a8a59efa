import { Field, ObjectType } from 'type-graphql';
export { DateTimeResolver as DateTimeScalar, JSONResolver as JSONScalar } from 'graphql-scalars';

/** Exact money: a decimal string with two places (never a float) and an ISO currency. */
@ObjectType({ simpleResolvers: true })
export class Money {
  @Field(() => String, { description: 'Decimal string with exactly two places, e.g. "4500.00".' })
  amount!: string;

  @Field(() => String)
  currency!: string;
}

export function money(amount: { toFixed(n: number): string } | string | number | null | undefined, currency = 'USD'): Money {
  const m = new Money();
  m.amount =
    amount === null || amount === undefined
      ? '0.00'
      : typeof amount === 'string'
        ? Number.isNaN(Number(amount))
          ? '0.00'
          : amount.includes('.')
            ? amount
            : `${amount}.00`
        : typeof amount === 'number'
          ? amount.toFixed(2)
          : amount.toFixed(2);
  m.currency = currency;
  return m;
}
