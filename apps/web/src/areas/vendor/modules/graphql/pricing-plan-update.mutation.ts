import { graphql } from '../../../../gql';

export const PricingPlanUpdateMutation = graphql(`
  mutation PricingPlanUpdate($input: PricingPlanUpdateInput!) {
    pricingPlanUpdate(input: $input) {
      plan {
        id
        isActive
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
