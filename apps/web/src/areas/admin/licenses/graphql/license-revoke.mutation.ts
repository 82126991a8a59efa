import { graphql } from '../../../../gql';

export const LicenseRevokeMutation = graphql(`
  mutation LicenseRevoke($input: LicenseAdminActionInput!) {
    licenseRevoke(input: $input) {
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
