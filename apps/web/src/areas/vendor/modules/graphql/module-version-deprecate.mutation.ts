import { graphql } from '../../../../gql';

export const ModuleVersionDeprecateMutation = graphql(`
  mutation ModuleVersionDeprecate($input: ModuleVersionDeprecateInput!) {
    moduleVersionDeprecate(input: $input) {
      version {
        id
        deprecatedAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
