import { graphql } from '../../../../gql';

export const LicenseReinstateMutation = graphql(`
  mutation LicenseReinstate($input: LicenseAdminActionInput!) {
    licenseReinstate(input: $input) {
      errors {
        code
        field
        message
      }
      license {
        id
        status
        autoRenew
      }
    }
  }
`);
