import { graphql } from '../../../../gql';

export const PasswordResetMutation = graphql(`
  mutation PasswordReset($input: PasswordResetInput!) {
    passwordReset(input: $input) {
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
