import { graphql } from '../../../../gql';

export const ValidationRejectMutation = graphql(`
  mutation ValidationReject($input: ValidationRejectInput!) {
    validationReject(input: $input) {
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
