import { graphql } from '../../../../gql';

/** Plans, the contract in force and payment methods to buy a module for an org. */
export const CheckoutOptionsQuery = graphql(`
  query CheckoutOptions($orgId: Int!, $moduleSlug: String!) {
    checkoutOptions(orgId: $orgId, moduleSlug: $moduleSlug) {
      module {
        ...ModuleRefFields
        iconUrl
      }
      plans {
        ...CheckoutPlanFields
      }
      contract {
        ...CheckoutContractFields
      }
      paymentMethods {
        id
        label
        brand
        last4
        kind
        description
      }
      billingCountry
      taxId
    }
  }
`);
