import { graphql } from '../../../../gql';

export const InvitationDeclineMutation = graphql(`
  mutation InvitationDecline($token: String!) {
    teamInviteDecline(token: $token) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);
