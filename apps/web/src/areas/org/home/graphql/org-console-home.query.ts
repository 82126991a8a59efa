import { graphql } from '../../../../gql';

export const OrgConsoleHomeQuery = graphql(`
  query OrgConsoleHome {
    me {
      id
      memberships {
        id
        role
        permissions
        effectivePermissions
        createdAt
        organization {
          id
          name
          slug
          billingCountry
          billingRegion
          createdAt
        }
      }
    }
  }
`);
