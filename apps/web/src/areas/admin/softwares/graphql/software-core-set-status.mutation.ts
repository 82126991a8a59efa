import { graphql } from '../../../../gql';

export const SoftwareCoreSetStatusMutation = graphql(`
  mutation SoftwareCoreSetStatus($input: SoftwareCoreSetStatusInput!) {
    softwareCoreSetStatus(input: $input) {
      core {
        id
        validationStatus
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
