import { graphql } from '../../../../gql';

export const TeamInviteCreateMutation = graphql(`
  mutation TeamInviteCreate($input: TeamInviteCreateInput!) {
    teamInviteCreate(input: $input) {
      inviteUrl
      invite {
        id
        email
        role
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
