import { graphql } from '../../../gql';

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        id
        name
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
