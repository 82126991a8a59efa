import { graphql } from '../../../../gql';

export const ModuleContractCreateMutation = graphql(`
  mutation ModuleContractCreate($input: ModuleContractCreateInput!) {
    moduleContractCreate(input: $input) {
      contract {
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
