import { graphql } from '../../../../gql';

export const ModuleVersionRestoreMutation = graphql(`
  mutation ModuleVersionRestore($input: ModuleVersionRestoreInput!) {
    moduleVersionRestore(input: $input) {
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
