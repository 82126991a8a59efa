import { graphql } from '../../../../gql';

export const ModuleVersionCheckMutation = graphql(`
  mutation ModuleVersionCheck($input: ModuleVersionIdInput!) {
    moduleVersionCheck(input: $input) {
      version {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
