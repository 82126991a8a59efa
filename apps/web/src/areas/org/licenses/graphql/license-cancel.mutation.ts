import { graphql } from '../../../../gql';

export const LicenseCancelMutation = graphql(`
  mutation LicenseCancel($input: LicenseCancelInput!) {
    licenseCancel(input: $input) {
      errors {
        code
        field
        message
      }
      license {
        id
        status
        autoRenew
        cancelledAt
      }
    }
  }
`);
