import { graphql } from '../../../../gql';

export const LicenseSuspendMutation = graphql(`
  mutation LicenseSuspend($input: LicenseAdminActionInput!) {
    licenseSuspend(input: $input) {
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
