import { graphql } from '../../../../gql';

export const ReviewRescanStartMutation = graphql(`
  mutation ReviewRescanStart($input: ReviewRescanStartInput!) {
    reviewRescanStart(input: $input) {
      rescan {
        ...ReviewRescanFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
