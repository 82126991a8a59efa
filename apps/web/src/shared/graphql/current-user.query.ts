import { graphql } from '../../gql';

/** The session: who is signed in and what they may use. Read it through `useSession()`. */
export const CurrentUserQuery = graphql(`
  query CurrentUser {
    me {
      id
      name
      email
      emailVerified
      pendingEmail
      platformRole
      memberships {
        id
        role
        permissions
        effectivePermissions
        organization {
          id
          name
          slug
        }
      }
      vendors {
        id
        name
        slug
        isOfficial
        isVerified
      }
    }
  }
`);
