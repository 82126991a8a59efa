import { graphql } from '../../../../gql';

export const PricingPlanCreateMutation = graphql(`
  mutation PricingPlanCreate($input: PricingPlanCreateInput!) {
    pricingPlanCreate(input: $input) {
      plan {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
