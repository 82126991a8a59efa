import { graphql } from '../../../../gql';

/** The live price breakdown (the same function the purchase uses). */
export const PurchaseQuoteQuery = graphql(`
  query PurchaseQuote($input: PurchaseQuoteInput!) {
    purchaseQuote(input: $input) {
      errors {
        code
        field
        message
      }
      cart {
        currency
        requiresPayment
        subtotal {
          amount
          currency
        }
        discount {
          amount
          currency
        }
        tax {
          amount
          currency
        }
        total {
          amount
          currency
        }
        lines {
          module {
            id
            name
          }
          plan {
            id
            name
          }
          quote {
            couponCode
            taxName
            taxRate
            reverseCharge
            days
            subtotal {
              amount
              currency
            }
            discount {
              amount
              currency
            }
            tax {
              amount
              currency
            }
            total {
              amount
              currency
            }
          }
        }
      }
      quote {
        currency
        subtotal {
          amount
          currency
        }
        discount {
          amount
          currency
        }
        tax {
          amount
          currency
        }
        total {
          amount
          currency
        }
        taxRate
        taxName
        reverseCharge
        reverseChargeNote
        days
        couponCode
        requiresPayment
        expiresAt
        renews
        trialDays
        trialEndsAt
        thenTotal {
          amount
          currency
        }
        trialSummary
        lines {
          description
          amount {
            amount
            currency
          }
        }
      }
    }
  }
`);
