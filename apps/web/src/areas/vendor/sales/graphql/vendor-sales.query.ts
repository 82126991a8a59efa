import { graphql } from '../../../../gql';

export const VendorSalesQuery = graphql(`
  query VendorSales($vendorId: Int!, $first: Int, $after: String) {
    vendorSales(vendorId: $vendorId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          kind
          id
          soldAt
          moduleName
          planName
          buyerName
          gross {
            amount
            currency
          }
          commission {
            amount
            currency
          }
          net {
            amount
            currency
          }
        }
      }
    }
  }
`);
