import { graphql } from '../../../../gql';

export const ModuleVersionWithdrawMutation = graphql(`
  mutation ModuleVersionWithdraw($input: ModuleVersionWithdrawInput!) {
    moduleVersionWithdraw(input: $input) {
      version {
        id
        status
        withdrawnAt
        withdrawnReason
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
