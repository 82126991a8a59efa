import { graphql } from '../../../../gql';

export const PasswordResetRequestMutation = graphql(`
  mutation PasswordResetRequest($input: PasswordResetRequestInput!) {
    passwordResetRequest(input: $input) {
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
