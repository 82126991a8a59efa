import { graphql } from '../../../../gql';

export const ModuleVersionSubmitMutation = graphql(`
  mutation ModuleVersionSubmit($versionId: Int!) {
    moduleVersionSubmit(input: { versionId: $versionId }) {
      version {
        id
        stage
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
