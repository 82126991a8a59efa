import { graphql } from '../../../../gql';

/** Pending invitations (expired ones included, reported as expired). Needs manage_members. */
export const TeamInvitesQuery = graphql(`
  query TeamInvites($orgId: Int!) {
    teamInvites(orgId: $orgId, first: 100) {
      totalCount
      edges {
        node {
          id
          email
          role
          permissions
          status
          expiresAt
          createdAt
          invitedByName
        }
      }
    }
  }
`);
