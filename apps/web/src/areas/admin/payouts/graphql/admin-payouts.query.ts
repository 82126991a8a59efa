import { graphql } from '../../../../gql';

export const AdminPayoutsQuery = graphql(`
  query AdminPayouts($filter: AdminPayoutsFilter, $first: Int, $after: String) {
    adminPayouts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          vendorId
          vendorName
          month
          currency
          salesCount
          totalSales {
            amount
            currency
          }
          commission {
            amount
            currency
          }
          payout {
            amount
            currency
          }
          status
          paidAt
          paymentReference
        }
      }
    }
  }
`);
