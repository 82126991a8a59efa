import { graphql } from '../../../../gql';

export const ModuleCreateMutation = graphql(`
  mutation ModuleCreate($input: ModuleCreateInput!) {
    moduleCreate(input: $input) {
      module {
        id
        slug
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
