import { graphql } from '../../../../gql';

/** What changing the plan would do: upgrade now with a prorated credit, or downgrade at the period end. */
export const LicensePlanChangePreviewQuery = graphql(`
  query LicensePlanChangePreview($licenseId: Int!, $planId: Int!) {
    licensePlanChangePreview(licenseId: $licenseId, planId: $planId) {
      errors {
        code
        field
        message
      }
      preview {
        kind
        appliesNow
        effectiveAt
        inTrial
        periodEnd
        fromPlan {
          id
          name
        }
        toPlan {
          id
          name
        }
        newPrice {
          ...MoneyFields
        }
        credit {
          ...MoneyFields
        }
        tax {
          ...MoneyFields
        }
        total {
          ...MoneyFields
        }
        lines {
          ...ReceiptLineFields
        }
      }
    }
  }
`);
