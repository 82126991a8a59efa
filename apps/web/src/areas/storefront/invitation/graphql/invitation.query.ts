import { graphql } from '../../../../gql';

/** What an invitation link shows (public). */
export const InvitationQuery = graphql(`
  query Invitation($token: String!) {
    invitation(token: $token) {
      organizationName
      role
      invitedByName
      status
      expiresAt
      isForYou
      email
      alreadyMember
    }
  }
`);
