import { graphql } from '../../../../gql';

export const LicenseSetAutoRenewMutation = graphql(`
  mutation LicenseSetAutoRenew($input: LicenseSetAutoRenewInput!) {
    licenseSetAutoRenew(input: $input) {
      errors {
        code
        field
        message
      }
      license {
        id
        autoRenew
        cancelledAt
        paymentMethodLabel
      }
    }
  }
`);
