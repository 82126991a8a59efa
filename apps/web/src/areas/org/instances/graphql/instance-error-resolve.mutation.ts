import { graphql } from '../../../../gql';

export const InstanceErrorResolveMutation = graphql(`
  mutation InstanceErrorResolve($input: InstanceErrorResolveInput!) {
    instanceErrorResolve(input: $input) {
      error {
        id
        resolved
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
