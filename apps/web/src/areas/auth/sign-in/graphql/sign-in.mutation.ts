import { graphql } from '../../../../gql';

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
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
