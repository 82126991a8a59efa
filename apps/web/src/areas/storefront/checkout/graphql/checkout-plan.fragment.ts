import { graphql } from '../../../../gql';

/** A plan offered at checkout (the module's own plans and each dependency's). */
export const CheckoutPlanFieldsFragment = graphql(`
  fragment CheckoutPlanFields on PlanRef {
    id
    name
    planType
    billingCycle
    price {
      ...MoneyFields
    }
    ratePerDay {
      ...MoneyFields
    }
    maxInstances
    maxUsers
    trialDays
  }
`);
