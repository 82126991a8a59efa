import { graphql } from '../../../../gql';

export const ValidationApproveMutation = graphql(`
  mutation ValidationApprove($input: ValidationApproveInput!) {
    validationApprove(input: $input) {
      submission {
        id
        status
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
