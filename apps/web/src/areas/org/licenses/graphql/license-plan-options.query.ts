import { graphql } from '../../../../gql';

/** The module's plans on sale (public catalog data), to pick a new plan for a license. */
export const LicensePlanOptionsQuery = graphql(`
  query LicensePlanOptions($slug: String!) {
    module(slug: $slug) {
      id
      plans {
        id
        name
        planType
        billingCycle
        priceLabel
      }
    }
  }
`);
