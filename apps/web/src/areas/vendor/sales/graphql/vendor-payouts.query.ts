import { graphql } from '../../../../gql';

export const VendorPayoutsQuery = graphql(`
  query VendorPayouts($vendorId: Int!, $first: Int) {
    vendorPayouts(vendorId: $vendorId, first: $first) {
      totalCount
      edges {
        node {
          id
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
