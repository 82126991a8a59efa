import { graphql } from '../../../../gql';

export const EmailVerifyMutation = graphql(`
  mutation EmailVerify($token: String!) {
    emailVerify(token: $token) {
      ok
      email
      errors {
        code
        field
        message
      }
    }
  }
`);
