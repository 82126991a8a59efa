import { graphql } from '../../../../gql';

/** A completed purchase, for the confirmation page. */
export const CheckoutPurchaseQuery = graphql(`
  query CheckoutPurchase($id: Int!) {
    purchase(id: $id) {
      id
      orgId
      purchasedAt
      status
      kind
      trialEndsAt
      module {
        ...ModuleRefFields
      }
      plan {
        id
        name
        billingCycle
        planType
      }
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
      reverseCharge
      customDays
      couponCode
      referralCode
      paymentMethodLabel
      licenseId
      licenseKey
      receiptNumber
      receiptUrl
      cartLines {
        id
        module {
          id
          name
        }
        plan {
          id
          name
        }
        total {
          ...MoneyFields
        }
        licenseId
        licenseKey
      }
      receipt {
        id
        number
        lines {
          ...ReceiptLineFields
        }
        total {
          ...MoneyFields
        }
      }
    }
  }
`);
