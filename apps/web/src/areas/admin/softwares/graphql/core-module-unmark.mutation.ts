import { graphql } from '../../../../gql';

export const CoreModuleUnmarkMutation = graphql(`
  mutation CoreModuleUnmark($input: CoreModuleMarkInput!) {
    coreModuleUnmark(input: $input) {
      moduleId
      errors {
        code
        field
        message
      }
    }
  }
`);
