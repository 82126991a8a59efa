import { graphql } from '../../../../gql';

export const PricingPlanDeleteMutation = graphql(`
  mutation PricingPlanDelete($planId: Int!) {
    pricingPlanDelete(input: { planId: $planId }) {
      deletedPlanId
      deactivatedPlan {
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
