import { graphql } from '../../../../gql';

export const PasswordChangeMutation = graphql(`
  mutation PasswordChange($input: PasswordChangeInput!) {
    passwordChange(input: $input) {
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
