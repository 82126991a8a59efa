import { graphql } from '../../../../gql';

export const SoftwareCreateMutation = graphql(`
  mutation SoftwareCreate($input: SoftwareCreateInput!) {
    softwareCreate(input: $input) {
      software {
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
