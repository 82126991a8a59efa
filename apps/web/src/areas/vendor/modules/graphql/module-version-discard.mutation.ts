import { graphql } from '../../../../gql';

export const ModuleVersionDiscardMutation = graphql(`
  mutation ModuleVersionDiscard($versionId: Int!) {
    moduleVersionDiscard(input: { versionId: $versionId }) {
      discardedVersionId
      errors {
        code
        field
        message
      }
    }
  }
`);
