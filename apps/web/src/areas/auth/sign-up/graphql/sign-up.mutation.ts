import { graphql } from '../../../../gql';

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
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
