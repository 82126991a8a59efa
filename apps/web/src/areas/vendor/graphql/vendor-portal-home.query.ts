import { graphql } from '../../../gql';

export const VendorPortalHomeQuery = graphql(`
  query VendorPortalHome {
    me {
      id
      vendors {
        id
        name
        slug
        description
        website
        supportEmail
        isOfficial
        isVerified
        createdAt
      }
    }
  }
`);
