import { graphql } from '../../../../gql';

export const AdminPayoutsQuery = graphql(`
  query AdminPayouts($filter: AdminPayoutsFilter, $first: Int, $after: String) {
    adminPayouts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
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
            ...MoneyFields
          }
          commission {
            ...MoneyFields
          }
          payout {
            ...MoneyFields
          }
          status
          paidAt
          paymentReference
        }
      }
    }
  }
`);
