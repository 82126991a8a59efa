import { graphql } from '../../../../gql';

export const AdminVendorsQuery = graphql(`
  query AdminVendors($filter: AdminVendorsFilter, $first: Int, $after: String) {
    adminVendors(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          name
          slug
          isOfficial
          isVerified
          createdAt
          commissionRate
          moduleCount
          owner {
            kind
            userName
            userEmail
            orgName
          }
          commissionHistory {
            id
            commissionRate
            effectiveFrom
            effectiveTo
            changedByName
            changedAt
          }
        }
      }
    }
  }
`);
