import { graphql } from '../../../../gql';

export const EmailChangeMutation = graphql(`
  mutation EmailChange($input: EmailChangeInput!) {
    emailChange(input: $input) {
      ok
      message
      errors {
        code
        field
        message
      }
    }
  }
`);
