import { graphql } from '../../../../gql';

export const ModuleVersionUpdateMutation = graphql(`
  mutation ModuleVersionUpdate($input: ModuleVersionUpdateInput!) {
    moduleVersionUpdate(input: $input) {
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
