import { graphql } from '../../../../gql';

export const ModuleUpdateMutation = graphql(`
  mutation ModuleUpdate($input: ModuleUpdateInput!) {
    moduleUpdate(input: $input) {
      module {
        id
        name
        type
        shortDescription
        description
        category
        iconUrl
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
