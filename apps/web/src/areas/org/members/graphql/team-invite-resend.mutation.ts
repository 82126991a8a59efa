import { graphql } from '../../../../gql';

export const TeamInviteResendMutation = graphql(`
  mutation TeamInviteResend($id: Int!) {
    teamInviteResend(id: $id) {
      inviteUrl
      invite {
        id
        email
        status
        expiresAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
