import { graphql } from '../../../../gql';

/** A quote's breakdown as the order summary and each cart line show it: subtotal, coupon, tax, total. */
export const QuoteFieldsFragment = graphql(`
  fragment QuoteFields on Quote {
    couponCode
    taxName
    taxRate
    reverseCharge
    days
    subtotal {
      ...MoneyFields
    }
    discount {
      ...MoneyFields
    }
    tax {
      ...MoneyFields
    }
    total {
      ...MoneyFields
    }
  }
`);
