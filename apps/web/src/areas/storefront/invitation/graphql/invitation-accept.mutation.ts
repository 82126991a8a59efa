import { graphql } from '../../../../gql';

export const InvitationAcceptMutation = graphql(`
  mutation InvitationAccept($token: String!) {
    teamInviteAccept(token: $token) {
      organization {
        id
        name
      }
      membership {
        id
        role
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
