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
            ...QuoteFields
          }
        }
      }
      quote {
        ...QuoteFields
        currency
        reverseChargeNote
        requiresPayment
        expiresAt
        renews
        trialDays
        trialEndsAt
        thenTotal {
          ...MoneyFields
        }
        trialSummary
        lines {
          ...ReceiptLineFields
        }
      }
    }
  }
`);
