import { graphql } from '../../../../gql';

export const VersionFindingJustifyMutation = graphql(`
  mutation VersionFindingJustify($input: VersionFindingJustifyInput!) {
    versionFindingJustify(input: $input) {
      finding {
        id
        justification
        justificationSource
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
