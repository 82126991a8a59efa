import { graphql } from '../../../../gql';

export const LicenseChangePlanMutation = graphql(`
  mutation LicenseChangePlan($input: LicenseChangePlanInput!) {
    licenseChangePlan(input: $input) {
      errors {
        code
        field
        message
      }
      license {
        id
        expiresAt
      }
      planChange {
        id
        kind
        status
      }
      receipt {
        id
        number
        total {
          ...MoneyFields
        }
      }
    }
  }
`);
