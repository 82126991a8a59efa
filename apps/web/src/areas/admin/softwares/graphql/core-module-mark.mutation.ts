import { graphql } from '../../../../gql';

export const CoreModuleMarkMutation = graphql(`
  mutation CoreModuleMark($input: CoreModuleMarkInput!) {
    coreModuleMark(input: $input) {
      coreModule {
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
