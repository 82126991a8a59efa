import { graphql } from '../../../../gql';

export const AdminLicensesQuery = graphql(`
  query AdminLicenses($filter: AdminLicensesFilter, $first: Int, $after: String) {
    adminLicenses(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          id
          orgName
          licenseKey
          status
          expiresAt
          autoRenew
          module {
            id
            name
          }
          plan {
            id
            name
          }
          statusHistory {
            id
            newStatus
            reason
            changedAt
            changedByName
          }
        }
      }
    }
  }
`);
