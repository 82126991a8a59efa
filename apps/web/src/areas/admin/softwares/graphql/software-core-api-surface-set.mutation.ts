import { graphql } from '../../../../gql';

export const SoftwareCoreApiSurfaceSetMutation = graphql(`
  mutation SoftwareCoreApiSurfaceSet($input: SoftwareCoreApiSurfaceSetInput!) {
    softwareCoreApiSurfaceSet(input: $input) {
      surface {
        coreId
        classes
        functions
        hooks
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
